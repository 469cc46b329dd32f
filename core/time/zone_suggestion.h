#pragma once
// The zone a mistyped name most likely meant: "Europe/Berlni" -> Europe/Berlin,
// "Kolkatta" -> Asia/Kolkata. Validation offers it with unknown_time_zone, so every host
// (the page, the HTTP API) suggests the same zone.
#include <optional>
#include <string>
#include <string_view>

namespace core {
namespace time {

// Letters compared case-insensitively, "_" and "/" read as a space. A name is compared
// whole and by its last part ("Berlin" of "Europe/Berlin"), for every zone the picker
// offers and every other name of it (zone_list.h). The closest within
// min(2, length / 3) single-character edits wins (the first in picker order on a tie);
// nothing for fewer than 3 characters or when no name is that close.
std::optional<std::string> closest_zone_name(std::string_view typed);

}  // namespace time
}  // namespace core
