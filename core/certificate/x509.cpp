#include "core/certificate/x509.h"

#include <string>

#include <date/date.h>

#include "core/common/padded_decimal.h"
#include "core/common/utf8.h"

namespace core::certificate {
namespace {

// id-at-commonName, 2.5.4.3
constexpr char common_name_oid[] = {0x55, 0x04, 0x03};

bool digits(bytes_view s, std::size_t at, std::size_t count, int& out) {
  if (at + count > s.size()) return false;
  int v = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

std::string common_name(const tlv& name, std::string& error) {
  // Name ::= SEQUENCE OF RelativeDistinguishedName (SET OF AttributeTypeAndValue)
  tlv_children rdns(name, encoding_rules::der);
  while (!rdns.at_end()) {
    auto rdn = rdns.next(tag::set, error);
    if (!rdn) return {};
    tlv_children attributes(*rdn, encoding_rules::der);
    while (!attributes.at_end()) {
      auto attribute = attributes.next(tag::sequence, error);
      if (!attribute) return {};
      tlv_children parts(*attribute, encoding_rules::der);
      auto type = parts.next(tag::object_identifier, error);
      if (!type) return {};
      auto value = parts.next(error);
      if (!value) return {};
      if (!oid_equals(*type, bytes_view(common_name_oid, sizeof common_name_oid))) continue;
      const bool textual = value->tag == tag::utf8_string || value->tag == tag::printable_string ||
                           value->tag == tag::ia5_string;
      if (textual && utf8::is_valid(value->content)) return std::string(value->content);
    }
  }
  return {};
}

}  // namespace

std::optional<std::int64_t> parse_asn1_time(std::uint8_t time_tag, bytes_view s) {
  int year, month, day, hour, minute, second;
  std::size_t at;
  if (time_tag == tag::utc_time) {
    if (s.size() != 13 || s[12] != 'Z' || !digits(s, 0, 2, year)) return std::nullopt;
    year += year < 50 ? 2000 : 1900;  // RFC 5280 4.1.2.5.1
    at = 2;
  } else if (time_tag == tag::generalized_time) {
    if (s.size() < 15 || s.back() != 'Z' || !digits(s, 0, 4, year)) return std::nullopt;
    if (s.size() > 15) {  // fraction of a second: ".d+" before the Z
      if (s[14] != '.' || s.size() < 17) return std::nullopt;
      for (std::size_t i = 15; i + 1 < s.size(); ++i) {
        if (s[i] < '0' || s[i] > '9') return std::nullopt;
      }
    }
    at = 4;
  } else {
    return std::nullopt;
  }
  if (!digits(s, at, 2, month) || !digits(s, at + 2, 2, day) || !digits(s, at + 4, 2, hour) ||
      !digits(s, at + 6, 2, minute) || !digits(s, at + 8, 2, second)) {
    return std::nullopt;
  }
  const date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                                 date::day{static_cast<unsigned>(day)}};
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  const auto days = date::sys_days{ymd}.time_since_epoch().count();
  return (static_cast<std::int64_t>(days) * 86400 + hour * 3600 + minute * 60 + second) * 1000;
}

std::string iso_utc(std::int64_t epoch_ms) {
  std::int64_t seconds = epoch_ms / 1000;
  if (epoch_ms % 1000 < 0) --seconds;
  std::int64_t days = seconds / 86400;
  std::int64_t rest = seconds % 86400;
  if (rest < 0) rest += 86400, --days;
  const date::year_month_day ymd{date::sys_days{date::days{days}}};
  std::string out;  // %04d-%02u-%02uT%02d:%02d:%02dZ
  append_padded_decimal(out, int(ymd.year()), 4);
  out += '-';
  append_padded_decimal(out, unsigned(ymd.month()), 2);
  out += '-';
  append_padded_decimal(out, unsigned(ymd.day()), 2);
  out += 'T';
  append_padded_decimal(out, rest / 3600, 2);
  out += ':';
  append_padded_decimal(out, rest / 60 % 60, 2);
  out += ':';
  append_padded_decimal(out, rest % 60, 2);
  out += 'Z';
  return out;
}

std::optional<x509_summary> read_x509(bytes_view der, std::string& error) {
  auto certificate = read_tlv(der, encoding_rules::der, error);
  if (!certificate) return std::nullopt;
  if (certificate->tag != tag::sequence) {
    error = "a certificate is a SEQUENCE";
    return std::nullopt;
  }
  tlv_children top(*certificate, encoding_rules::der);
  auto tbs = top.next(tag::sequence, error);
  if (!tbs) return std::nullopt;
  if (!top.next(tag::sequence, error) || !top.next(tag::bit_string, error)) {
    error = "certificate signature: " + error;
    return std::nullopt;
  }
  if (!top.at_end()) {
    error = "unexpected data after the certificate signature";
    return std::nullopt;
  }
  tlv_children fields(*tbs, encoding_rules::der);
  if (!fields.next_if(tag::context_0, error) && !error.empty()) return std::nullopt;
  auto serial = fields.next(tag::integer, error);
  auto signature = serial ? fields.next(tag::sequence, error) : std::nullopt;
  auto issuer = signature ? fields.next(tag::sequence, error) : std::nullopt;
  auto validity = issuer ? fields.next(tag::sequence, error) : std::nullopt;
  auto subject = validity ? fields.next(tag::sequence, error) : std::nullopt;
  auto key = subject ? fields.next(tag::sequence, error) : std::nullopt;
  if (!key) {
    error = "certificate fields: " + error;
    return std::nullopt;
  }
  tlv_children period(*validity, encoding_rules::der);
  auto not_before = period.next(error);
  auto not_after = not_before ? period.next(error) : std::nullopt;
  if (!not_after || !period.at_end()) {
    error = "certificate validity: " + (error.empty() ? std::string("unexpected data") : error);
    return std::nullopt;
  }
  x509_summary out;
  auto begin = parse_asn1_time(not_before->tag, not_before->content);
  auto end = parse_asn1_time(not_after->tag, not_after->content);
  if (!begin || !end) {
    error = "certificate validity: malformed time";
    return std::nullopt;
  }
  out.not_before_ms = *begin;
  out.not_after_ms = *end;
  std::string ignored;  // a subject we cannot read leaves the name empty; not an error
  out.subject_common_name = common_name(*subject, ignored);
  return out;
}

}  // namespace core::certificate
