#pragma once
// A bounded reader of ASN.1 BER/DER type-length-value elements, enough to check the outer
// structure of certificates, keys and PKCS#12 files without a crypto library (there is no
// OpenSSL in the WebAssembly build). Every read checks lengths against the buffer; nesting
// is bounded, so malformed input gives an error string, never a crash or deep recursion.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace core::certificate {

// Bytes are held in std::string / std::string_view (char-sized, no copies).
using bytes_view = std::string_view;

enum class encoding_rules {
  der,  // definite, minimal lengths only (certificates, keys)
  ber,  // also indefinite lengths on constructed values (PKCS#12 files from some tools)
};

namespace tag {
inline constexpr std::uint8_t integer = 0x02;
inline constexpr std::uint8_t bit_string = 0x03;
inline constexpr std::uint8_t octet_string = 0x04;
inline constexpr std::uint8_t octet_string_constructed = 0x24;
inline constexpr std::uint8_t object_identifier = 0x06;
inline constexpr std::uint8_t utf8_string = 0x0C;
inline constexpr std::uint8_t printable_string = 0x13;
inline constexpr std::uint8_t teletex_string = 0x14;
inline constexpr std::uint8_t ia5_string = 0x16;
inline constexpr std::uint8_t utc_time = 0x17;
inline constexpr std::uint8_t generalized_time = 0x18;
inline constexpr std::uint8_t sequence = 0x30;
inline constexpr std::uint8_t set = 0x31;
inline constexpr std::uint8_t context_0 = 0xA0;  // [0], constructed
inline constexpr std::uint8_t context_0_primitive = 0x80;  // [0] IMPLICIT of a primitive type
}  // namespace tag

inline constexpr std::size_t max_der_depth = 32;

struct tlv {
  std::uint8_t tag = 0;  // identifier octet: class, constructed bit and tag number (< 31)
  bytes_view content;    // the value (for indefinite lengths: without the end-of-contents)
  std::size_t size = 0;  // the whole element: header + content (+ 2 for end-of-contents)
  bytes_view whole;      // the `size` bytes of the element, header included
  std::size_t depth = 0;
  bool constructed() const { return (tag & 0x20) != 0; }
};

// Reads the element at the start of `data`; on failure returns nullopt and sets `error`.
std::optional<tlv> read_tlv(bytes_view data, encoding_rules rules, std::string& error,
                            std::size_t depth = 0);

// Reads `data` as exactly one element with the given tag (nothing after it).
std::optional<tlv> read_single(bytes_view data, std::uint8_t expected_tag, encoding_rules rules,
                               std::string& error);

// The children of a constructed element, one at a time.
class tlv_children {
 public:
  tlv_children(const tlv& parent, encoding_rules rules);
  bool at_end() const { return rest_.empty(); }
  // The next child; with `expected_tag`, a child with another tag is an error.
  std::optional<tlv> next(std::string& error);
  std::optional<tlv> next(std::uint8_t expected_tag, std::string& error);
  // The next child only if it has this tag (for OPTIONAL members); never an error by itself.
  std::optional<tlv> next_if(std::uint8_t tag_if_present, std::string& error);

 private:
  bytes_view rest_;
  encoding_rules rules_;
  std::size_t depth_;
};

// The bytes of an OCTET STRING, joining the segments of a constructed (BER) one.
std::optional<std::string> octet_string_value(const tlv& element, encoding_rules rules,
                                              std::string& error);

// The bytes of an [0] IMPLICIT OCTET STRING (CMS encryptedContent): primitive (0x80), or in
// BER constructed (0xA0) from OCTET STRING segments.
std::optional<std::string> implicit_octet_string_value(const tlv& element, encoding_rules rules,
                                                       std::string& error);

// The value of a non-negative INTEGER (iteration counts, key lengths, versions). Values
// beyond 2^64 - 1 saturate to that maximum, so that a caller comparing with a limit refuses
// them; negative and empty encodings are errors.
std::optional<std::uint64_t> unsigned_integer_value(const tlv& element, std::string& error);

// Whether an OBJECT IDENTIFIER element holds exactly these content bytes.
bool oid_equals(const tlv& element, bytes_view encoded_oid);

}  // namespace core::certificate
