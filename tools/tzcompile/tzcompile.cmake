# The time zone compiler and the source it generates (core/time/compiled_zones.h).
# Included by the root CMakeLists.txt and by tests/fuzz/CMakeLists.txt. Sets TZ_COMPILED_CPP,
# the generated source the core library compiles in (never committed).
#
# Native (g++): builds
#   tz_reference  date's text-mode database over the expanded tzdata text (tz.cpp and its
#                 iostream parser) and the zone compiler (compile_zone): the compiler's
#                 front end, and the tests' reference
#   tzcompile     the compiler, run here to write TZ_COMPILED_CPP
# WebAssembly and the fuzz build (TZCOMPILE_FROM_NATIVE): a cross build cannot run what it
# compiles, so they run the native build's tzcompile (scripts/build.sh builds it first).
get_filename_component(TZ_ROOT ${CMAKE_CURRENT_LIST_DIR}/../.. ABSOLUTE)
set(TZ_COMPILED_CPP ${CMAKE_BINARY_DIR}/generated/tz_compiled.cpp)
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/generated)

if(EMSCRIPTEN OR TZCOMPILE_FROM_NATIVE)
  set(TZCOMPILE_EXECUTABLE ${TZ_ROOT}/build/native/tzcompile CACHE FILEPATH
      "the native build's time zone compiler")
  if(NOT EXISTS ${TZCOMPILE_EXECUTABLE})
    message(FATAL_ERROR "${TZCOMPILE_EXECUTABLE} is missing: this build runs the native time "
      "zone compiler. Build it first: BUILD_ONLY=tzcompile bash scripts/build.sh (or cmake "
      "--build build/native --target tzcompile), or point TZCOMPILE_EXECUTABLE at one.")
  endif()
  set(TZCOMPILE ${TZCOMPILE_EXECUTABLE})
else()
  # date's tz.cpp is not in Debian's binary package: scripts/fetch-date-src.sh extracts it
  # from the source package into .cache/date-src (never committed).
  set(DATE_SRC_DIR ${TZ_ROOT}/.cache/date-src CACHE PATH "folder holding date's tz.cpp")
  if(NOT EXISTS ${DATE_SRC_DIR}/tz.cpp)
    message(FATAL_ERROR "${DATE_SRC_DIR}/tz.cpp is missing: run scripts/bootstrap.sh")
  endif()
  # The machine's compact tzdata.zi, expanded into the text form date reads and embedded.
  set(TZDATA_ZI /usr/share/zoneinfo/tzdata.zi CACHE FILEPATH "compact IANA database (Debian tzdata)")
  find_program(NODE_EXECUTABLE node REQUIRED)
  set(TZDATA_CPP ${CMAKE_BINARY_DIR}/generated/tzdata_embedded.cpp)
  add_custom_command(OUTPUT ${TZDATA_CPP}
    COMMAND ${NODE_EXECUTABLE} ${TZ_ROOT}/scripts/expand-tzdata.mjs ${TZDATA_ZI} ${TZDATA_CPP}
    DEPENDS ${TZDATA_ZI} ${TZ_ROOT}/scripts/expand-tzdata.mjs VERBATIM)

  add_library(tz_reference STATIC
    ${TZ_ROOT}/tools/tzcompile/text_database.cpp ${TZ_ROOT}/tools/tzcompile/zone_periods.cpp
    ${TZ_ROOT}/tools/tzcompile/compile_zone.cpp ${DATE_SRC_DIR}/tz.cpp ${TZDATA_CPP})
  target_include_directories(tz_reference PUBLIC ${TZ_ROOT})
  target_include_directories(tz_reference SYSTEM PUBLIC ${THIRD_PARTY_INCLUDE} ${DATE_SRC_DIR})
  # Text-database mode of date/tz (USE_OS_TZDB=0): correct after 2037, unlike 3.0.1's
  # reader of compiled zoneinfo. No remote API (no curl), and INSTALL set so that tz.cpp
  # does not need wordexp; the data folder is chosen at run time with date::set_install.
  target_compile_definitions(tz_reference PUBLIC USE_OS_TZDB=0 HAS_REMOTE_API=0 AUTO_DOWNLOAD=0 INSTALL=.)
  set_source_files_properties(${DATE_SRC_DIR}/tz.cpp PROPERTIES COMPILE_OPTIONS "-w")

  add_executable(tzcompile ${TZ_ROOT}/tools/tzcompile/main.cpp ${TZ_ROOT}/tools/tzcompile/write_tables.cpp)
  target_link_libraries(tzcompile PRIVATE tz_reference)
  set(TZCOMPILE tzcompile)
endif()

add_custom_command(OUTPUT ${TZ_COMPILED_CPP}
  COMMAND ${TZCOMPILE} ${TZ_COMPILED_CPP}
  DEPENDS ${TZCOMPILE}
  COMMENT "Compiling the time zone database (tzcompile)" VERBATIM)
