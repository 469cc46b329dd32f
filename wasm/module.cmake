# The WebAssembly modules, linked against the same core:
#   connector_wasm  the package's module: every wasm/bindings/*.cpp -> connector.wasm
#   time_wasm       the time-only module: the time bindings and the module-wide ones
#                   -> connector-time.wasm (the entry connector-instances/time)
# No embind (--bind): every export is a plain C function of numbers, texts crossing through
# memory (wasm/bindings/text_calls.h). embind registered its types and functions as the
# module started, in cold JS, and put an invoker between the host and each call. Nor
# Emscripten's JavaScript glue: emcc writes one next to each binary (connector.mjs,
# connector-time.mjs), and the facade does not use it. A module imports two functions
# (memory growth and abort), which wasm/js/runtime.mjs gives it.
set(WASM_LINK_OPTIONS
  # catalogs and batches vary in size; growth is cheap with wasm memory
  -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=16MB
  # 64-bit integers would cross as BigInt, with no legalizing stubs around an export
  -sWASM_BIGINT=1
  # The link itself at -O1: emcc then runs no Binaryen optimiser, and the binary is
  # optimised after the link instead (below). The last -O on the line wins over the -O2
  # of CMAKE_CXX_FLAGS_RELEASE.
  -O1
)

# Binaryen's optimiser after the link, for size. The per-file flags (wasm/code_size.cmake)
# already decided how much each file of the core inlines; what Binaryen adds at -O2 (more
# inlining of small functions, code duplicated to remove branches) made the module 13 KB
# larger and measured no faster (validation, formatting, parsing in interleaved runs).
# A function called from one place only is inlined there when it is small (25 at most in
# Binaryen's measure; by default any size): a large function inlined into its caller
# compresses worse than the two apart. Any function of at most 4 is inlined everywhere
# (Binaryen's default is 2). Both limits were measured on the binary as shipped, functions
# reordered: 25 and 4 made it 2.2 KB smaller gzipped than 50 and 3 (10, 15, 20, 30 and 80;
# 2, 3, 5 and 6 were larger), the same speed.
# emcc cannot be asked for -Oz here: with a shrink level it also renames the exports and
# imports to one or two letters, which the facade calls by name. These are the passes emcc
# runs at -O2 (the same binary byte for byte with -O2 in place of -Oz), and
# scripts/wasm-size-table.mjs reads them from wasm-opt-flags.txt to measure the same code.
find_program(WASM_OPT_EXECUTABLE wasm-opt REQUIRED)
set(WASM_OPT_FLAGS --strip-dwarf --post-emscripten -Oz --converge
  --one-caller-inline-max-function-size=25 --always-inline-max-function-size=4
  --low-memory-unused
  --zero-filled-memory --strip-producers
  --mvp-features --enable-nontrapping-float-to-int --enable-bulk-memory --enable-sign-ext)
string(REPLACE ";" " " WASM_OPT_FLAGS_TEXT "${WASM_OPT_FLAGS}")
# written only when the flags change (configure_file compares), and a dependency of the
# links: changed flags relink the modules, so the passes run again
file(WRITE ${CMAKE_BINARY_DIR}/wasm-opt-flags.txt.new "${WASM_OPT_FLAGS_TEXT}\n")
configure_file(${CMAKE_BINARY_DIR}/wasm-opt-flags.txt.new ${CMAKE_BINARY_DIR}/wasm-opt-flags.txt COPYONLY)
# Then the functions are put in the order gzip compresses best (scripts/wasm-order-functions.mjs).
find_program(NODE_EXECUTABLE node REQUIRED)
set(WASM_ORDER_FUNCTIONS ${CMAKE_SOURCE_DIR}/scripts/wasm-order-functions.mjs)
function(optimise_wasm_after_link target binary)
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${CMAKE_BINARY_DIR}/wasm-opt-flags.txt
    ${WASM_ORDER_FUNCTIONS} ${CMAKE_SOURCE_DIR}/scripts/wasm-binary.mjs)
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${WASM_OPT_EXECUTABLE} ${WASM_OPT_FLAGS} --strip-debug ${binary} -o ${binary}
    COMMAND ${NODE_EXECUTABLE} ${WASM_ORDER_FUNCTIONS} ${binary}
    WORKING_DIRECTORY ${CMAKE_BINARY_DIR} VERBATIM)
endfunction()

file(GLOB WASM_BINDING_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/wasm/bindings/*.cpp)
add_executable(connector_wasm ${WASM_BINDING_SOURCES})
# The core's objects in CORE_SOURCES' order (hot first, wasm/code_size.cmake) rather than
# libcore.a, so that templates shared with -Oz objects keep their -O2 copies.
target_sources(connector_wasm PRIVATE $<TARGET_OBJECTS:core>)
target_include_directories(connector_wasm PRIVATE $<TARGET_PROPERTY:core,INTERFACE_INCLUDE_DIRECTORIES>)
add_dependencies(connector_wasm core)
set_target_properties(connector_wasm PROPERTIES OUTPUT_NAME connector SUFFIX ".mjs")
target_link_options(connector_wasm PRIVATE ${WASM_LINK_OPTIONS})
optimise_wasm_after_link(connector_wasm connector.wasm)

# The archive here: the linker takes only the objects the time bindings reach (the time
# core, its JSON answers, the tz tables), and the archive lists hot objects first.
add_executable(time_wasm ${CMAKE_SOURCE_DIR}/wasm/bindings/time.cpp ${CMAKE_SOURCE_DIR}/wasm/bindings/module.cpp
  ${CMAKE_SOURCE_DIR}/wasm/bindings/text_calls.cpp)
target_link_libraries(time_wasm PRIVATE core)
set_target_properties(time_wasm PROPERTIES OUTPUT_NAME connector-time SUFFIX ".mjs")
target_link_options(time_wasm PRIVATE ${WASM_LINK_OPTIONS})
optimise_wasm_after_link(time_wasm connector-time.wasm)
