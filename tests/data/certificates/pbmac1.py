#!/usr/bin/env python3
"""Rewrites the MAC of a PKCS#12 file as PBMAC1 (RFC 9579), which OpenSSL 3.0's CLI cannot
write: PBKDF2-HMAC-SHA256 (its own salt, 2048 iterations, a 64-byte key) then HMAC-SHA-512
over the same AuthenticatedSafe bytes. macSalt gets other bytes than PBKDF2's salt: RFC 9579
readers take the salt from the PBKDF2 parameters. Standard library only.

  python3 pbmac1.py IN.p12 PASSWORD OUT.p12
"""
import hashlib
import hmac
import os
import sys


def read_tlv(data, pos):
    """(tag, content start, content end) of the element at pos; definite lengths only."""
    tag = data[pos]
    length = data[pos + 1]
    start = pos + 2
    if length & 0x80:
        count = length & 0x7F
        length = int.from_bytes(data[start:start + count], "big")
        start += count
    return tag, start, start + length


def children(data, start, end):
    out = []
    while start < end:
        tag, cstart, cend = read_tlv(data, start)
        out.append((tag, start, cstart, cend))
        start = cend
    return out


def tlv(tag, content):
    n = len(content)
    if n < 0x80:
        length = bytes([n])
    else:
        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(raw)]) + raw
    return bytes([tag]) + length + content


def seq(*parts):
    return tlv(0x30, b"".join(parts))


def integer(value):
    return tlv(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big"))


def oid(raw):
    return tlv(0x06, raw)


NULL = b"\x05\x00"
ID_PBKDF2 = oid(b"\x2a\x86\x48\x86\xf7\x0d\x01\x05\x0c")
ID_PBMAC1 = oid(b"\x2a\x86\x48\x86\xf7\x0d\x01\x05\x0e")
HMAC_SHA256 = oid(b"\x2a\x86\x48\x86\xf7\x0d\x02\x09")
HMAC_SHA512 = oid(b"\x2a\x86\x48\x86\xf7\x0d\x02\x0b")


def main():
    source, password, target = sys.argv[1], sys.argv[2].encode("utf-8"), sys.argv[3]
    data = open(source, "rb").read()
    _, start, end = read_tlv(data, 0)
    version, auth_safe = children(data, start, end)[:2]
    # authSafe ContentInfo { data OID, [0] { OCTET STRING <AuthenticatedSafe> } }
    _, _, wrapper_start, wrapper_end = children(data, auth_safe[2], auth_safe[3])[1]
    _, _, octets_start, octets_end = children(data, wrapper_start, wrapper_end)[0]
    covered = data[octets_start:octets_end]

    salt, iterations, key_length = os.urandom(16), 2048, 64
    key = hashlib.pbkdf2_hmac("sha256", password, salt, iterations, key_length)
    mac = hmac.new(key, covered, "sha512").digest()
    pbkdf2 = seq(ID_PBKDF2, seq(tlv(0x04, salt), integer(iterations), integer(key_length),
                                seq(HMAC_SHA256, NULL)))
    algorithm = seq(ID_PBMAC1, seq(pbkdf2, seq(HMAC_SHA512, NULL)))
    mac_data = seq(seq(algorithm, tlv(0x04, mac)), tlv(0x04, os.urandom(8)), integer(iterations))
    pfx = seq(data[version[1]:version[3]], data[auth_safe[1]:auth_safe[3]], mac_data)
    open(target, "wb").write(pfx)


if __name__ == "__main__":
    main()
