#!/usr/bin/env bash
# Regenerates the certificate fixtures of the catalog/validation tests with the openssl CLI.
# The outputs are committed (the tests and the WebAssembly build have no OpenSSL); the
# tests pass `now` explicitly, so fixtures never "expire" under them.
#   bash tests/data/certificates/make.sh
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
subj() { echo "/C=NL/O=Connector Tests/CN=$1"; }

# EC P-256 keys: small fixtures.
openssl ecparam -name prime256v1 -genkey -noout -out "$tmp/leaf.key" 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out "$tmp/ca.key" 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in "$tmp/leaf.key" -out "$tmp/leaf.pk8"

# A self-signed client certificate valid 365 days (UTCTime validity).
openssl req -x509 -new -key "$tmp/leaf.key" -subj "$(subj 'client.example.com')" -days 365 \
  -out "$tmp/leaf.crt" 2>/dev/null
# One valid for 100 years: its notAfter is a GeneralizedTime (after 2049).
openssl req -x509 -new -key "$tmp/leaf.key" -subj "$(subj 'century.example.com')" -days 36500 \
  -out "$tmp/century.crt" 2>/dev/null
# A CA and a leaf it signs, for a chain.
openssl req -x509 -new -key "$tmp/ca.key" -subj "$(subj 'Test CA')" -days 3650 -out "$tmp/ca.crt" 2>/dev/null
openssl req -new -key "$tmp/leaf.key" -subj "$(subj 'chained.example.com')" -out "$tmp/leaf.csr" 2>/dev/null
openssl x509 -req -in "$tmp/leaf.csr" -CA "$tmp/ca.crt" -CAkey "$tmp/ca.key" -CAcreateserial \
  -days 30 -out "$tmp/chained.crt" 2>/dev/null

# An expired certificate (2020-01-01 to 2021-01-01) signed by the CA: `openssl ca` is how the
# 3.0 CLI sets explicit dates.
mkdir "$tmp/ca-db"
: > "$tmp/ca-db/index.txt"
echo 1000 > "$tmp/ca-db/serial"
cat > "$tmp/ca.cnf" <<CONFIG
[ca]
default_ca = fixtures
[fixtures]
database = $tmp/ca-db/index.txt
serial = $tmp/ca-db/serial
new_certs_dir = $tmp/ca-db
default_md = sha256
policy = any_name
[any_name]
commonName = supplied
CONFIG
openssl req -new -key "$tmp/leaf.key" -subj "$(subj 'expired.example.com')" -out "$tmp/expired.csr" 2>/dev/null
openssl ca -batch -config "$tmp/ca.cnf" -cert "$tmp/ca.crt" -keyfile "$tmp/ca.key" \
  -in "$tmp/expired.csr" -startdate 20200101000000Z -enddate 20210101000000Z -notext \
  -out "$tmp/expired.crt" 2>/dev/null

# PEM bundles
cat "$tmp/leaf.crt" "$tmp/leaf.pk8" > client.pem                         # PKCS#8 key
cat "$tmp/leaf.crt" "$tmp/leaf.key" > client-ec-key.pem                  # SEC 1 "EC PRIVATE KEY"
cat "$tmp/century.crt" "$tmp/leaf.pk8" > century.pem
cat "$tmp/chained.crt" "$tmp/ca.crt" "$tmp/leaf.pk8" > chain.pem
openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:correct-horse -in "$tmp/leaf.key" \
  -out "$tmp/leaf-enc.pk8"
cat "$tmp/leaf.crt" "$tmp/leaf-enc.pk8" > client-encrypted-key.pem       # ENCRYPTED PRIVATE KEY
openssl ec -aes128 -passout pass:correct-horse -in "$tmp/leaf.key" -out "$tmp/leaf-legacy.key" 2>/dev/null
cat "$tmp/leaf.crt" "$tmp/leaf-legacy.key" > client-legacy-encrypted.pem  # Proc-Type: 4,ENCRYPTED
openssl ec -des3 -passout pass:correct-horse -in "$tmp/leaf.key" -out "$tmp/leaf-3des.key" 2>/dev/null
cat "$tmp/leaf.crt" "$tmp/leaf-3des.key" > client-legacy-3des.pem      # DEK-Info: DES-EDE3-CBC
cp "$tmp/leaf.crt" certificate-only.pem
cp "$tmp/leaf.pk8" key-only.pem

# PKCS#12, base64 (what users paste): encrypted with a password, and entirely in clear.
# client.p12: OpenSSL 3's defaults (PBES2: PBKDF2-HMAC-SHA256 and AES-256-CBC for the key bag
# and the certificates, HMAC-SHA256 MAC, 2048 iterations everywhere).
openssl pkcs12 -export -inkey "$tmp/leaf.key" -in "$tmp/leaf.crt" -passout pass:correct-horse \
  -out "$tmp/client.p12"
