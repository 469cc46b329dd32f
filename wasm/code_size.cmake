# Code size and speed of the WebAssembly module. Included by the root CMakeLists.txt for the
# wasm build only, before the core library is declared; the native build keeps -O2
# everywhere. Measured with scripts/wasm-size-table.mjs and `npm run bench` (docs/build.md).
#
# 1. libc++'s templates are compiled here, not taken from the prebuilt library. Debian's
#    Emscripten ships libc++ compiled without inlining (its basic_string::push_back calls
#    __is_long() and size() as functions), and libc++ declares basic_string<char> and a few
#    others as extern templates, so every string operation of the core would run that code.
#    Instantiated in our own objects, they are inlined at our level: validating an instance
#    took 41 µs and takes 28 µs.
add_compile_options(-D_LIBCPP_DISABLE_EXTERN_TEMPLATE)

# 2. Hot code keeps -O2; the rest is compiled for size (-Oz). Hot is what runs per call in a
#    loop or per request: formatting and parsing dates, zone lookups, the scheduler, and the
#    path of validateInstance (validation, values, the pattern engine, the JSON reader and
#    the validation entry points with the catalogs' handles). Loading definitions, the
#    wizard, certificates and the other answers run once per user action.
set(CODE_SIZE_HOT_FOLDERS time schedule validation values pattern common)
set(CODE_SIZE_HOT_FILES
  core/api/instance_api.cpp core/api/catalog_handles.cpp core/api/entry_arguments.cpp
  core/api/time_hot_paths.cpp core/catalog/rate_limit.cpp
  core/catalog/secrets.cpp core/catalog/auth_method.cpp core/catalog/connector.cpp)
# Files of hot folders that run only for a problem to report (messages, pointers, error
# answers) or once per user action (reading definitions and pools as text, a certificate's
# base64, a Retry-After header). Not the picker's zone list: at -Oz the module is 1.1 KB
# smaller gzipped, but its first call in Chromium (on the way to a first paint) took 7-8 ms
# instead of 4-6.
set(CODE_SIZE_COLD_FILES
  core/values/messages.cpp core/common/strict_json.cpp core/common/boundary.cpp
  core/common/json_pointer.cpp core/common/problem.cpp core/common/version.cpp
  core/pattern/parser.cpp core/pattern/pattern.cpp core/validation/laravel.cpp
  core/time/zone_suggestion.cpp core/time/php_format.cpp
  core/common/base64.cpp core/common/json_document_values.cpp core/schedule/retry_after.cpp)
set(CODE_SIZE_HOT_SOURCES)
set(CODE_SIZE_COLD_SOURCES)
foreach(source ${CORE_SOURCES})
  file(RELATIVE_PATH relative ${CMAKE_SOURCE_DIR} ${source})
  string(REGEX MATCH "^core/([a-z_]+)/" folder_match ${relative})
  if(relative IN_LIST CODE_SIZE_COLD_FILES)
    list(APPEND CODE_SIZE_COLD_SOURCES ${source})
  elseif(CMAKE_MATCH_1 IN_LIST CODE_SIZE_HOT_FOLDERS OR relative IN_LIST CODE_SIZE_HOT_FILES)
    list(APPEND CODE_SIZE_HOT_SOURCES ${source})
  else()
    list(APPEND CODE_SIZE_COLD_SOURCES ${source})
  endif()
endforeach()
# the last -O on a command line wins: this follows CMAKE_CXX_FLAGS_RELEASE's -O2
set_source_files_properties(${CODE_SIZE_COLD_SOURCES} PROPERTIES COMPILE_OPTIONS "-Oz")

# 3. Hot code inlines less than -O2 does (inline threshold 50 instead of 225) and does not
#    unroll loops, except the JSON document reader, the padded decimals and the validation
#    entry points: with less inlining there, validateInstance took 10-20% longer. The
#    instance checks themselves (core/validation) measured the same both ways in interleaved
#    runs, and 6.6 KB smaller (2.5 KB gzipped) with less. The date parser, the zone tables and the time entry points keep
#    unrolling (without it parsing took 13% longer, wall-clock lookups 5-13%). Everywhere
#    else formatting, parsing, zone lookups and validation measured the same, and the
#    module is 30 KB smaller (8 KB gzipped).
set(CODE_SIZE_FULL_INLINE_FILES
  core/common/json_document.cpp core/common/padded_decimal.cpp core/api/instance_api.cpp)
set(CODE_SIZE_LESS_INLINE_SOURCES)
foreach(source ${CODE_SIZE_HOT_SOURCES})
  file(RELATIVE_PATH relative ${CMAKE_SOURCE_DIR} ${source})
  if(NOT relative IN_LIST CODE_SIZE_FULL_INLINE_FILES)
    list(APPEND CODE_SIZE_LESS_INLINE_SOURCES ${source})
  endif()
endforeach()
set(CODE_SIZE_UNROLLED_FILES
  core/time/php_parser.cpp core/time/zone_table.cpp core/api/time_hot_paths.cpp)
foreach(source ${CODE_SIZE_LESS_INLINE_SOURCES})
  file(RELATIVE_PATH relative ${CMAKE_SOURCE_DIR} ${source})
  if(relative IN_LIST CODE_SIZE_UNROLLED_FILES)
    set_source_files_properties(${source} PROPERTIES COMPILE_OPTIONS "-mllvm;-inline-threshold=50")
  else()
    set_source_files_properties(${source}
      PROPERTIES COMPILE_OPTIONS "-mllvm;-inline-threshold=50;-fno-unroll-loops")
  endif()
endforeach()

# 4. Hot objects first. A template used by both kinds of file (a nlohmann::json map, a
#    std::string member) is compiled into each object, and the linker keeps the first copy
#    it loads: from an archive that is whichever object a symbol happened to pull in, often
#    an -Oz one (validation then took 118 µs). wasm/module.cmake links the core's objects
#    in this order instead of the archive, so hot code runs the -O2 copies.
set(CORE_SOURCES ${CODE_SIZE_HOT_SOURCES} ${CODE_SIZE_COLD_SOURCES})
