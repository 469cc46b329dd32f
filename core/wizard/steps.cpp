#include "core/wizard/steps.h"

#include <array>

namespace core {
namespace wizard {

namespace {

struct step_info {
  step value;
  std::string_view id;
  std::string_view title;
};

constexpr std::array<step_info, 8> steps{{
    {step::name, "name", "Name"},
    {step::settings, "settings", "Settings"},
    {step::auth_type, "authType", "Authentication type"},
    {step::credentials, "credentials", "Credentials"},
    {step::review, "review", "Review"},
    {step::submitting, "submitting", "Creating the instance"},
    {step::created, "created", "Instance created"},
    {step::cancelled, "cancelled", "Cancelled"},
}};

const step_info& info(step s) noexcept { return steps[static_cast<std::size_t>(s)]; }

bool starts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::string_view step_id(step s) noexcept { return info(s).id; }
std::string_view step_title(step s) noexcept { return info(s).title; }

std::optional<step> parse_step(std::string_view id) noexcept {
  for (const auto& i : steps)
    if (i.id == id) return i.value;
  return std::nullopt;
}

bool is_editing_step(step s) noexcept { return static_cast<std::size_t>(s) < editing_step_count; }

std::optional<step> step_after(step s) noexcept {
  if (!is_editing_step(s) || s == step::review) return std::nullopt;
  return static_cast<step>(static_cast<std::size_t>(s) + 1);
}

std::optional<step> step_before(step s) noexcept {
  if (!is_editing_step(s) || s == step::name) return std::nullopt;
  return static_cast<step>(static_cast<std::size_t>(s) - 1);
}

step step_of_field(std::string_view field) noexcept {
  if (field == "name") return step::name;
  if (field == "timeZone" || field == "dateFormat" || field == "poolId" || field == "rateLimit" ||
      field == "sharedLimitOf" ||
      starts_with(field, "rateLimit."))
    return step::settings;
  if (field == "authMethodId") return step::auth_type;
  if (starts_with(field, "credentials.") || field == "credentials" || field == "certificate" ||
      starts_with(field, "certificate."))
    return step::credentials;
  return step::review;
}

}  // namespace wizard
}  // namespace core