base64 -w 76 "$tmp/client.p12" > client.p12.b64
# The same defaults around the expired certificate (its dates are only seen once decrypted).
openssl pkcs12 -export -inkey "$tmp/leaf.key" -in "$tmp/expired.crt" -passout pass:correct-horse \
  -out "$tmp/expired.p12"
base64 -w 76 "$tmp/expired.p12" > expired.p12.b64
# Other choices OpenSSL offers: a SHA-512 MAC, AES-128 for the key, AES-192 for the
# certificates (the chain: leaf and CA), 1000 iterations.
openssl pkcs12 -export -inkey "$tmp/leaf.key" -in "$tmp/chained.crt" -certfile "$tmp/ca.crt" \
  -macalg sha512 -keypbe AES-128-CBC -certpbe AES-192-CBC -iter 1000 \
  -passout pass:correct-horse -out "$tmp/variants.p12"
base64 -w 0 "$tmp/variants.p12" > variants.p12.b64
# Encrypted but without a MAC: only decrypting tells whether the passphrase is right.
openssl pkcs12 -export -inkey "$tmp/leaf.key" -in "$tmp/leaf.crt" -nomac \
  -passout pass:correct-horse -out "$tmp/nomac.p12"
base64 -w 0 "$tmp/nomac.p12" > nomac.p12.b64
# Encrypted with the empty password (what an export with no password gives).
openssl pkcs12 -export -inkey "$tmp/leaf.key" -in "$tmp/leaf.crt" -passout pass: \
  -out "$tmp/empty-password.p12"
base64 -w 0 "$tmp/empty-password.p12" > empty-password.p12.b64
# A passphrase outside ASCII and outside the BMP (a BMPString with a surrogate pair for the
# MAC, UTF-8 bytes for PBKDF2).
openssl pkcs12 -export -inkey "$tmp/leaf.key" -in "$tmp/leaf.crt" \
  -passout "pass:clé-✓-😀" -out "$tmp/unicode.p12"
base64 -w 0 "$tmp/unicode.p12" > unicode.p12.b64
# `openssl pkcs12 -legacy`: SHA-1 MAC, RC2-40 certificates, 3DES key (not decrypted by the core).
openssl pkcs12 -export -legacy -inkey "$tmp/leaf.key" -in "$tmp/leaf.crt" \
  -passout pass:correct-horse -out "$tmp/legacy.p12"
base64 -w 0 "$tmp/legacy.p12" > legacy.p12.b64
# The same without MAC: nothing the core implements tries the passphrase (the host does).
openssl pkcs12 -export -legacy -nomac -inkey "$tmp/leaf.key" -in "$tmp/leaf.crt" \
  -passout pass:correct-horse -out "$tmp/legacy-nomac.p12"
base64 -w 0 "$tmp/legacy-nomac.p12" > legacy-nomac.p12.b64
# A PBMAC1 MAC (RFC 9579), which the 3.0 CLI cannot write: pbmac1.py rewrites client.p12's.
python3 pbmac1.py "$tmp/client.p12" correct-horse "$tmp/pbmac1.p12"
base64 -w 0 "$tmp/pbmac1.p12" > pbmac1.p12.b64
# Where Python's `cryptography` is installed (its wheels bundle an OpenSSL that reads
# PBMAC1), it checks the rewritten MAC independently.
python3 - "$tmp/pbmac1.p12" <<'CHECK' || { echo "pbmac1.p12 does not verify" >&2; exit 1; }
import sys
try:
    from cryptography.hazmat.primitives.serialization import pkcs12
except ImportError:
    print("cryptography not installed: pbmac1.p12 not cross-checked", file=sys.stderr)
    sys.exit(0)
data = open(sys.argv[1], "rb").read()
pkcs12.load_pkcs12(data, b"correct-horse")
try:
    pkcs12.load_pkcs12(data, b"wrong")
except ValueError:
    sys.exit(0)
sys.exit(1)
CHECK
openssl pkcs12 -export -inkey "$tmp/leaf.key" -in "$tmp/leaf.crt" -keypbe NONE -certpbe NONE \
  -nomac -passout pass: -out "$tmp/clear.p12"
base64 -w 0 "$tmp/clear.p12" > clear.p12.b64
openssl pkcs12 -export -nokeys -in "$tmp/leaf.crt" -certpbe NONE -nomac -passout pass: \
  -out "$tmp/nokey.p12"
base64 -w 0 "$tmp/nokey.p12" > clear-no-key.p12.b64

# What openssl reads as the validity of each certificate, for the tests to compare with.
: > validity.txt
for name in leaf century chained ca expired; do
  start=$(openssl x509 -in "$tmp/$name.crt" -noout -startdate | cut -d= -f2)
  end=$(openssl x509 -in "$tmp/$name.crt" -noout -enddate | cut -d= -f2)
  echo "$name $(date -u -d "$start" +%s) $(date -u -d "$end" +%s)" >> validity.txt
done
echo "fixtures written to $(pwd)"
