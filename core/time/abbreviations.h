#pragma once
// Zone abbreviations that mean one UTC offset wherever they are read. Used when reading
// `T` (and abbreviations in `e`/`O`/`P`) after the instance's own zone: "EDT" -> -04:00.
// The offsets are the ones PHP 8.2 gives (IST is Israel's, as in PHP), except KST: PHP's
// table says +08:30 (Korea, 1954-1961); here it is +09:00, what Korea uses since.
#include <cstdint>
#include <optional>
#include <string_view>

namespace core {
namespace time {

struct abbreviation_offset {
  std::int32_t seconds;  // the whole offset east of UTC, DST included
  bool dst;
};

// ASCII case is ignored ("cest" -> +02:00 DST). nullopt for unknown abbreviations.
std::optional<abbreviation_offset> common_abbreviation(std::string_view abbreviation);

}  // namespace time
}  // namespace core
