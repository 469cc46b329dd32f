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
cp "$tmp/leaf.crt" certificate-only.pem
cp "$tmp/leaf.pk8" key-only.pem

# PKCS#12, base64 (what users paste): encrypted with a password, and entirely in clear.
openssl pkcs12 -export -inkey "$tmp/leaf.key" -in "$tmp/leaf.crt" -passout pass:correct-horse \
  -out "$tmp/client.p12"
base64 -w 76 "$tmp/client.p12" > client.p12.b64
openssl pkcs12 -export -inkey "$tmp/leaf.key" -in "$tmp/leaf.crt" -keypbe NONE -certpbe NONE \
  -nomac -passout pass: -out "$tmp/clear.p12"
base64 -w 0 "$tmp/clear.p12" > clear.p12.b64
openssl pkcs12 -export -nokeys -in "$tmp/leaf.crt" -certpbe NONE -nomac -passout pass: \
  -out "$tmp/nokey.p12"
base64 -w 0 "$tmp/nokey.p12" > clear-no-key.p12.b64

# What openssl reads as the validity of each certificate, for the tests to compare with.
: > validity.txt
for name in leaf century chained ca; do
  start=$(openssl x509 -in "$tmp/$name.crt" -noout -startdate | cut -d= -f2)
  end=$(openssl x509 -in "$tmp/$name.crt" -noout -enddate | cut -d= -f2)
  echo "$name $(date -u -d "$start" +%s) $(date -u -d "$end" +%s)" >> validity.txt
done
echo "fixtures written to $(pwd)"
