#pragma once
// The Retry-After header of a 429 or 503 answer (RFC 9110 section 10.2.3): either a number
// of seconds or an HTTP-date, turned into how long to wait.
#include <string_view>

namespace core::schedule {

// Milliseconds to wait from `now_epoch_ms` (the wall clock: an HTTP-date is absolute),
// never negative (a date in the past means "now"); NaN when the value is neither
// 1*DIGIT nor an HTTP-date (IMF-fixdate, or the obsolete RFC 850 and asctime forms that
// recipients must accept). Leading and trailing spaces and tabs are ignored.
double retry_after_ms(std::string_view value, double now_epoch_ms);

// An HTTP-date as epoch milliseconds, NaN when it is not one. A two-digit RFC 850 year is
// taken in the century that puts it at most 50 years after `now_epoch_ms`.
double parse_http_date(std::string_view value, double now_epoch_ms);

}  // namespace core::schedule
