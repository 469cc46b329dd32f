// Bindings of the time domain (issue 5): one line per exported function. Hot paths take
// and return numbers; texts go through memory areas (see core/api/time_api.h).
#include <emscripten/bind.h>

#include "core/api/time_api.h"

EMSCRIPTEN_BINDINGS(time) {
  using namespace core::api;
  emscripten::function("timeDatabaseVersion", &time_database_version);
  emscripten::function("timeCanonicalZone", &time_canonical_zone);
  emscripten::function("timeOpenZone", &time_open_zone);
  emscripten::function("timeCompilePattern", &time_compile_pattern);
  emscripten::function("timeTextBuffer", &time_text_buffer);
  emscripten::function("timeInputText", &time_input_text);
  emscripten::function("timeInputNumbers", &time_input_numbers);
  emscripten::function("timeBatchText", &time_batch_text);
  emscripten::function("timeBatchOffsets", &time_batch_offsets);
  emscripten::function("timeWallFields", &time_wall_fields);
  emscripten::function("timeFormat", &time_format);
  emscripten::function("timeFormatMany", &time_format_many);
  emscripten::function("timeToWall", &time_to_wall);
  emscripten::function("timeFromWall", &time_from_wall);
  emscripten::function("timeOffsetAt", &time_offset_at);
  emscripten::function("timeParse", &time_parse);
  emscripten::function("timeParseReport", &time_parse_report);
  emscripten::function("timeLastError", &time_last_error);
  emscripten::function("timeCheckFormat", &time_check_format);
  emscripten::function("timeZoneList", &time_zone_list);
  emscripten::function("timeFilterWindow", &time_filter_window);
  emscripten::function("timePreview", &time_preview);
}
