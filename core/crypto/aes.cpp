#include "core/crypto/aes.h"

namespace core::crypto {
namespace {

// Arithmetic in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1, the field AES works in.
constexpr std::uint8_t times_x(std::uint8_t a) {
  return static_cast<std::uint8_t>((a << 1) ^ ((a & 0x80) ? 0x1B : 0));
}
constexpr std::uint8_t multiply(std::uint8_t a, std::uint8_t b) {
  std::uint8_t product = 0;
  for (; b != 0; b >>= 1, a = times_x(a)) {
    if (b & 1) product ^= a;
  }
  return product;
}
// a^254, which is a^-1 for a != 0 (the multiplicative group has 255 elements) and 0 for 0;
// by squaring: 254 = 0b11111110.
constexpr std::uint8_t inverse(std::uint8_t a) {
  std::uint8_t result = 1;
  std::uint8_t power = a;  // a^(2^bit)
  for (unsigned exponent = 254; exponent != 0; exponent >>= 1, power = multiply(power, power)) {
    if (exponent & 1) result = multiply(result, power);
  }
  return result;
}
constexpr std::uint8_t rotl8(std::uint8_t a, int n) {
  return static_cast<std::uint8_t>((a << n) | (a >> (8 - n)));
}

// The S-box (FIPS 197, 5.1.1: the multiplicative inverse, then an affine map) and its
// inverse, computed at compile time rather than typed in.
struct substitution_tables {
  std::uint8_t forward[256] = {};
  std::uint8_t backward[256] = {};
  constexpr substitution_tables() {
    for (int i = 0; i < 256; ++i) {
      const std::uint8_t b = inverse(static_cast<std::uint8_t>(i));
      const std::uint8_t s = b ^ rotl8(b, 1) ^ rotl8(b, 2) ^ rotl8(b, 3) ^ rotl8(b, 4) ^ 0x63;
      forward[i] = s;
      backward[s] = static_cast<std::uint8_t>(i);
    }
  }
};
constexpr substitution_tables sbox;

// Products by the coefficients of InvMixColumns (FIPS 197, 5.3.3): 0e, 0b, 0d, 09.
struct product_table {
  std::uint8_t by[256] = {};
  constexpr explicit product_table(std::uint8_t factor) {
    for (int i = 0; i < 256; ++i) by[i] = multiply(static_cast<std::uint8_t>(i), factor);
  }
};
constexpr product_table times_0e(0x0e), times_0b(0x0b), times_0d(0x0d), times_09(0x09);

}  // namespace

std::optional<aes_decryption> aes_decryption::with_key(byte_view key) {
  if (key.size() != 16 && key.size() != 24 && key.size() != 32) return std::nullopt;
  aes_decryption out;
  const std::size_t nk = key.size() / 4;  // key length in 32-bit words
  out.rounds_ = static_cast<int>(nk) + 6;
  const std::size_t words = 4 * (static_cast<std::size_t>(out.rounds_) + 1);
  std::uint8_t* w = out.round_keys_.data();  // word i is w[4i .. 4i+3]
  for (std::size_t i = 0; i < key.size(); ++i) w[i] = byte_at(key, i);
  std::uint8_t round_constant = 1;
  for (std::size_t i = nk; i < words; ++i) {
    std::uint8_t t[4] = {w[4 * i - 4], w[4 * i - 3], w[4 * i - 2], w[4 * i - 1]};
    if (i % nk == 0) {  // SubWord(RotWord(t)) ^ Rcon
      const std::uint8_t first = t[0];
      t[0] = sbox.forward[t[1]] ^ round_constant;
      t[1] = sbox.forward[t[2]];
      t[2] = sbox.forward[t[3]];
      t[3] = sbox.forward[first];
      round_constant = times_x(round_constant);
    } else if (nk > 6 && i % nk == 4) {  // AES-256: SubWord halfway
      for (auto& b : t) b = sbox.forward[b];
    }
    for (std::size_t k = 0; k < 4; ++k) w[4 * i + k] = w[4 * (i - nk) + k] ^ t[k];
  }
  return out;
}

// The inverse cipher (FIPS 197, 5.3). The state is the block in column order: byte r + 4c
// is row r of column c.
aes_decryption::block aes_decryption::decrypt(const block& ciphertext) const {
  block s = ciphertext;
  const auto add_round_key = [&](int round) {
    for (int i = 0; i < 16; ++i) s[i] ^= round_keys_[16 * round + i];
  };
  const auto inverse_shift_and_substitute = [&] {
    // row r moves r columns to the right; then every byte through the inverse S-box
    block t;
    for (int c = 0; c < 4; ++c) {
      for (int r = 0; r < 4; ++r) t[r + 4 * ((c + r) % 4)] = sbox.backward[s[r + 4 * c]];
    }
    s = t;
  };
  add_round_key(rounds_);
  for (int round = rounds_ - 1; round >= 1; --round) {
    inverse_shift_and_substitute();
    add_round_key(round);
    for (int c = 0; c < 4; ++c) {  // InvMixColumns
      std::uint8_t* col = s.data() + 4 * c;
      const std::uint8_t a0 = col[0], a1 = col[1], a2 = col[2], a3 = col[3];
      col[0] = times_0e.by[a0] ^ times_0b.by[a1] ^ times_0d.by[a2] ^ times_09.by[a3];
      col[1] = times_09.by[a0] ^ times_0e.by[a1] ^ times_0b.by[a2] ^ times_0d.by[a3];
      col[2] = times_0d.by[a0] ^ times_09.by[a1] ^ times_0e.by[a2] ^ times_0b.by[a3];
      col[3] = times_0b.by[a0] ^ times_0d.by[a1] ^ times_09.by[a2] ^ times_0e.by[a3];
    }
  }
  inverse_shift_and_substitute();
  add_round_key(0);
  return s;
}

}  // namespace core::crypto
