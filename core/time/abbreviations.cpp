#include "core/time/abbreviations.h"

namespace core {
namespace time {
namespace {

struct abbreviation_entry {
  const char* name;  // uppercase
  std::int32_t seconds;
  bool dst;
};

constexpr std::int32_t H = 3600;
constexpr std::int32_t M = 60;

const abbreviation_entry entries[] = {
    {"UTC", 0, false},         {"UT", 0, false},          {"Z", 0, false},
    {"GMT", 0, false},         {"WET", 0, false},         {"WEST", 1 * H, true},
    {"BST", 1 * H, true},      {"IST", 2 * H, false},     {"IDT", 3 * H, true},
    {"CET", 1 * H, false},     {"CEST", 2 * H, true},     {"MET", 1 * H, false},
    {"MEST", 2 * H, true},     {"EET", 2 * H, false},     {"EEST", 3 * H, true},
    {"MSK", 3 * H, false},     {"SAST", 2 * H, false},    {"WAT", 1 * H, false},
    {"CAT", 2 * H, false},     {"EAT", 3 * H, false},     {"PKT", 5 * H, false},
    {"WIB", 7 * H, false},     {"WITA", 8 * H, false},    {"WIT", 9 * H, false},
    {"HKT", 8 * H, false},     {"JST", 9 * H, false},     {"KST", 9 * H, false},
    {"AWST", 8 * H, false},    {"ACST", 9 * H + 30 * M, false},
    {"ACDT", 10 * H + 30 * M, true},                      {"AEST", 10 * H, false},
    {"AEDT", 11 * H, true},    {"NZST", 12 * H, false},   {"NZDT", 13 * H, true},
    {"CHST", 10 * H, false},   {"SST", -11 * H, false},   {"HST", -10 * H, false},
    {"HDT", -9 * H, true},     {"AKST", -9 * H, false},   {"AKDT", -8 * H, true},
    {"PST", -8 * H, false},    {"PDT", -7 * H, true},     {"MST", -7 * H, false},
    {"MDT", -6 * H, true},     {"CST", -6 * H, false},    {"CDT", -5 * H, true},
    {"EST", -5 * H, false},    {"EDT", -4 * H, true},     {"AST", -4 * H, false},
    {"ADT", -3 * H, true},     {"NST", -(3 * H + 30 * M), false},
    {"NDT", -(2 * H + 30 * M), true},
    // the military letters (J is local time: none)
    {"A", 1 * H, false},       {"B", 2 * H, false},       {"C", 3 * H, false},
    {"D", 4 * H, false},       {"E", 5 * H, false},       {"F", 6 * H, false},
    {"G", 7 * H, false},       {"H", 8 * H, false},       {"I", 9 * H, false},
    {"K", 10 * H, false},      {"L", 11 * H, false},      {"M", 12 * H, false},
    {"N", -1 * H, false},      {"O", -2 * H, false},      {"P", -3 * H, false},
    {"Q", -4 * H, false},      {"R", -5 * H, false},      {"S", -6 * H, false},
    {"T", -7 * H, false},      {"U", -8 * H, false},      {"V", -9 * H, false},
    {"W", -10 * H, false},     {"X", -11 * H, false},     {"Y", -12 * H, false},
};

bool same_ignoring_case(std::string_view text, const char* upper) {
  std::size_t i = 0;
  for (; upper[i]; ++i) {
    if (i >= text.size()) return false;
    char c = text[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    if (c != upper[i]) return false;
  }
  return i == text.size();
}

}  // namespace

std::optional<abbreviation_offset> common_abbreviation(std::string_view abbreviation) {
  for (const auto& e : entries)
    if (same_ignoring_case(abbreviation, e.name)) return abbreviation_offset{e.seconds, e.dst};
  return std::nullopt;
}

}  // namespace time
}  // namespace core
