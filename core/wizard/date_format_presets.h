#pragma once
// The date formats the settings step offers (PHP date() formats). The input stays free
// text: a preset is a shortcut, validation decides what is acceptable.
#include <string_view>
#include <vector>

namespace core {
namespace wizard {

struct date_format_preset {
  std::string_view format;   // "Y-m-d H:i:s"
  std::string_view example;  // the instant 2025-01-31 14:05:09 UTC written with it
};

const std::vector<date_format_preset>& date_format_presets();

}  // namespace wizard
}  // namespace core
