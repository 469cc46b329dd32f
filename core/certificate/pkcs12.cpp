#include "core/certificate/pkcs12.h"

#include "core/certificate/object_identifiers.h"

namespace core::certificate {
namespace {

constexpr auto ber = encoding_rules::ber;

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
    if (oid_equals(*id, oid::key_bag)) {
      out.has_private_key = true;
    } else if (oid_equals(*id, oid::shrouded_key_bag)) {
      out.has_private_key = true;
      out.has_encrypted_content = true;
      auto key = read_encrypted_private_key_info(*value, ber, error);
      if (!key) {
        error = "pkcs8ShroudedKeyBag: " + error;
        return false;
      }
      out.shrouded_keys.push_back(std::move(*key));
    } else if (oid_equals(*id, oid::cert_bag)) {
      // CertBag ::= SEQUENCE { certId OID, certValue [0] EXPLICIT OCTET STRING }
      if (value->tag != tag::sequence) {
        error = "CertBag is not a SEQUENCE";
        return false;
      }
      tlv_children cert_parts(*value, ber);
      auto cert_type = cert_parts.next(tag::object_identifier, error);
      auto cert_wrapper = cert_type ? cert_parts.next(tag::context_0, error) : std::nullopt;
      if (!cert_wrapper) return false;
      if (!oid_equals(*cert_type, oid::x509_certificate)) continue;  // SDSI certs: skip
      tlv_children cert_inner(*cert_wrapper, ber);
      auto octets = cert_inner.next(error);
      if (!octets) return false;
      auto certificate = octet_string_value(*octets, ber, error);
      if (!certificate) return false;
      out.certificates.push_back(std::move(*certificate));
    } else if (oid_equals(*id, oid::safe_contents_bag)) {
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

// EncryptedData ::= SEQUENCE { version INTEGER, encryptedContentInfo EncryptedContentInfo,
//                               unprotectedAttrs [1] IMPLICIT ... OPTIONAL }
// EncryptedContentInfo ::= SEQUENCE { contentType OID, contentEncryptionAlgorithm
//     AlgorithmIdentifier, encryptedContent [0] IMPLICIT OCTET STRING OPTIONAL }
bool read_encrypted_data(const tlv& element, pkcs12_summary& out, std::string& error) {
  const auto fail = [&] {
    error = "encryptedData: " + error;
    return false;
  };
  if (element.tag != tag::sequence) {
    error = "not a SEQUENCE";
    return fail();
  }
  tlv_children members(element, ber);
  auto version = members.next(tag::integer, error);
  auto info = version ? members.next(tag::sequence, error) : std::nullopt;
  if (!info) return fail();
  tlv_children info_members(*info, ber);
  auto type = info_members.next(tag::object_identifier, error);
  auto algorithm = type ? info_members.next(tag::sequence, error) : std::nullopt;
  if (!algorithm) return fail();
  if (info_members.at_end()) {  // detached content: nothing in the file to decrypt
    ++out.unopenable_parts;
    return true;
  }
  auto content = info_members.next(error);
  auto ciphertext = content ? implicit_octet_string_value(*content, ber, error) : std::nullopt;
  if (!ciphertext) return fail();
  out.encrypted_safes.push_back({std::string(algorithm->whole), std::move(*ciphertext)});
  return true;
}

}  // namespace

bool read_pkcs12_safe_contents(bytes_view der, pkcs12_summary& out, std::string& error) {
  return read_safe_contents(der, out, error, 0);
}

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
    out.mac_data = std::string(mac->whole);
  } else if (!error.empty()) {
    return std::nullopt;
  }
  if (!parts.at_end()) {
    error = "unexpected data after the PFX fields";
    return std::nullopt;
  }
  if (oid_equals(auth_safe->type, oid::signed_data)) {
    out.public_key_integrity = true;
    return out;
  }
  if (!oid_equals(auth_safe->type, oid::data) || !auth_safe->content) {
    error = "authSafe is neither data nor signedData";
    return std::nullopt;
  }
  auto safe_bytes = octet_string_value(*auth_safe->content, ber, error);
  if (!safe_bytes) return std::nullopt;
  out.authenticated_safe = *safe_bytes;
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
    if (oid_equals(info->type, oid::encrypted_data)) {
      out.has_encrypted_content = true;
      if (!info->content || !read_encrypted_data(*info->content, out, error)) {
        if (!info->content) error = "encryptedData ContentInfo without content";
        return std::nullopt;
      }
    } else if (oid_equals(info->type, oid::enveloped_data)) {
      out.has_encrypted_content = true;  // encrypted to a public key: not for a passphrase
      ++out.unopenable_parts;
    } else if (oid_equals(info->type, oid::data)) {
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
