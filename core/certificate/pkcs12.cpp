#include "core/certificate/pkcs12.h"

namespace core::certificate {
namespace {

constexpr auto ber = encoding_rules::ber;

// Object identifiers, as the content bytes of their DER encoding.
#define PKCS "\x2A\x86\x48\x86\xF7\x0D\x01"  // 1.2.840.113549.1
const bytes_view oid_data(PKCS "\x07\x01", 9);                 // pkcs7-data
const bytes_view oid_signed_data(PKCS "\x07\x02", 9);          // pkcs7-signedData
const bytes_view oid_enveloped_data(PKCS "\x07\x03", 9);       // pkcs7-envelopedData
const bytes_view oid_encrypted_data(PKCS "\x07\x06", 9);       // pkcs7-encryptedData
const bytes_view oid_key_bag(PKCS "\x0C\x0A\x01\x01", 11);     // pkcs-12 keyBag
const bytes_view oid_shrouded_key_bag(PKCS "\x0C\x0A\x01\x02", 11);
const bytes_view oid_cert_bag(PKCS "\x0C\x0A\x01\x03", 11);
const bytes_view oid_safe_contents_bag(PKCS "\x0C\x0A\x01\x06", 11);
const bytes_view oid_x509_certificate(PKCS "\x09\x16\x01", 10);  // certTypes x509Certificate
#undef PKCS

// ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT ANY OPTIONAL }
struct content_info {
  tlv type;
  std::optional<tlv> content;  // the element inside [0]
};

std::optional<content_info> read_content_info(const tlv& element, std::string& error) {
  if (element.tag != tag::sequence) {
    error = "ContentInfo is not a SEQUENCE";
    return std::nullopt;
  }
  tlv_children parts(element, ber);
  content_info out;
  auto type = parts.next(tag::object_identifier, error);
  if (!type) return std::nullopt;
  out.type = *type;
  if (auto wrapper = parts.next_if(tag::context_0, error)) {
    tlv_children inner(*wrapper, ber);
    auto content = inner.next(error);
    if (!content) return std::nullopt;
    out.content = *content;
  } else if (!error.empty()) {
    return std::nullopt;
  }
  return out;
}

// Walks SafeContents ::= SEQUENCE OF SafeBag (nested safeContentsBag allowed, bounded by
// the DER depth limit).
bool read_safe_contents(bytes_view bytes, pkcs12_summary& out, std::string& error,
                        std::size_t nesting) {
  if (nesting > 4) {
    error = "safe contents nested too deeply";
    return false;
  }
  auto contents = read_single(bytes, tag::sequence, ber, error);
  if (!contents) return false;
  tlv_children bags(*contents, ber);
  while (!bags.at_end()) {
    auto bag = bags.next(tag::sequence, error);
    if (!bag) return false;
    tlv_children parts(*bag, ber);
    auto id = parts.next(tag::object_identifier, error);
    auto wrapper = id ? parts.next(tag::context_0, error) : std::nullopt;
    if (!wrapper) return false;
    tlv_children inner(*wrapper, ber);
    auto value = inner.next(error);
    if (!value) return false;
    if (oid_equals(*id, oid_key_bag)) {
      out.has_private_key = true;
    } else if (oid_equals(*id, oid_shrouded_key_bag)) {
      out.has_private_key = true;
      out.has_encrypted_content = true;
    } else if (oid_equals(*id, oid_cert_bag)) {
      // CertBag ::= SEQUENCE { certId OID, certValue [0] EXPLICIT OCTET STRING }
      if (value->tag != tag::sequence) {
        error = "CertBag is not a SEQUENCE";
        return false;
      }
      tlv_children cert_parts(*value, ber);
      auto cert_type = cert_parts.next(tag::object_identifier, error);
      auto cert_wrapper = cert_type ? cert_parts.next(tag::context_0, error) : std::nullopt;
      if (!cert_wrapper) return false;
      if (!oid_equals(*cert_type, oid_x509_certificate)) continue;  // SDSI certs: skip
      tlv_children cert_inner(*cert_wrapper, ber);
      auto octets = cert_inner.next(error);
      if (!octets) return false;
      auto certificate = octet_string_value(*octets, ber, error);
      if (!certificate) return false;
      out.certificates.push_back(std::move(*certificate));
    } else if (oid_equals(*id, oid_safe_contents_bag)) {
      // the value is itself SafeContents; it is the first element inside [0]
      if (!read_safe_contents(wrapper->content.substr(0, value->size), out, error,
                              nesting + 1)) {
        return false;
      }
    }
    // other bag types (CRL, secret) are allowed and ignored
  }
  return true;
}

}  // namespace

std::optional<pkcs12_summary> read_pkcs12(bytes_view der, std::string& error) {
  auto pfx = read_single(der, tag::sequence, ber, error);
  if (!pfx) return std::nullopt;
  tlv_children parts(*pfx, ber);
  auto version = parts.next(tag::integer, error);
  if (!version) return std::nullopt;
  if (version->content != bytes_view("\x03", 1)) {
    error = "unsupported PFX version (expected 3)";
    return std::nullopt;
  }
  auto auth_safe_element = parts.next(tag::sequence, error);
  if (!auth_safe_element) return std::nullopt;
  auto auth_safe = read_content_info(*auth_safe_element, error);
  if (!auth_safe) return std::nullopt;
  pkcs12_summary out;
  if (auto mac = parts.next_if(tag::sequence, error)) {
    out.has_mac = true;
  } else if (!error.empty()) {
    return std::nullopt;
  }
  if (!parts.at_end()) {
    error = "unexpected data after the PFX fields";
    return std::nullopt;
  }
  if (oid_equals(auth_safe->type, oid_signed_data)) {
    out.public_key_integrity = true;
    return out;
  }
  if (!oid_equals(auth_safe->type, oid_data) || !auth_safe->content) {
    error = "authSafe is neither data nor signedData";
    return std::nullopt;
  }
  auto safe_bytes = octet_string_value(*auth_safe->content, ber, error);
  if (!safe_bytes) return std::nullopt;
  // AuthenticatedSafe ::= SEQUENCE OF ContentInfo
  auto safes = read_single(*safe_bytes, tag::sequence, ber, error);
  if (!safes) {
    error = "AuthenticatedSafe: " + error;
    return std::nullopt;
  }
  tlv_children infos(*safes, ber);
  while (!infos.at_end()) {
    auto element = infos.next(error);
    if (!element) return std::nullopt;
    auto info = read_content_info(*element, error);
    if (!info) return std::nullopt;
    if (oid_equals(info->type, oid_encrypted_data) ||
        oid_equals(info->type, oid_enveloped_data)) {
      out.has_encrypted_content = true;
    } else if (oid_equals(info->type, oid_data)) {
      if (!info->content) {
        error = "data ContentInfo without content";
        return std::nullopt;
      }
      auto contents = octet_string_value(*info->content, ber, error);
      if (!contents || !read_safe_contents(*contents, out, error, 0)) return std::nullopt;
    } else {
      error = "unsupported ContentInfo type in AuthenticatedSafe";
      return std::nullopt;
    }
  }
  return out;
}

}  // namespace core::certificate
