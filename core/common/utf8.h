#pragma once
// UTF-8 helpers for user-facing strings. Lengths that users see ("at most 255 characters")
// are counted in Unicode code points, the way a JS `[...str].length` counts them, never in
// bytes. Everything here is total: ill-formed input is reported, never undefined behaviour.
#include <cstddef>
#include <string>
#include <string_view>

namespace core::utf8 {

// Decodes the code point starting at s[pos] and advances pos past it. Returns false (pos
// unchanged) for ill-formed UTF-8: truncated or invalid continuation bytes, overlong forms,
// surrogates (U+D800..U+DFFF) and values above U+10FFFF.
bool decode_one(std::string_view s, std::size_t& pos, char32_t& code_point);

// Whether the whole string is well-formed UTF-8.
bool is_valid(std::string_view s);

// Whether every byte of s is printable ASCII (0x20..0x7E): such a string is well-formed,
// holds no control character and has as many code points as bytes. Eight bytes at a
// time: the common case of a value, answered without decoding.
bool is_printable_ascii(std::string_view s);

// For `s` starting with an ill-formed sequence: how many of its first bytes could begin a
// well-formed one (0 when the first byte begins none); the byte after them is the one that
// spoils it. A decoder replaces max(1, that many) bytes by one U+FFFD, Unicode's "maximal
// subpart" practice, which nlohmann::json's dump follows too.
std::size_t ill_formed_prefix(std::string_view s);

// Appends the UTF-8 encoding of a code point (which must be a Unicode scalar value).
void append(std::string& out, char32_t code_point);

// Number of code points of a well-formed string (ill-formed bytes count one each).
std::size_t length(std::string_view valid);

// The white space that JavaScript's String.prototype.trim removes (WhiteSpace and
// LineTerminator of ECMA-262), so that the page and the core trim the same way.
bool is_trimmed_space(char32_t c);

// General category Cc: C0 controls, DEL and C1 controls.
bool is_control(char32_t c);

// s without leading and trailing is_trimmed_space code points. s must be well-formed.
std::string_view trim(std::string_view valid);

// Whether s (well-formed) holds a Cc code point; `allow_line_breaks` lets \t \n \r through
// (multi-line values).
bool has_control(std::string_view valid, bool allow_line_breaks = false);

// Simple case folding for case-insensitive comparison of names: Latin (Basic, Latin-1,
// Extended-A), Greek, Cyrillic, Armenian and fullwidth Latin letters fold to lower case;
// other code points are kept. No normalisation (NFC/NFD) is applied.
std::string fold_case(std::string_view valid);

}  // namespace core::utf8
