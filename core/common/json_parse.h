#pragma once
// Reading the JSON text a host passes to an entry point, into the same value
// nlohmann::json::parse() makes of it: objects keep the last of repeated keys, non-negative
// integers are unsigned, negative ones signed, integers beyond 64 bits and numbers with a
// fraction or exponent are doubles.
//
// Why not json::parse(): its lexer copies each character of each string one at a time and
// checks it through a state machine; arguments are small, mostly ASCII objects that a
// direct reader (json_document's) takes in a fraction of the time. Text that reader does
// not take (any error, nesting deeper than default_max_json_depth, a number beyond double)
// goes to json::parse(), so errors and their messages are nlohmann's.
#include <nlohmann/json.hpp>
#include <string_view>

namespace core {

// The value of `text`; throws nlohmann::json::parse_error as json::parse(text) does.
nlohmann::json parse_json(std::string_view text);

// The value of `text`, or a discarded value when it is not JSON (json::parse(text, nullptr,
// false)).
nlohmann::json parse_json_or_discarded(std::string_view text);

}  // namespace core
