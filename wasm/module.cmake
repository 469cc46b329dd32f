# The embind modules, linked against the same core:
#   connector_wasm  the package's module: every wasm/bindings/*.cpp -> connector.mjs + .wasm
#   time_wasm       the time-only module: the time bindings and the module-wide ones
#                   -> connector-time.mjs + .wasm (the entry connector-instances/time)
# No embind (--bind): every export is a plain C function of numbers, texts crossing through
# memory (wasm/bindings/text_calls.h). embind registered its types and functions as the
# module started, in cold JS, and put an invoker between the host and each call.
set(WASM_LINK_OPTIONS
  # one ES module factory, usable by Node (import) and browsers (no bundler needed)
  -sMODULARIZE=1 -sEXPORT_ES6=1
  # The glue beside a .wasm. dist/index.mjs instantiates the .wasm for the glue
  # (Module.instantiateWasm): browsers compile it while it downloads; Node, where 3.1.6's
  # glue would fetch() a file path, reads the file. The web,worker glue runs in Node too
  # and installs no process handlers (EXPORT_ES6 breaks on __dirname with
  # ENVIRONMENT=node). Why not SINGLE_FILE (base64 inside the .mjs, as before): +23%
  # gzipped and a slow decode at load, measured in docs/build.md.
  -sENVIRONMENT=web,worker
  # catalogs and batches vary in size; growth is cheap with wasm memory
  -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=16MB
  # int64_t crosses as BigInt instead of failing with UnboundTypeError
  -sWASM_BIGINT=1
  # wasm/js/loader.mjs instantiates the binary itself (instantiateWasm); wasmBinary and
  # locateFile stay for hosts that load the glue without the facade
  -sINCOMING_MODULE_JS_API=[instantiateWasm,wasmBinary,locateFile,print,printErr]
  # no eval/new Function in the glue: the page runs under script-src 'self'
  # 'wasm-unsafe-eval', without 'unsafe-eval'
  -sDYNAMIC_EXECUTION=0
)

file(GLOB WASM_BINDING_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/wasm/bindings/*.cpp)
add_executable(connector_wasm ${WASM_BINDING_SOURCES})
# The core's objects in CORE_SOURCES' order (hot first, wasm/code_size.cmake) rather than
# libcore.a, so that templates shared with -Oz objects keep their -O2 copies.
target_sources(connector_wasm PRIVATE $<TARGET_OBJECTS:core>)
target_include_directories(connector_wasm PRIVATE $<TARGET_PROPERTY:core,INTERFACE_INCLUDE_DIRECTORIES>)
add_dependencies(connector_wasm core)
set_target_properties(connector_wasm PROPERTIES OUTPUT_NAME connector SUFFIX ".mjs")
target_link_options(connector_wasm PRIVATE ${WASM_LINK_OPTIONS} -sEXPORT_NAME=createConnectorModule)

# The archive here: the linker takes only the objects the time bindings reach (the time
# core, its JSON answers, the tz tables), and the archive lists hot objects first.
add_executable(time_wasm ${CMAKE_SOURCE_DIR}/wasm/bindings/time.cpp ${CMAKE_SOURCE_DIR}/wasm/bindings/module.cpp
  ${CMAKE_SOURCE_DIR}/wasm/bindings/text_calls.cpp)
target_link_libraries(time_wasm PRIVATE core)
set_target_properties(time_wasm PROPERTIES OUTPUT_NAME connector-time SUFFIX ".mjs")
target_link_options(time_wasm PRIVATE ${WASM_LINK_OPTIONS} -sEXPORT_NAME=createTimeModule)
