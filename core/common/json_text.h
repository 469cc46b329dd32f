#pragma once
// The JSON text of a value, exactly as nlohmann::json::dump(-1, ' ', false,
// error_handler_t::replace) writes it: compact, keys in the object's order, non-ASCII text
// as UTF-8, ill-formed UTF-8 replaced by U+FFFD. The JSON entry points answer through it or
// through json_writer.h, which writes the same text without building a value.
//
// Why not dump(): its serializer decodes every byte of every string through a UTF-8
// automaton and writes through a virtual output adapter; answers are mostly ASCII text
// that needs no escape, copied here in one append per run of such bytes (an answer of
// validateInstance was written in 4.3 µs in wasm, about a third of that here). The core
// writes all its JSON text here, so nlohmann's serializer is not in the module: numbers
// with a fraction go through nlohmann's Grisu2 (detail::to_chars) as dump() does, and
// ill-formed UTF-8 is replaced by utf8::ill_formed_prefix's rule, which is dump()'s.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace core {

std::string json_text(const nlohmann::json& value);

// Appends the JSON text of `value` to `out`.
void append_json_text(const nlohmann::json& value, std::string& out);

// Appends `text` as a JSON string, as append_json_text does a string value.
void append_json_string(std::string_view text, std::string& out);

}  // namespace core
