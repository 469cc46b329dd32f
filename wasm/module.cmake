# The embind module: every wasm/bindings/*.cpp, linked against the same core library.
file(GLOB WASM_BINDING_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/wasm/bindings/*.cpp)
add_executable(connector_wasm ${WASM_BINDING_SOURCES})
# The core's objects in CORE_SOURCES' order (hot first, wasm/code_size.cmake) rather than
# libcore.a, so that templates shared with -Oz objects keep their -O2 copies.
target_sources(connector_wasm PRIVATE $<TARGET_OBJECTS:core>)
target_include_directories(connector_wasm PRIVATE $<TARGET_PROPERTY:core,INTERFACE_INCLUDE_DIRECTORIES>)
add_dependencies(connector_wasm core)
set_target_properties(connector_wasm PROPERTIES OUTPUT_NAME connector SUFFIX ".mjs")
target_link_options(connector_wasm PRIVATE
  --bind
  # one ES module factory, usable by Node (import) and browsers (no bundler needed)
  -sMODULARIZE=1 -sEXPORT_ES6=1 -sEXPORT_NAME=createConnectorModule
  # connector.mjs + connector.wasm next to it. dist/index.mjs instantiates the .wasm for the
  # glue (Module.instantiateWasm): browsers compile it while it downloads; Node, where
  # 3.1.6's glue would fetch() a file path, reads the file. The web,worker glue runs in Node
  # too and installs no process handlers (EXPORT_ES6 breaks on __dirname with
  # ENVIRONMENT=node). Why not SINGLE_FILE
  # (base64 inside the .mjs, as before): +23% gzipped and a slow decode at load, measured in
  # docs/build.md.
  -sENVIRONMENT=web,worker
  # catalogs and batches vary in size; growth is cheap with wasm memory
  -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=16MB
  # int64_t crosses as BigInt instead of failing with UnboundTypeError
  -sWASM_BIGINT=1
  # wasm/js/index.mjs instantiates the binary itself (instantiateWasm); wasmBinary and
  # locateFile stay for hosts that load connector.mjs without the facade
  -sINCOMING_MODULE_JS_API=[instantiateWasm,wasmBinary,locateFile,print,printErr]
  # no eval/new Function in the glue (embind builds its invokers without them): the page
  # runs under script-src 'self' 'wasm-unsafe-eval', without 'unsafe-eval'
  -sDYNAMIC_EXECUTION=0
)
