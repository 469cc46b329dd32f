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

class php_formatter {
 public:
  // Compiles a format. Every string is a format for date(); a trailing lone backslash
  // writes nothing (PHP writes a NUL byte; check_php_format reports it).
  explicit php_formatter(std::string_view pattern);

  // An upper bound of the bytes format() writes when the zone name has `zone_name_size`
  // bytes.
  std::size_t max_size(std::size_t zone_name_size) const;

  // Writes the text for `t` into `out`, which holds at least max_size(zone_name.size())
  // bytes, and returns the number of bytes written. `zone_name` is what `e` writes (PHP
  // writes the name the zone was opened with).
  std::size_t format(const zoned_time& t, std::string_view zone_name, char* out) const;

  std::string format(const zoned_time& t, std::string_view zone_name) const;

  // Formats a batch: `count` epoch milliseconds (as JS passes them) in; their texts back to
  // back from text + start, where count * max_size(zone_name.size()) bytes must be free,
  // with offsets[k] where text k begins and offsets[count] where the last ends (both
  // counted from `text`, below 2^32). Returns count, or the index of the first value that
  // is not a finite time in the supported years (offsets are then written up to it). One
  // loop with the conversion inlined: in wasm, a call per value that passes the fields
  // through memory costs as much as the formatting.
  std::size_t format_many(const zone_table& zone, std::string_view zone_name,
                          const double* epoch_ms, std::size_t count, char* text,
                          std::size_t start, std::uint32_t* offsets) const;

  const std::string& pattern() const { return pattern_; }

 private:
  // A letter, then the literal text that follows it up to the next letter: one dispatch
  // per letter rather than one per piece (a separator after most letters).
  struct format_step {
    char letter;           // 0: none (a literal at the start of the pattern)
    std::uint32_t offset;  // literal_[offset, offset + size) follows the letter
    std::uint32_t size;
    // the literal's first 4 bytes (zero padded): literals of up to 4 bytes, separators
    // mostly, are written with one 4-byte store instead of a byte loop
    char head[4];
  };
  // format()'s body, inlined into format() and format_many()'s loop
  std::size_t write(const zoned_time& t, std::string_view zone_name, char* out) const;

  std::string pattern_;
  std::string literal_;
  std::vector<format_step> steps_;
};

}  // namespace time
}  // namespace core
