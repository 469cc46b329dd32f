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

}  // namespace

std::string message_for(std::string_view code, std::string_view attribute_view,
                        const nlohmann::json& p) {
  const std::string a(attribute_view);
  const std::string the = "The " + a;
  if (code == "required") return the + " field is required.";
  if (code == "invalid_type") {
    return the + " must be " + with_article(param(p, "expected")) + ".";
  }
  if (code == "invalid_utf8") return the + " must be valid UTF-8 text.";
  if (code == "too_long") return the + " may not be greater than " + param(p, "max") + " characters.";
  if (code == "too_short") return the + " must be at least " + param(p, "min") + " characters.";
  if (code == "too_small") return the + " must be at least " + param(p, "min") + ".";
  if (code == "too_large") {
    if (has(p, "unit")) {
      return the + " may not be greater than " + param(p, "max") + " " + param(p, "unit") + ".";
    }
    return the + " may not be greater than " + param(p, "max") + ".";
  }
  if (code == "invalid_characters") return the + " may not contain control characters.";
  if (code == "taken") return the + " has already been taken.";
  if (code == "unknown_time_zone") return the + " must be a valid time zone.";
  if (code == "php_legacy_zone") {
    // PHP's legacy names: one fixed offset all year (CET, EST, ...), or UTC written
    // another way (UCT, GMT+0)
    if (param(p, "instead") == "UTC") {
      return param(p, "zone") + " in PHP is UTC+0 all year, written as " + param(p, "abbreviation") +
             "; for UTC choose UTC.";
    }
    return param(p, "zone") + " in PHP is " + param(p, "offset") +
           " all year, without daylight saving; for " + param(p, "place") + " time choose " +
           param(p, "instead") + ".";
  }
  if (code == "invalid_date_format") {
    std::string m = the + " is not a valid date format";
    if (has(p, "detail")) m += ": " + param(p, "detail");
    if (!m.empty() && m.back() == '.') m.pop_back();
    return m + ".";
  }
  if (code == "not_integer") return the + " must be an integer.";
  if (code == "not_number") return the + " must be a number.";
  if (code == "invalid_choice" || code == "unknown_connector" || code == "unknown_pool" ||
      code == "unknown_auth_method") {
    return "The selected " + a + " is invalid.";
  }
  if (code == "unknown_instance") return "The selected " + a + " is not another instance of this connector.";
  if (code == "limit_not_own") {
    return "The instance " + param(p, "name") + " uses another instance's rate limit; share that one instead.";
  }
  if (code == "limit_is_shared") {
    return "This instance's rate limit is shared by " + param(p, "count") +
           " other instance(s); it cannot use another's.";
  }
  if (code == "not_with_shared_limit") {
    return the + " cannot be set on an instance that shares another instance's rate limit.";
  }
  if (code == "pool_not_allowed") {
    return the + " is not allowed: this connector has no concurrency limit.";
  }
  if (code == "unknown_field") {
    // "of": what the field was looked for in (default: the method's variables)
    const std::string of = has(p, "of") ? param(p, "of") : "this authentication method";
    return the + " is not a field of " + of + ".";
  }
  if (code == "connector_mismatch") {
    return the + " must be " + param(p, "connectorId") + ", as in the URL.";
  }
  if (code == "duplicate_field") {
    return the + " was given twice, as \"" + param(p, "key") + "\" and as its alias \"" +
           param(p, "alias") + "\".";
  }
  if (code == "locked" || code == "immutable") {
    return the + (has(p, "of") ? " of " + param(p, "of") : std::string()) + " cannot be changed.";
  }
  if (code == "pattern_mismatch") {
    if (has(p, "description")) return the + " format is invalid: " + param(p, "description") + ".";
    return the + " format is invalid.";
  }
  if (code == "invalid_url") return the + " must be a valid URL.";
  if (code == "invalid_email") return the + " must be a valid email address.";
  if (code == "invalid_boolean") return the + " field must be true or false.";
  if (code == "not_allowed") return the + " is not allowed for this authentication method.";
  if (code == "invalid_certificate_format") {
    return the + " must be PEM text or a base64-encoded PKCS#12 file.";
  }
  // the decoder's own reason (params.reason, e.g. "expected tag 0x30") stays out of the
  // message: it says nothing to a person choosing a file
  if (code == "invalid_pem") {
    return the + " text is damaged at line " + param(p, "line") +
           ": it is not a certificate or key as a PEM file holds them (\"-----BEGIN ...\" "
           "blocks). Choose the file again, or paste its whole text.";
  }
  if (code == "invalid_der") {
    return the + " has a \"" + param(p, "block") +
           "\" part that cannot be read: the file is damaged or not a certificate. Choose the "
           "file again.";
  }
  if (code == "invalid_pkcs12") {
    return the + " file cannot be read as a .p12/.pfx (PKCS#12) file: it is damaged or is "
           "another kind of file. Choose a .p12 or .pfx file, or a PEM certificate and key.";
  }
  if (code == "missing_certificate") return the + " must contain a certificate.";
  if (code == "missing_private_key") return the + " must contain a private key.";
  if (code == "certificate_expired") {
    const std::string subject = param(p, "subject");
    return the + (subject.empty() ? "" : " \"" + subject + "\"") + " expired on " +
           param(p, "notAfter") + ".";
  }
  if (code == "certificate_not_yet_valid") {
    const std::string subject = param(p, "subject");
    return the + (subject.empty() ? "" : " \"" + subject + "\"") + " is not valid before " +
           param(p, "notBefore") + ".";
  }
  if (code == "passphrase_required") {
    if (param(p, "format") == "pkcs12") return the + " is required: the PKCS#12 file is protected.";
    return the + " is required: the private key is encrypted.";
  }
  if (code == "passphrase_incorrect") {
    if (param(p, "format") == "pkcs12") {
      return the + " is incorrect: the PKCS#12 file cannot be opened with it.";
    }
    return the + " is incorrect: the private key cannot be decrypted with it.";
  }
  if (code == "key_derivation_too_costly") {
    return the + " asks for " + param(p, "iterations") +
           " iterations of password hashing; at most " + param(p, "max") +
           " in all can be checked.";
  }
  return the + " is invalid.";
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
