#pragma once
// The step graph of the add-instance wizard and which step owns which field.
//
//   name -> settings -> authType -> credentials -> review -> submitting -> created
//
// The first five are the editing steps the user moves through with next/back/goTo;
// `submitting` waits for the backend's answer; `created` and `cancelled` are terminal
// (only reset leaves them). Step ids are the strings the page and drafts see.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace core {
namespace wizard {

enum class step { name, settings, auth_type, credentials, review, submitting, created, cancelled };

// "name", "settings", "authType", "credentials", "review", "submitting", "created",
// "cancelled".
std::string_view step_id(step s) noexcept;
std::optional<step> parse_step(std::string_view id) noexcept;

// English title shown above the step ("Authentication type").
std::string_view step_title(step s) noexcept;

// The steps the user edits, in order (name .. review), and their count. A wizard may
// show fewer (machine::shown_steps).
inline constexpr std::size_t editing_step_count = 5;
bool is_editing_step(step s) noexcept;

// The editing step after / before an editing step; nullopt at the ends (after review
// comes submitting, which only `next` from review enters).
std::optional<step> step_after(step s) noexcept;
std::optional<step> step_before(step s) noexcept;

// The editing step that owns a field path of the shared contract (docs/architecture.md):
// name -> name; timeZone, dateFormat, rateLimit(.amount|.unit), poolId -> settings;
// authMethodId -> authType; credentials.<key>, certificate(.passphrase) -> credentials.
// Anything else (connectorId, unknown paths) belongs to the review, where the page shows
// errors that no input owns.
step step_of_field(std::string_view field) noexcept;

}  // namespace wizard
}  // namespace core
