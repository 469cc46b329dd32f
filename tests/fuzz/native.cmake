# Included by the root CMakeLists.txt (native build). The fuzzer needs clang, not the g++ of
# this build, so it is its own project (tests/fuzz/CMakeLists.txt) driven by
# scripts/fuzz.sh; `cmake --build build/native --target fuzz` runs that script.
add_custom_target(fuzz
  COMMAND bash ${CMAKE_SOURCE_DIR}/scripts/fuzz.sh
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
  USES_TERMINAL
  COMMENT "libFuzzer run over catalog parsing and instance validation (scripts/fuzz.sh)")
