#pragma once
// Syntax checks of the `url` and `email` variable types. They accept what the page's
// <input type="url|email"> would accept for the same value, give or take: syntax only,
// nothing is resolved or contacted.
#include <string_view>

namespace core::values {

// An absolute URL with an authority: scheme "://" [userinfo "@"] host [":" port] [rest].
// The scheme is [A-Za-z][A-Za-z0-9+.-]*; the host is a bracketed IPv6 literal or a name of
// non-empty dot-separated labels (non-ASCII allowed for IDNs); the port is 0-65535; no
// white space or control characters anywhere.
bool is_url(std::string_view text);

// is_url with scheme http or https (case-insensitive).
bool is_web_url(std::string_view text);

// The WHATWG "valid e-mail address": local part of [A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+, "@",
// dot-separated labels of letters, digits and inner hyphens, each at most 63 long.
bool is_email(std::string_view text);

}  // namespace core::values
