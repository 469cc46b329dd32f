#pragma once
// The English messages of field error codes, in Laravel's wording where Laravel has a rule
// ("The name field is required."). `attribute` is the field as users know it ("name",
// "time zone", a variable's label); `params` fills the placeholders (max, min, ...).
// One table for every producer of field errors, so a code always reads the same way.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace core::values {

std::string message_for(std::string_view code, std::string_view attribute,
                        const nlohmann::json& params = nlohmann::json::object());

// The attribute of a field path in messages: the instance's fields by their names
// ("timeZone" -> "time zone", "authMethodId" -> "authentication method",
// "certificate.passphrase" -> "passphrase"), the ids hosts take ("instanceId" -> "instance
// id"); any other path as it is ("credentials.<key>" -> the key: a variable's label needs
// its definition).
std::string field_attribute(std::string_view field);

// A lower-case word with its indefinite article: "a string", "an integer".
std::string with_article(std::string_view word);

}  // namespace core::values
