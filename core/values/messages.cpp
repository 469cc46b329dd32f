#include "core/values/messages.h"

#include <utility>

#include "core/common/json_text.h"

namespace core::values {
namespace {

// A parameter as text: strings as they are, integral numbers without a fraction.
std::string param(const nlohmann::json& params, const char* key) {
  if (!params.is_object()) return {};
  auto it = params.find(key);
  if (it == params.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_float()) {
    const double d = it->get<double>();
    if (d == static_cast<double>(static_cast<long long>(d)) && d > -1e15 && d < 1e15) {
      return std::to_string(static_cast<long long>(d));
    }
  }
  return json_text(*it);
}

bool has(const nlohmann::json& params, const char* key) {
  return params.is_object() && params.contains(key);
}

// One message: its code, the condition under which this wording applies, and the text.
// The condition is empty (always), a parameter's name (it is given: "unit"), "name=value"
// (it equals value), or "!name" (it is missing or empty). In the text, {the} is "The " and
// the attribute, {attribute} the attribute alone, {name} a parameter. The first entry of a
// code whose condition holds is the message. A table rather than code: each message is a
// line of data, not a chain of string concatenations.
struct message_template {
  std::string_view code;
  std::string_view when;
  std::string_view text;
};

constexpr message_template templates[] = {
    {"required", "", "{the} field is required."},
    {"invalid_utf8", "", "{the} must be valid UTF-8 text."},
    {"too_long", "", "{the} may not be greater than {max} characters."},
    {"too_short", "", "{the} must be at least {min} characters."},
    {"too_small", "", "{the} must be at least {min}."},
    {"too_large", "unit", "{the} may not be greater than {max} {unit}."},
    {"too_large", "", "{the} may not be greater than {max}."},
    {"invalid_characters", "", "{the} may not contain control characters."},
    {"taken", "", "{the} has already been taken."},
    {"unknown_time_zone", "", "{the} must be a valid time zone."},
    // PHP's legacy names: one fixed offset all year (CET, EST, ...), or UTC written another
    // way (UCT, GMT+0)
    {"php_legacy_zone", "instead=UTC", "{zone} in PHP is UTC+0 all year, written as {abbreviation}; for UTC choose UTC."},
    {"php_legacy_zone", "", "{zone} in PHP is {offset} all year, without daylight saving; for {place} time choose {instead}."},
    {"not_integer", "", "{the} must be an integer."},
    {"not_number", "", "{the} must be a number."},
    {"invalid_choice", "", "The selected {attribute} is invalid."},
    {"unknown_connector", "", "The selected {attribute} is invalid."},
    {"unknown_pool", "", "The selected {attribute} is invalid."},
    {"unknown_auth_method", "", "The selected {attribute} is invalid."},
    {"unknown_instance", "", "The selected {attribute} is not another instance of this connector."},
    {"limit_not_own", "", "The instance {name} uses another instance's rate limit; share that one instead."},
    {"limit_is_shared", "", "This instance's rate limit is shared by {count} other instance(s); it cannot use another's."},
    {"not_with_shared_limit", "", "{the} cannot be set on an instance that shares another instance's rate limit."},
    {"pool_not_allowed", "", "{the} is not allowed: this connector has no concurrency limit."},
    // "of": what the field was looked for in (default: the method's variables)
    {"unknown_field", "of", "{the} is not a field of {of}."},
    {"unknown_field", "", "{the} is not a field of this authentication method."},
    {"connector_mismatch", "", "{the} must be {connectorId}, as in the URL."},
    {"duplicate_field", "", "{the} was given twice, as \"{key}\" and as its alias \"{alias}\"."},
    {"locked", "of", "{the} of {of} cannot be changed."},
    {"locked", "", "{the} cannot be changed."},
    {"immutable", "of", "{the} of {of} cannot be changed."},
    {"immutable", "", "{the} cannot be changed."},
    {"pattern_mismatch", "description", "{the} format is invalid: {description}."},
    {"pattern_mismatch", "", "{the} format is invalid."},
    {"invalid_url", "", "{the} must be a valid URL."},
    {"invalid_email", "", "{the} must be a valid email address."},
    {"invalid_boolean", "", "{the} field must be true or false."},
    {"not_allowed", "", "{the} is not allowed for this authentication method."},
    {"invalid_certificate_format", "", "{the} must be PEM text or a base64-encoded PKCS#12 file."},
    // the decoder's own reason (params.reason, e.g. "expected tag 0x30") stays out of the
    // message: it says nothing to a person choosing a file
    {"invalid_pem", "", "{the} text is damaged at line {line}: it is not a certificate or key as a PEM file holds them (\"-----BEGIN ...\" blocks). Choose the file again, or paste its whole text."},
    {"invalid_der", "", "{the} has a \"{block}\" part that cannot be read: the file is damaged or not a certificate. Choose the file again."},
    {"invalid_pkcs12", "", "{the} file cannot be read as a .p12/.pfx (PKCS#12) file: it is damaged or is another kind of file. Choose a .p12 or .pfx file, or a PEM certificate and key."},
    {"missing_certificate", "", "{the} must contain a certificate."},
    {"missing_private_key", "", "{the} must contain a private key."},
    {"certificate_expired", "!subject", "{the} expired on {notAfter}."},
    {"certificate_expired", "", "{the} \"{subject}\" expired on {notAfter}."},
    {"certificate_not_yet_valid", "!subject", "{the} is not valid before {notBefore}."},
    {"certificate_not_yet_valid", "", "{the} \"{subject}\" is not valid before {notBefore}."},
    {"passphrase_required", "format=pkcs12", "{the} is required: the PKCS#12 file is protected."},
    {"passphrase_required", "", "{the} is required: the private key is encrypted."},
    {"passphrase_incorrect", "format=pkcs12", "{the} is incorrect: the PKCS#12 file cannot be opened with it."},
    {"passphrase_incorrect", "", "{the} is incorrect: the private key cannot be decrypted with it."},
    {"key_derivation_too_costly", "", "{the} asks for {iterations} iterations of password hashing; at most {max} in all can be checked."},
    {"", "", "{the} is invalid."},  // any other code
};

bool holds(std::string_view when, const nlohmann::json& p) {
  if (when.empty()) return true;
  if (when[0] == '!') return param(p, std::string(when.substr(1)).c_str()).empty();
  const std::size_t equals = when.find('=');
  if (equals == std::string_view::npos) return has(p, std::string(when).c_str());
  return param(p, std::string(when.substr(0, equals)).c_str()) == when.substr(equals + 1);
}

std::string fill(std::string_view text, std::string_view attribute, const nlohmann::json& p) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') {
      out += text[i];
      continue;
    }
    const std::size_t close = text.find('}', i);
    const std::string_view name = text.substr(i + 1, close - i - 1);
    if (name == "the") {
      out += "The ";
      out += attribute;
    } else if (name == "attribute") {
      out += attribute;
    } else {
      out += param(p, std::string(name).c_str());
    }
    i = close;
  }
  return out;
}

}  // namespace

