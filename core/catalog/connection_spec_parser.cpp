#include "core/catalog/connection_spec_parser.h"

#include <algorithm>
#include <optional>
#include <set>

#include "core/catalog/text_template.h"
#include "core/common/json_object.h"
#include "core/common/json_pointer.h"

namespace core::catalog {
namespace {

using nlohmann::json;

const string_rules template_rules{1, 2048, false};
const string_rules name_rules{1, 64, false};
constexpr std::size_t max_statuses = 20;
constexpr std::size_t max_headers = 20;

bool is_token_char(char c) {  // RFC 7230 tchar
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_header_name(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_token_char);
}

bool is_query_name(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.' || c == '_' || c == '~';
  });
}

// "data.access_token": dot-separated keys of [A-Za-z0-9_-].
bool is_key_path(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || (c == '.' && s[i - 1] != '.');
    if (!ok) return false;
  }
  return true;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

// Placeholders must be well formed and name variables of the method: the parts when they
// do, nullopt (with the problems recorded) otherwise.
std::optional<std::vector<template_part>> check_template(json_reader& in, const std::string& pointer,
                                                         std::string_view text, const auth_method& m) {
  template_split split = split_template(text);
  if (split.flaw) {
    in.add(pointer, invalid_template_code, template_flaw_message(*split.flaw),
           object_of("reason", std::string(to_string(*split.flaw))));
    return std::nullopt;
  }
  bool ok = true;
  for (const auto& part : split.parts) {
    if (part.variable && !m.find_variable(part.text)) {
      in.add(pointer, "unknown_variable",
             "\"{{" + part.text + "}}\" names no variable of this authentication method.",
             object_of("key", part.text));
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return std::move(split.parts);
}

// A URL template starts with http(s):// and a host, or with a variable of type url or enum.
bool check_url_template(json_reader& in, const std::string& pointer, std::string_view text,
                        const auth_method& m) {
  const auto parts = check_template(in, pointer, text, m);
  if (!parts) return false;
  std::size_t rest = 0;
  if (starts_with_ci(text, "https://")) {
    rest = 8;
  } else if (starts_with_ci(text, "http://")) {
    rest = 7;
  } else {
    const bool starts_with_variable = !parts->empty() && parts->front().variable;
    const variable_definition* first = starts_with_variable ? m.find_variable(parts->front().text) : nullptr;
    // a url variable (validated as a URL) or an enum (its options are the author's)
    if (first && (first->input == input_type::url || first->input == input_type::enumeration)) return true;
    in.add(pointer, "invalid_url_template",
           "A URL template must start with https:// (or http://) and a host, or with a variable "
           "of type \"url\" or \"enum\".");
    return false;
  }
  if (rest >= text.size() || text[rest] == '/' || text[rest] == '?' || text[rest] == '#') {
    in.add(pointer, "invalid_url_template", "The URL template has no host.");
    return false;
  }
  return true;
}

std::optional<std::string> read_template(json_reader& in, std::string_view key, bool required,
                                         const auth_method& m, bool url = false) {
  auto text = required ? in.required_string(key, template_rules)
                       : in.optional_string(key, template_rules);
  if (!text) return std::nullopt;
  const std::string pointer = in.pointer_to(key);
  const bool ok = url ? check_url_template(in, pointer, *text, m)
                      : check_template(in, pointer, *text, m).has_value();
  return ok ? text : std::nullopt;
}

template <class T>
void assign(std::optional<std::string> value, T& target) {
  if (value) target = std::move(*value);
}

check_request read_check(json_reader& in, const auth_method& m) {
  check_request c;
  if (auto method = in.optional_string("method", name_rules)) {
    if (*method == "GET" || *method == "HEAD" || *method == "POST") {
      c.method = *method;
    } else {
      in.add(in.pointer_to("method"), "invalid_choice", "\"method\" must be one of: GET, HEAD, POST.",
             object_of({{"value", *method}, {"allowed", {"GET", "HEAD", "POST"}}}));
    }
  }
  assign(read_template(in, "url", true, m, true), c.url);
  if (const json_view statuses = in.member("successStatus")) {
    const std::string base = in.pointer_to("successStatus");
    if (!statuses.is_array() || statuses.size() == 0 || statuses.size() > max_statuses) {
      in.add(base, "invalid_type",
             "\"successStatus\" must be an array of 1 to " + std::to_string(max_statuses) +
                 " HTTP status codes.", object_of("max", max_statuses));
    } else {
      c.success_status.clear();
      std::set<int> seen;
      for (std::size_t i = 0; i < statuses.size(); ++i) {
        const json_view s = statuses.element(i);
        const bool integral = s.is_number_integer();
        const auto value = integral ? s.get<std::int64_t>() : 0;
        if (!integral || value < 100 || value > 599) {
          in.add(pointer_append(base, i), "invalid_status", "A status must be an integer from 100 to 599.",
                 object_of("min", 100, "max", 599));
        } else if (!seen.insert(static_cast<int>(value)).second) {
          in.add(pointer_append(base, i), "duplicate_status", "This status is listed twice.",
                 object_of("value", value));
        } else {
          c.success_status.push_back(static_cast<int>(value));
        }
      }
    }
  }
  if (const json_view headers = in.member("headers")) {
    json_reader h(headers, in.pointer_to("headers"), in.problems());
    if (h.is_object()) {
      if (headers.size() > max_headers) {
        h.add(h.pointer(), "too_long", "At most " + std::to_string(max_headers) + " headers.",
              object_of("max", max_headers));
      }
      for (auto it = headers.begin(); it != headers.end(); ++it) {
        const std::string name(it.key());
        const std::string pointer = h.pointer_to(name);
        if (!is_header_name(name)) {
          h.add(pointer, "invalid_header_name", "\"" + name + "\" is not an HTTP header name.");
          continue;
        }
        if (auto text = read_template(h, name, true, m)) c.headers.emplace_back(name, *text);
      }
    }
  }
  return c;
}

basic_placement read_basic(json_reader& in, const auth_method& m) {
  basic_placement b;
  assign(read_template(in, "username", false, m), b.username);
  assign(read_template(in, "password", false, m), b.password);
  return b;
}

token_placement read_token(json_reader& in, const auth_method& m) {
  token_placement t;
  assign(read_template(in, "value", false, m), t.value);
  t.header = in.optional_string("header", name_rules);
  if (t.header && !is_header_name(*t.header)) {
    in.add(in.pointer_to("header"), "invalid_header_name", "\"header\" is not an HTTP header name.");
  }
  t.query = in.optional_string("query", name_rules);
  if (t.query && !is_query_name(*t.query)) {
    in.add(in.pointer_to("query"), "invalid_query_name",
           "\"query\" may contain only letters, digits, '-', '.', '_' and '~'.");
  }
  if (t.header && t.query) {
    in.add(in.pointer_to("query"), "conflicting_members", "Give either \"header\" or \"query\", not both.");
  }
  t.scheme = in.optional_string("scheme", string_rules{1, 32, false});
  if (t.scheme && !is_header_name(*t.scheme)) {
    in.add(in.pointer_to("scheme"), "invalid_scheme", "\"scheme\" must be a single word such as Bearer.");
  }
  if (t.scheme && t.query) {
    in.add(in.pointer_to("scheme"), "not_applicable", "\"scheme\" applies to a header only.");
  }
  return t;
}

void read_key_path(json_reader& in, std::string_view key, std::string& target) {
  if (auto path = in.optional_string(key, string_rules{1, 255, false})) {
    if (is_key_path(*path)) {
      target = *path;
    } else {
      in.add(in.pointer_to(key), "invalid_key_path",
             "\"" + std::string(key) + "\" must be keys joined by dots, such as data.access_token.");
    }
  }
}

oauth2_settings read_oauth2(json_reader& in, const auth_method& m) {
  oauth2_settings o;
  const bool code_flow = m.type == auth_type::oauth2_authorization_code;
  assign(read_template(in, "tokenUrl", true, m, true), o.token_url);
  if (code_flow) {
    o.authorize_url = read_template(in, "authorizeUrl", true, m, true);
  } else if (in.member("authorizeUrl")) {
    in.add(in.pointer_to("authorizeUrl"), "not_applicable",
           "\"authorizeUrl\" applies to the authorization code flow only.");
  }
  assign(read_template(in, "clientId", false, m), o.client_id);
  assign(read_template(in, "clientSecret", false, m), o.client_secret);
  o.scope = read_template(in, "scope", false, m);
  if (auto auth = in.optional_string("clientAuthentication", name_rules)) {
    if (*auth == "basic") o.client_auth = client_authentication::basic;
    else if (*auth == "body") o.client_auth = client_authentication::body;
    else in.add(in.pointer_to("clientAuthentication"), "invalid_choice",
                "\"clientAuthentication\" must be one of: basic, body.",
                object_of({{"value", *auth}, {"allowed", {"basic", "body"}}}));
  }
  read_key_path(in, "tokenKey", o.token_key);
  read_key_path(in, "expiresInKey", o.expires_in_key);
  read_key_path(in, "refreshTokenKey", o.refresh_token_key);
  if (auto pkce = in.optional_bool("pkce")) {
    if (code_flow) o.pkce = *pkce;
    else in.add(in.pointer_to("pkce"), "not_applicable", "\"pkce\" applies to the authorization code flow only.");
  }
  return o;
}

oauth1_settings read_oauth1(json_reader& in, const auth_method& m) {
  oauth1_settings o;
  assign(read_template(in, "consumerKey", false, m), o.consumer_key);
  assign(read_template(in, "consumerSecret", false, m), o.consumer_secret);
  assign(read_template(in, "token", false, m), o.token);
  assign(read_template(in, "tokenSecret", false, m), o.token_secret);
  o.realm = read_template(in, "realm", false, m);
  if (auto method = in.optional_string("signatureMethod", name_rules)) {
    if (*method == "HMAC-SHA256" || *method == "HMAC-SHA1") {
      o.signature_method = *method;
    } else {
      in.add(in.pointer_to("signatureMethod"), "invalid_choice",
             "\"signatureMethod\" must be one of: HMAC-SHA256, HMAC-SHA1.",
             object_of({{"value", *method}, {"allowed", {"HMAC-SHA256", "HMAC-SHA1"}}}));
    }
  }
  return o;
}

// The reader of member `key` when it is an object (with only the listed members) and
// applies to the type; out of line, and the sections' readers below are one call each.
std::optional<json_reader> open_section(json_reader& in, std::string_view key, bool applies,
                                        const auth_method& m, std::initializer_list<std::string_view> known) {
  const json_view node = in.member(key);
  if (!node) return std::nullopt;
  if (!applies) {
    in.add(in.pointer_to(key), "not_applicable",
           "\"" + std::string(key) + "\" does not apply to methods of type \"" +
               std::string(to_string(m.type)) + "\".",
           object_of("type", std::string(to_string(m.type))));
    return std::nullopt;
  }
  std::optional<json_reader> section(std::in_place, node, in.pointer_to(key), in.problems());
  if (!section->is_object()) return std::nullopt;
  section->reject_unknown(known);
  return section;
}

// Reads member `key` as an object with the listed members when it applies to the type.
template <class Read>
auto read_section(json_reader& in, std::string_view key, bool applies, const auth_method& m,
                  std::initializer_list<std::string_view> known, Read read)
    -> std::optional<decltype(read(in, m))> {
  std::optional<json_reader> section = open_section(in, key, applies, m, known);
  if (!section) return std::nullopt;
  return read(*section, m);
}

// A default template (the section was left out) must still name existing variables.
void check_default(json_reader& in, std::string_view section, std::string_view text,
                   const auth_method& m) {
  const auto keys = template_variables(text);
  for (const auto& key : keys.value_or(std::vector<std::string>{})) {
    if (!m.find_variable(key)) {
      in.add(in.pointer_to(section), "required",
             "Requests need \"" + std::string(section) + "\": the default \"" +
                 std::string(text) + "\" names no variable of this method.",
             object_of("key", key));
      return;
    }
  }
}

// A base URL is a URL template without a fragment: the gateway appends the caller's path to
// it and merges the caller's query into its own.
bool check_base_url(json_reader& in, const std::string& pointer, std::string_view text, const auth_method& m) {
  if (!check_url_template(in, pointer, text, m)) return false;
  if (text.find('#') != std::string_view::npos) {
    in.add(pointer, "invalid_url_template", "A base URL has no fragment (\"#...\").");
    return false;
  }
  return true;
}

std::optional<std::string> read_base_url(json_reader& in, const auth_method& m,
                                         const std::optional<inherited_base_url>& inherited) {
  if (auto own = in.optional_string("baseUrl", template_rules)) {
    if (!check_base_url(in, in.pointer_to("baseUrl"), *own, m)) return std::nullopt;
    return own;
  }
  if (!inherited) return std::nullopt;
  const std::size_t before = in.problems().size();
  if (!check_base_url(in, inherited->pointer, inherited->text, m)) {
    // say which method the definition's template does not fit
    for (std::size_t i = before; i < in.problems().size(); ++i) in.problems()[i].params["authMethod"] = m.id;
    return std::nullopt;
  }
  return inherited->text;
}

}  // namespace

void parse_connection_spec(json_reader& in, auth_method& m, const std::optional<inherited_base_url>& inherited) {
  const auth_type t = m.type;
  const bool oauth2 = t == auth_type::oauth2_client_credentials || t == auth_type::oauth2_authorization_code;
  connection_spec& s = m.connection;
  s.base_url = read_base_url(in, m, inherited);
  s.check = read_section(in, "check", true, m, {"method", "url", "successStatus", "headers"}, read_check);
  s.basic = read_section(in, "basic", t == auth_type::basic, m, {"username", "password"}, read_basic);
  s.token = read_section(in, "token", t == auth_type::token, m, {"value", "header", "query", "scheme"}, read_token);
  s.oauth2 = read_section(in, "oauth2", oauth2, m,
                          {"tokenUrl", "authorizeUrl", "clientId", "clientSecret", "scope",
                           "clientAuthentication", "tokenKey", "expiresInKey", "refreshTokenKey", "pkce"},
                          read_oauth2);
  s.oauth1 = read_section(in, "oauth1", t == auth_type::oauth1, m,
                          {"consumerKey", "consumerSecret", "token", "tokenSecret", "realm", "signatureMethod"},
                          read_oauth1);
  if (!s.check && !s.base_url) return;
  // With a check request or a base URL, the placement of the credentials is complete:
  // defaults fill in a section left out, and must name variables that exist.
  if (t == auth_type::basic && !s.basic && !in.member("basic")) {
    s.basic = basic_placement{};
    check_default(in, "basic", s.basic->username, m);
  } else if (t == auth_type::token && !s.token && !in.member("token")) {
    s.token = token_placement{};
    check_default(in, "token", s.token->value, m);
  } else if (t == auth_type::oauth1 && !s.oauth1 && !in.member("oauth1")) {
    s.oauth1 = oauth1_settings{};
    for (const auto* text : {&s.oauth1->consumer_key, &s.oauth1->consumer_secret}) {
      check_default(in, "oauth1", *text, m);
    }
  } else if (oauth2 && !in.member("oauth2")) {
    in.add(in.pointer_to("oauth2"), "required",
           "An OAuth 2 method with a check request or a base URL needs \"oauth2\" (at least \"tokenUrl\").");
  }
}

}  // namespace core::catalog
