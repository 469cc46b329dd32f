#pragma once
// English names PHP writes and reads (date() and DateTime::createFromFormat).
namespace core {
namespace time {

// index 0 = Sunday
extern const char* const weekday_names[7];
extern const char* const weekday_short_names[7];
// index 0 = January
extern const char* const month_names[12];
extern const char* const month_short_names[12];

}  // namespace time
}  // namespace core
