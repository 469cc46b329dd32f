#include "core/certificate/pem.h"

#include "core/common/base64.h"

namespace core::certificate {
namespace {

constexpr std::string_view begin_prefix = "-----BEGIN ";
constexpr std::string_view end_prefix = "-----END ";
constexpr std::string_view dashes = "-----";

std::string_view strip(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// The label of a "-----BEGIN X-----" / "-----END X-----" line, if the line is one.
std::optional<std::string_view> armour_label(std::string_view line, std::string_view prefix) {
  if (!starts_with(line, prefix) || line.size() < prefix.size() + dashes.size()) {
    return std::nullopt;
  }
  if (line.substr(line.size() - dashes.size()) != dashes) return std::nullopt;
  return line.substr(prefix.size(), line.size() - prefix.size() - dashes.size());
}

bool valid_label(std::string_view label) {
  // RFC 7468: printable ASCII except '-', words separated by single spaces or hyphens
  if (label.empty() || label.size() > 64) return false;
  for (char c : label) {
    if (c < 0x20 || c > 0x7E) return false;
  }
  return label.front() != ' ' && label.back() != ' ' && label.front() != '-' &&
         label.back() != '-';
}

}  // namespace

bool looks_like_pem(std::string_view text) { return text.find(begin_prefix) != std::string_view::npos; }

std::string_view pem_header(const pem_block& block, std::string_view name) {
  for (const auto& [key, value] : block.headers) {
    if (key == name) return value;
  }
  return {};
}

pem_parse_result parse_pem(std::string_view text) {
  pem_parse_result result;
  std::size_t line_number = 0;
  std::size_t pos = 0;
  bool inside = false;
  bool in_body = false;  // inside, past the headers
  pem_block block;
  std::string body;
  std::size_t body_first_line = 0;
  auto fail = [&](std::string reason, std::size_t line) {
    result.error = pem_error{std::move(reason), line};
    return result;
  };
  while (pos <= text.size()) {
    const std::size_t newline = text.find('\n', pos);
    const std::size_t end = newline == std::string_view::npos ? text.size() : newline;
    const std::string_view line = strip(text.substr(pos, end - pos));
    pos = end + 1;
    ++line_number;
    if (!inside) {
      if (auto label = armour_label(line, begin_prefix)) {
        if (!valid_label(*label)) return fail("invalid label in BEGIN line", line_number);
        if (result.blocks.size() >= max_pem_blocks) {
          return fail("more than " + std::to_string(max_pem_blocks) + " blocks", line_number);
        }
        inside = true, in_body = false;
        block = pem_block{std::string(*label), {}, {}, line_number};
        body.clear();
        body_first_line = 0;
      } else if (armour_label(line, end_prefix)) {
        return fail("END line without a BEGIN line", line_number);
      }
      continue;
    }
    if (auto label = armour_label(line, end_prefix)) {
      if (*label != block.label) {
        return fail("END line for \"" + std::string(*label) + "\" closes \"" + block.label + "\"",
                    line_number);
      }
      if (body.empty()) return fail("empty " + block.label + " block", block.line);
      auto decoded = decode_base64(body, true);
      if (!decoded.bytes) {
        return fail("invalid base64 in the " + block.label + " block", body_first_line);
      }
      block.der = std::move(*decoded.bytes);
      result.blocks.push_back(std::move(block));
      inside = false;
      continue;
    }
    if (armour_label(line, begin_prefix)) {
      return fail("BEGIN line inside the " + block.label + " block", line_number);
    }
    if (!in_body) {
      // RFC 1421 headers ("Proc-Type: 4,ENCRYPTED") until a blank line
      const std::size_t colon = line.find(':');
      if (colon != std::string_view::npos && body.empty()) {
        block.headers.emplace_back(std::string(strip(line.substr(0, colon))),
                                   std::string(strip(line.substr(colon + 1))));
        continue;
      }
      in_body = true;
      if (line.empty()) continue;
    }
    if (!line.empty() && body_first_line == 0) body_first_line = line_number;
    body += line;
  }
  if (inside) return fail("no END line for " + block.label, block.line);
  return result;
}

}  // namespace core::certificate
