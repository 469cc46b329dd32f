# The constants the JS facade shares with the core (core/api/js_constants.h), generated as
# an ES module when the module is built. Included by the root CMakeLists.txt after `core`.
#
# Native: builds `jsconstants`, a small program over the core library that writes them.
# WebAssembly: a cross build cannot run what it compiles, so it runs the native build's
# jsconstants (scripts/build.sh builds it first, as it builds tzcompile) and writes
# build/wasm/constants.mjs, which scripts/assemble-dist.mjs copies into dist/ next to the
# facade. The file is never committed: it is made from the same sources as the module.
if(EMSCRIPTEN)
  set(JSCONSTANTS_EXECUTABLE ${CMAKE_SOURCE_DIR}/build/native/jsconstants CACHE FILEPATH
      "the native build's generator of wasm constants.mjs")
  if(NOT EXISTS ${JSCONSTANTS_EXECUTABLE})
    message(FATAL_ERROR "${JSCONSTANTS_EXECUTABLE} is missing: this build runs the native "
      "generator of constants.mjs. Build it first: BUILD_ONLY=wasm bash scripts/build.sh (or "
      "cmake --build build/native --target jsconstants), or point JSCONSTANTS_EXECUTABLE at one.")
  endif()
  set(JS_CONSTANTS_MJS ${CMAKE_BINARY_DIR}/constants.mjs)
  add_custom_command(OUTPUT ${JS_CONSTANTS_MJS}
    COMMAND ${JSCONSTANTS_EXECUTABLE} ${JS_CONSTANTS_MJS}
    DEPENDS ${JSCONSTANTS_EXECUTABLE}
    COMMENT "Writing the facade's constants (jsconstants)" VERBATIM)
  add_custom_target(js_constants ALL DEPENDS ${JS_CONSTANTS_MJS})
else()
  add_executable(jsconstants ${CMAKE_CURRENT_LIST_DIR}/main.cpp)
  target_link_libraries(jsconstants PRIVATE core)
endif()
