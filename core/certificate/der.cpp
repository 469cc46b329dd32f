#include "core/certificate/der.h"

namespace core::certificate {
namespace {

std::uint8_t byte_at(bytes_view data, std::size_t i) {
  return static_cast<std::uint8_t>(data[i]);
}

std::string tag_name(std::uint8_t t) {
  static const char* hex = "0123456789abcdef";
  return std::string("0x") + hex[t >> 4] + hex[t & 0xF];
}

// The bytes of an OCTET STRING under one of two tags: `primitive` holds them; in BER,
// `constructed` holds OCTET STRING segments, joined (a segment may be constructed in turn,
// as deep as read_tlv allows). `what` names the expected type in the error.
std::optional<std::string> string_bytes(const tlv& element, encoding_rules rules,
                                        std::uint8_t primitive, std::uint8_t constructed,
                                        const char* what, std::string& error) {
  if (element.tag == primitive) return std::string(element.content);
  if (element.tag != constructed || rules == encoding_rules::der) {
    error = std::string("expected ") + what + ", found tag " + tag_name(element.tag);
    return std::nullopt;
  }
  std::string out;
  tlv_children parts(element, rules);
  while (!parts.at_end()) {
    auto part = parts.next(error);
    if (!part) return std::nullopt;
    auto bytes = octet_string_value(*part, rules, error);
    if (!bytes) return std::nullopt;
    out += *bytes;
  }
  return out;
}

}  // namespace

std::optional<tlv> read_tlv(bytes_view data, encoding_rules rules, std::string& error,
                            std::size_t depth) {
  if (depth > max_der_depth) {
    error = "nested more than " + std::to_string(max_der_depth) + " levels deep";
    return std::nullopt;
  }
  if (data.size() < 2) {
    error = "truncated element";
    return std::nullopt;
  }
  tlv out;
  out.tag = byte_at(data, 0);
  out.depth = depth;
  if ((out.tag & 0x1F) == 0x1F) {
    error = "unsupported high tag number";
    return std::nullopt;
  }
  const std::uint8_t first = byte_at(data, 1);
  std::size_t header = 2;
  std::size_t length = 0;
  if (first < 0x80) {
    length = first;
  } else if (first == 0x80) {
    if (rules == encoding_rules::der) {
      error = "indefinite length (not allowed in DER)";
      return std::nullopt;
    }
    if (!out.constructed()) {
      error = "indefinite length on a primitive element";
      return std::nullopt;
    }
    // The content runs until the end-of-contents marker (00 00) at this level.
    std::size_t pos = 2;
    while (true) {
      if (data.size() - pos < 2) {
        error = "truncated element (missing end-of-contents)";
        return std::nullopt;
      }
      if (byte_at(data, pos) == 0 && byte_at(data, pos + 1) == 0) {
        out.content = data.substr(2, pos - 2);
        out.size = pos + 2;
        out.whole = data.substr(0, out.size);
        return out;
      }
      auto child = read_tlv(data.substr(pos), rules, error, depth + 1);
      if (!child) return std::nullopt;
      pos += child->size;
    }
  } else {
    const std::size_t count = first & 0x7F;
    if (count > 4) {
      error = "length field too large";
      return std::nullopt;
    }
    if (data.size() < 2 + count) {
      error = "truncated length";
      return std::nullopt;
    }
    for (std::size_t i = 0; i < count; ++i) length = (length << 8) | byte_at(data, 2 + i);
    if (rules == encoding_rules::der &&
        (byte_at(data, 2) == 0 || (count == 1 && length < 0x80))) {
      error = "non-minimal length (not allowed in DER)";
      return std::nullopt;
    }
    header = 2 + count;
  }
  if (data.size() - header < length) {
    error = "truncated element (declares " + std::to_string(length) + " bytes, " +
            std::to_string(data.size() - header) + " present)";
    return std::nullopt;
  }
  out.content = data.substr(header, length);
  out.size = header + length;
  out.whole = data.substr(0, out.size);
  return out;
}

std::optional<tlv> read_single(bytes_view data, std::uint8_t expected_tag, encoding_rules rules,
                               std::string& error) {
  auto element = read_tlv(data, rules, error);
  if (!element) return std::nullopt;
  if (element->tag != expected_tag) {
    error = "expected tag " + tag_name(expected_tag) + ", found " + tag_name(element->tag);
    return std::nullopt;
  }
  if (element->size != data.size()) {
    error = std::to_string(data.size() - element->size) + " unexpected bytes after the element";
    return std::nullopt;
  }
  return element;
}

tlv_children::tlv_children(const tlv& parent, encoding_rules rules)
    : rest_(parent.constructed() ? parent.content : bytes_view{}),
      rules_(rules),
      depth_(parent.depth + 1) {}

std::optional<tlv> tlv_children::next(std::string& error) {
  if (rest_.empty()) {
    error = "missing element";
    return std::nullopt;
  }
  auto child = read_tlv(rest_, rules_, error, depth_);
  if (child) rest_.remove_prefix(child->size);
  return child;
}

std::optional<tlv> tlv_children::next(std::uint8_t expected_tag, std::string& error) {
  if (rest_.empty()) {
    error = "missing element (expected tag " + tag_name(expected_tag) + ")";
    return std::nullopt;
  }
  auto child = next(error);
  if (child && child->tag != expected_tag) {
    error = "expected tag " + tag_name(expected_tag) + ", found " + tag_name(child->tag);
    return std::nullopt;
  }
  return child;
}

std::optional<tlv> tlv_children::next_if(std::uint8_t tag_if_present, std::string& error) {
  if (rest_.empty() || byte_at(rest_, 0) != tag_if_present) return std::nullopt;
  return next(error);
}

std::optional<std::string> octet_string_value(const tlv& element, encoding_rules rules,
                                              std::string& error) {
  return string_bytes(element, rules, tag::octet_string, tag::octet_string_constructed,
                      "an OCTET STRING", error);
}

std::optional<std::string> implicit_octet_string_value(const tlv& element, encoding_rules rules,
                                                       std::string& error) {
  return string_bytes(element, rules, tag::context_0_primitive, tag::context_0,
                      "[0] IMPLICIT OCTET STRING", error);
}

std::optional<std::uint64_t> unsigned_integer_value(const tlv& element, std::string& error) {
  if (element.tag != tag::integer) {
    error = "expected an INTEGER, found tag " + tag_name(element.tag);
    return std::nullopt;
  }
  if (element.content.empty()) {
    error = "empty INTEGER";
    return std::nullopt;
  }
  if (byte_at(element.content, 0) & 0x80) {
    error = "negative INTEGER where a count is expected";
    return std::nullopt;
  }
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < element.content.size(); ++i) {
    if (value > (UINT64_MAX >> 8)) return UINT64_MAX;
    value = (value << 8) | byte_at(element.content, i);
  }
  return value;
}

bool oid_equals(const tlv& element, bytes_view encoded_oid) {
  return element.tag == tag::object_identifier && element.content == encoded_oid;
}

}  // namespace core::certificate
