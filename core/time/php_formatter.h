#pragma once
// PHP's date(): writes an instant in a zone with a PHP format, byte for byte as PHP 8.2
// does (English names), without iostreams: a compiled pattern writes into a caller's
// buffer, so formatting many instants allocates nothing.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/time/zoned_time.h"

namespace core {
namespace time {

class PhpFormatter {
 public:
  // Compiles a format. Every string is a format for date(); a trailing lone backslash
  // writes nothing (PHP writes a NUL byte; check_php_format reports it).
  explicit PhpFormatter(std::string_view pattern);

  // An upper bound of the bytes format() writes when the zone name has `zone_name_size`
  // bytes.
  std::size_t max_size(std::size_t zone_name_size) const;

  // Writes the text for `t` into `out`, which holds at least max_size(zone_name.size())
  // bytes, and returns the number of bytes written. `zone_name` is what `e` writes (PHP
  // writes the name the zone was opened with).
  std::size_t format(const ZonedTime& t, std::string_view zone_name, char* out) const;

  std::string format(const ZonedTime& t, std::string_view zone_name) const;

  const std::string& pattern() const { return pattern_; }

 private:
  struct Step {
    char letter;           // 0: copy literal_[offset, offset + size)
    std::uint32_t offset;
    std::uint32_t size;
  };
  std::string pattern_;
  std::string literal_;
  std::vector<Step> steps_;
};

}  // namespace time
}  // namespace core
