#include "core/values/text_formats.h"

#include <cstring>
#include <string>

namespace core::values {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool valid_host(std::string_view host) {
  if (host.empty()) return false;
  if (host.front() == '[') {
    if (host.size() < 4 || host.back() != ']') return false;
    for (char c : host.substr(1, host.size() - 2)) {
      if (!is_hex(c) && c != ':' && c != '.') return false;
    }
    return true;
  }
  if (host.back() == '.') host.remove_suffix(1);  // a fully qualified name
  std::size_t label = 0;
  for (char c : host) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
      continue;
    }
    const bool ok = is_alpha(c) || is_digit(c) || c == '-' || c == '_' || c == '~' || c == '%' ||
                    u >= 0x80;
    if (!ok) return false;
    ++label;
  }
  return label > 0;
}

}  // namespace

bool is_url(std::string_view text) {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F) return false;
  }
  const std::size_t colon = text.find("://");
  if (colon == std::string_view::npos || colon == 0 || !is_alpha(text[0])) return false;
  for (char c : text.substr(0, colon)) {
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '.' && c != '-') return false;
  }
  std::string_view rest = text.substr(colon + 3);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  const std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string_view host = authority;
  const std::size_t bracket = authority.rfind(']');
  const std::size_t port_colon = authority.rfind(':');
  if (port_colon != std::string_view::npos &&
      (bracket == std::string_view::npos || port_colon > bracket)) {
    host = authority.substr(0, port_colon);
    const std::string_view port = authority.substr(port_colon + 1);
    if (port.empty() || port.size() > 5) return false;
    unsigned value = 0;
    for (char c : port) {
      if (!is_digit(c)) return false;
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value > 65535) return false;
  }
  return valid_host(host);
}

bool is_web_url(std::string_view text) {
  if (!is_url(text)) return false;
  const std::size_t colon = text.find("://");
  std::string scheme(text.substr(0, colon));
  for (char& c : scheme) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return scheme == "http" || scheme == "https";
}

bool is_email(std::string_view text) {
  const std::size_t at = text.find('@');
  if (at == std::string_view::npos || at == 0) return false;
  static const char* const local_specials = ".!#$%&'*+/=?^_`{|}~-";
  for (char c : text.substr(0, at)) {
    if (!is_alpha(c) && !is_digit(c) && (c == '\0' || !std::strchr(local_specials, c))) {
      return false;
    }
  }
  std::string_view domain = text.substr(at + 1);
  if (domain.empty()) return false;
  std::size_t start = 0;
  while (start <= domain.size()) {
    std::size_t dot = domain.find('.', start);
    if (dot == std::string_view::npos) dot = domain.size();
    const std::string_view label = domain.substr(start, dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!is_alpha(c) && !is_digit(c) && c != '-') return false;
    }
    start = dot + 1;
  }
  return true;
}

}  // namespace core::values
