#include "core/certificate/algorithm_identifier.h"

#include "core/certificate/object_identifiers.h"

namespace core::certificate {

std::optional<algorithm_identifier> read_algorithm_identifier(const tlv& element,
                                                              std::string& error) {
  if (element.tag != tag::sequence) {
    error = "AlgorithmIdentifier is not a SEQUENCE";
    return std::nullopt;
  }
  tlv_children parts(element, encoding_rules::ber);
  auto algorithm = parts.next(tag::object_identifier, error);
  if (!algorithm) return std::nullopt;
  algorithm_identifier out{*algorithm, std::nullopt};
  if (!parts.at_end()) {
    out.parameters = parts.next(error);
    if (!out.parameters) return std::nullopt;
  }
  if (!parts.at_end()) {
    error = "unexpected data after the AlgorithmIdentifier parameters";
    return std::nullopt;
  }
  return out;
}

std::optional<crypto::hash_algorithm> digest_algorithm(const tlv& oid) {
  using crypto::hash_algorithm;
  if (oid_equals(oid, oid::sha1)) return hash_algorithm::sha1;
  if (oid_equals(oid, oid::sha224)) return hash_algorithm::sha224;
  if (oid_equals(oid, oid::sha256)) return hash_algorithm::sha256;
  if (oid_equals(oid, oid::sha384)) return hash_algorithm::sha384;
  if (oid_equals(oid, oid::sha512)) return hash_algorithm::sha512;
  return std::nullopt;
}

std::optional<crypto::hash_algorithm> hmac_algorithm(const tlv& oid) {
  using crypto::hash_algorithm;
  if (oid_equals(oid, oid::hmac_with_sha1)) return hash_algorithm::sha1;
  if (oid_equals(oid, oid::hmac_with_sha224)) return hash_algorithm::sha224;
  if (oid_equals(oid, oid::hmac_with_sha256)) return hash_algorithm::sha256;
  if (oid_equals(oid, oid::hmac_with_sha384)) return hash_algorithm::sha384;
  if (oid_equals(oid, oid::hmac_with_sha512)) return hash_algorithm::sha512;
  return std::nullopt;
}

std::string object_identifier_text(const tlv& oid) {
  std::string out;
  std::uint64_t value = 0;
  bool first = true;
  for (std::size_t i = 0; i < oid.content.size(); ++i) {
    const auto b = static_cast<std::uint8_t>(oid.content[i]);
    if (value > (UINT64_MAX >> 7)) return out + "...";  // absurdly long arc
    value = (value << 7) | (b & 0x7F);
    if (b & 0x80) continue;
    if (first) {  // the first subidentifier packs the first two arcs: 40 * X + Y
      const std::uint64_t top = value < 80 ? value / 40 : 2;
      out = std::to_string(top) + "." + std::to_string(value - 40 * top);
      first = false;
    } else {
      out += "." + std::to_string(value);
    }
    value = 0;
  }
  return out;
}

}  // namespace core::certificate
