#pragma once
// The object identifiers the certificate code compares against, as the content bytes of
// their DER encoding (what oid_equals takes). Grouped by the arc they live under.
#include "core/certificate/der.h"

namespace core::certificate::oid {

#define CORE_OID(name, bytes) inline constexpr bytes_view name{bytes, sizeof(bytes) - 1}
#define PKCS "\x2A\x86\x48\x86\xF7\x0D\x01"      // 1.2.840.113549.1 (RSADSI pkcs)
#define DIGEST "\x2A\x86\x48\x86\xF7\x0D\x02"    // 1.2.840.113549.2 (RSADSI digestAlgorithm)
#define NIST_AES "\x60\x86\x48\x01\x65\x03\x04\x01"   // 2.16.840.1.101.3.4.1
#define NIST_HASH "\x60\x86\x48\x01\x65\x03\x04\x02"  // 2.16.840.1.101.3.4.2

// PKCS#7 / CMS content types
CORE_OID(data, PKCS "\x07\x01");
CORE_OID(signed_data, PKCS "\x07\x02");
CORE_OID(enveloped_data, PKCS "\x07\x03");
CORE_OID(encrypted_data, PKCS "\x07\x06");

// PKCS#12 bag types (RFC 7292, 4.2) and certificate types
CORE_OID(key_bag, PKCS "\x0C\x0A\x01\x01");
CORE_OID(shrouded_key_bag, PKCS "\x0C\x0A\x01\x02");
CORE_OID(cert_bag, PKCS "\x0C\x0A\x01\x03");
CORE_OID(safe_contents_bag, PKCS "\x0C\x0A\x01\x06");
CORE_OID(x509_certificate, PKCS "\x09\x16\x01");

// PKCS#5 v2 (RFC 8018)
CORE_OID(pbkdf2, PKCS "\x05\x0C");
CORE_OID(pbes2, PKCS "\x05\x0D");
CORE_OID(pbmac1, PKCS "\x05\x0E");

// HMAC PRFs of PBKDF2 and MAC schemes of PBMAC1 (RFC 8018, B.1)
CORE_OID(hmac_with_sha1, DIGEST "\x07");
CORE_OID(hmac_with_sha224, DIGEST "\x08");
CORE_OID(hmac_with_sha256, DIGEST "\x09");
CORE_OID(hmac_with_sha384, DIGEST "\x0A");
CORE_OID(hmac_with_sha512, DIGEST "\x0B");

// Digest algorithms of a PKCS#12 MacData
CORE_OID(sha1, "\x2B\x0E\x03\x02\x1A");  // 1.3.14.3.2.26
CORE_OID(sha224, NIST_HASH "\x04");
CORE_OID(sha256, NIST_HASH "\x01");
CORE_OID(sha384, NIST_HASH "\x02");
CORE_OID(sha512, NIST_HASH "\x03");

// AES in CBC mode (the encryption schemes OpenSSL puts in PBES2)
CORE_OID(aes128_cbc, NIST_AES "\x02");
CORE_OID(aes192_cbc, NIST_AES "\x16");
CORE_OID(aes256_cbc, NIST_AES "\x2A");

#undef NIST_HASH
#undef NIST_AES
#undef DIGEST
#undef PKCS
#undef CORE_OID

}  // namespace core::certificate::oid
