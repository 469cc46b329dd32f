#include "core/wizard/date_format_presets.h"

namespace core {
namespace wizard {

const std::vector<date_format_preset>& date_format_presets() {
  // distinct outputs only (`c` writes what Y-m-d\TH:i:sP writes); examples written out for one instant; tests/core/wizard_form_test.cpp checks every
  // format against the PHP format rules of core/time
  static const std::vector<date_format_preset> presets{
      {"Y-m-d H:i:s", "2025-01-31 14:05:09"},
      {"Y-m-d\\TH:i:sP", "2025-01-31T14:05:09+00:00"},
      {"d/m/Y H:i", "31/01/2025 14:05"},
      {"m/d/Y", "01/31/2025"},
      {"d.m.Y H:i:s", "31.01.2025 14:05:09"},
      {"U", "1738332309"},
  };
  return presets;
}

}  // namespace wizard
}  // namespace core
