#include "core/catalog/text_template.h"

#include "core/catalog/variable.h"

namespace core::catalog {
namespace {

constexpr std::string_view open_braces = "{{";
constexpr std::string_view close_braces = "}}";

template_split malformed(template_flaw flaw) {
  template_split out;
  out.flaw = flaw;
  return out;
}

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

template_split split_template(std::string_view text) {
  template_split out;
  std::size_t literal_start = 0;
  std::size_t i = 0;
  while (i + 1 < text.size()) {
    const std::string_view pair = text.substr(i, 2);
    if (pair == close_braces) return malformed(template_flaw::unopened);
    if (pair != open_braces) {
      ++i;
      continue;
    }
    const std::size_t close = text.find(close_braces, i + open_braces.size());
    if (close == std::string_view::npos) return malformed(template_flaw::unclosed);
    const std::size_t inner_start = i + open_braces.size();
    const std::string_view key = trim_spaces(text.substr(inner_start, close - inner_start));
    if (!is_variable_key(key)) return malformed(template_flaw::invalid_key);
    if (i > literal_start) out.parts.push_back({false, std::string(text.substr(literal_start, i - literal_start))});
    out.parts.push_back({true, std::string(key)});
    i = close + close_braces.size();
    literal_start = i;
  }
  if (literal_start < text.size()) out.parts.push_back({false, std::string(text.substr(literal_start))});
  return out;
}

std::optional<std::vector<std::string>> template_variables(std::string_view text) {
  template_split split = split_template(text);
  if (split.flaw) return std::nullopt;
  std::vector<std::string> keys;
  for (auto& part : split.parts) {
    if (part.variable) keys.push_back(std::move(part.text));
  }
  return keys;
}

std::string_view to_string(template_flaw flaw) {
  switch (flaw) {
    case template_flaw::unclosed: return "unclosed";
    case template_flaw::unopened: return "unopened";
    case template_flaw::invalid_key: return "invalid_key";
  }
  return "invalid_key";
}

std::string template_flaw_message(template_flaw flaw) {
  const std::string how = "write a variable as {{key}}, the key " + std::string(variable_key_rule) + ".";
  switch (flaw) {
    case template_flaw::unclosed: return "Malformed placeholder: a \"{{\" is not closed by \"}}\"; " + how;
    case template_flaw::unopened: return "Malformed placeholder: a \"}}\" closes no \"{{\"; " + how;
    case template_flaw::invalid_key: break;
  }
  return "Malformed placeholder: what stands between \"{{\" and \"}}\" is not a variable key; " + how;
}

}  // namespace core::catalog