std::string message_for(std::string_view code, std::string_view attribute,
                        const nlohmann::json& p) {
  if (code == "invalid_type") {
    return "The " + std::string(attribute) + " must be " + with_article(param(p, "expected")) + ".";
  }
  if (code == "invalid_date_format") {
    std::string m = "The " + std::string(attribute) + " is not a valid date format";
    if (has(p, "detail")) m += ": " + param(p, "detail");
    if (m.back() == '.') m.pop_back();
    return m + ".";
  }
  for (const message_template& t : templates) {
    if ((t.code == code || t.code.empty()) && holds(t.when, p)) return fill(t.text, attribute, p);
  }
  return {};  // not reached: the last entry takes any code
}

std::string with_article(std::string_view word) {
  const bool vowel = !word.empty() && std::string_view("aeiou").find(word[0]) != std::string_view::npos;
  return (vowel ? "an " : "a ") + std::string(word);
}

std::string field_attribute(std::string_view field) {
  static constexpr std::pair<std::string_view, std::string_view> names[] = {
      {"connectorId", "connector"},
      {"name", "name"},
      {"timeZone", "time zone"},
      {"dateFormat", "date format"},
      {"rateLimit", "rate limit"},
      {"rateLimit.amount", "rate limit amount"},
      {"rateLimit.unit", "rate limit unit"},
      {"poolId", "connection pool"},
      {"sharedLimitOf", "shared rate limit"},
      {"authMethodId", "authentication method"},
      {"credentials", "credentials"},
      {"certificate", "certificate"},
      {"certificate.data", "certificate"},
      {"certificate.passphrase", "passphrase"},
      {"instanceId", "instance id"},
  };
  for (const auto& [path, attribute] : names) {
    if (path == field) return std::string(attribute);
  }
  constexpr std::string_view credentials = "credentials.";
  if (field.substr(0, credentials.size()) == credentials) {
    return std::string(field.substr(credentials.size()));
  }
  return std::string(field);
}

}  // namespace core::values
