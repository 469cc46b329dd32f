#include "core/values/time_rules.h"

#include "core/time/php_format.h"

namespace core::values {

date_format_check check_date_format(std::string_view format) {
  using core::time::php_format_use;
  date_format_check out;
  const auto write = core::time::check_php_format(format, php_format_use::write);
  if (write.error) {
    out.error = date_format_issue{write.error->code, write.error->message, write.error->position};
    return out;
  }
  // Usable for writing. What reading the dates back would lose is worth a warning: an
  // unreadable character, or fields that do not survive the round trip.
  const auto both = core::time::check_php_format(format, php_format_use::write_and_read);
  if (both.error) {
    out.warnings.push_back({both.error->code, both.error->message, both.error->position});
  }
  for (const auto& w : both.warnings) out.warnings.push_back({w.code, w.message, 0});
  return out;
}

}  // namespace core::values
