#pragma once
// Reading the JSON text a host passes to an entry point, into the same value
// nlohmann::json::parse() makes of it: objects keep the last of repeated keys, non-negative
// integers are unsigned, negative ones signed, integers beyond 64 bits and numbers with a
// fraction or exponent are doubles. The text is read by json_document's reader; nesting
// deeper than default_max_json_depth, or a number beyond double, is not JSON here.
//
// Why not json::parse(): its lexer copies each character of each string one at a time and
// checks it through a state machine; arguments are small, mostly ASCII objects that a
// direct reader takes in a fraction of the time. And with one reader in the core, nlohmann's
// lexer and parser are not in the module.
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/common/outcome.h"

namespace core {

// A text that is not JSON: where reading stopped (the byte, counted from 1) and why.
struct json_syntax_error {
  std::size_t position;
  std::string reason;

  // "The text is not valid JSON (at byte 7): expected a value."
  std::string message() const;
};

// The value of `text`, or why it is not JSON.
outcome<nlohmann::json, json_syntax_error> parse_json(std::string_view text);

// The value of `text`, or a discarded value when it is not JSON.
nlohmann::json parse_json_or_discarded(std::string_view text);

}  // namespace core
