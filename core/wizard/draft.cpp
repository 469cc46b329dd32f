#include "core/wizard/draft.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <limits>

#include "core/common/json_object.h"
#include "core/common/json_parse.h"
#include "core/wizard/defaults.h"
#include "core/wizard/idempotency.h"
#include "core/wizard/payload.h"
#include "core/wizard/secrets.h"
#include "core/wizard/step_fields.h"
#include "core/wizard/view_model.h"
#include "core/wizard/wizard_error.h"

namespace core {
namespace wizard {

namespace {

using nlohmann::json;

wizard_error invalid(const std::string& pointer, const std::string& message) {
  return {"draft_invalid", "draft " + (pointer.empty() ? "" : pointer + ": ") + message,
          object_of("pointer", pointer.empty() ? "/" : pointer)};
}

using problem = std::optional<wizard_error>;

// Whether `value` is an object with these members, each required, and no others.
problem object_with(const json& value, const std::string& pointer, std::initializer_list<const char*> members) {
  if (!value.is_object()) return invalid(pointer, "must be an object");
  for (auto it = value.begin(); it != value.end(); ++it) {
    const std::string& key = it.key();
    if (std::none_of(members.begin(), members.end(), [&](const char* m) { return key == m; }))
      return invalid(pointer + "/" + key, "is not a member of a draft");
  }
  for (const char* m : members)
    if (!value.contains(m)) return invalid(pointer + "/" + m, "is missing");
  return std::nullopt;
}

// A member object_with checked is there.
outcome<std::string, wizard_error> string_at(const json& obj, const std::string& pointer, const char* member) {
  const auto& v = obj[member];
  if (!v.is_string()) return invalid(pointer + "/" + member, "must be a string");
  return v.get<std::string>();
}

outcome<step, wizard_error> step_at(const json& obj, const char* member) {
  auto id = string_at(obj, "", member);
  if (!id.ok()) return std::move(id.error());
  auto s = parse_step(id.value());
  if (!s) return invalid(std::string("/") + member, "is not a step of the wizard");
  return *s;
}

json errors_to_json(const std::vector<field_error>& errors) {
  json out = json::array();
  for (const auto& e : errors) out.push_back(validation::to_json(e));
  return out;
}

outcome<std::vector<field_error>, wizard_error> read_errors(const json& value) {
  if (!value.is_array()) return invalid("/errors", "must be an array");
  std::vector<field_error> out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string p = "/errors/" + std::to_string(i);
    const auto& e = value[i];
    if (auto no = object_with(e, p, {"field", "code", "message", "params"})) return std::move(*no);
    if (!e["params"].is_object()) return invalid(p + "/params", "must be an object");
    auto field = string_at(e, p, "field");
    if (!field.ok()) return std::move(field.error());
    auto code = string_at(e, p, "code");
    if (!code.ok()) return std::move(code.error());
    auto message = string_at(e, p, "message");
    if (!message.ok()) return std::move(message.error());
    out.push_back({std::move(field.value()), std::move(code.value()), std::move(message.value()), e["params"]});
  }
  return out;
}

outcome<std::optional<submit_failure>, wizard_error> read_failure(const json& value) {
  if (value.is_null()) return std::optional<submit_failure>();
  if (auto no = object_with(value, "/failure", {"kind", "status", "message"})) return std::move(*no);
  auto kind = string_at(value, "/failure", "kind");
  if (!kind.ok()) return std::move(kind.error());
  if (kind.value() != "network" && kind.value() != "server")
    return invalid("/failure/kind", "must be \"network\" or \"server\"");
  const auto& status = value["status"];
  if (!status.is_number_integer() || status.get<std::int64_t>() < 0 || status.get<std::int64_t>() > 599)
    return invalid("/failure/status", "must be 0 or an HTTP status");
  auto message = string_at(value, "/failure", "message");
  if (!message.ok()) return std::move(message.error());
  return std::optional<submit_failure>(
      submit_failure{kind.value() == "network" ? submit_failure::kind::network : submit_failure::kind::server,
                     status.get<int>(), std::move(message.value())});
}

bool is_method_scoped(const std::string& key) {
  return key.compare(0, 12, "credentials.") == 0 || key.compare(0, 11, "certificate") == 0;
}

// Why a value cannot stay in this form, or "" when it can.
std::string value_problem(const connector_form& form, const std::string& key) {
  // values of another method than the selected one are kept too (a switch back finds them)
  if (!has_input(form, key)) return "is not an input of this connector";
  return "";
}

}  // namespace

json to_json(const draft_migration& m) {
  return object_of({{"fromVersion", m.from_version}, {"toVersion", m.to_version}, {"dropped", m.dropped}});
}

json save_draft(const machine& m, bool include_secrets) {
  const auto& s = m.state();
  const auto& form = m.form();
  json values = json::object();
  bool left_out_secret = false;
  for (const auto& [key, value] : s.values) {
    if (!include_secrets && is_secret_field(form, key) && has_value(value)) {
      left_out_secret = true;
      continue;
    }
    values[key] = value;
  }
  step current = s.current;
  bool open = s.attempt_open;
  if (left_out_secret) {
    // without the secrets, the attempt cannot be resent as it was
    open = false;
    if (current == step::submitting) current = step::review;
  }
  json created;
  if (s.created) created = include_secrets ? *s.created : mask_instance_secrets(form, *s.created);
  return object_of({{"format", draft_format},
                    {"formatVersion", draft_format_version},
                    {"connector", object_of("id", form.connector_id, "version", form.connector_version)},
                    {"step", step_id(current)},
                    {"reached", step_id(s.reached)},
                    {"values", std::move(values)},
                    {"errors", errors_to_json(s.errors)},
                    {"failure", s.failure ? to_json(*s.failure) : json()},
                    {"idempotency", object_of({{"seed", s.idempotency_seed}, {"attempt", s.attempt}, {"open", open}})},
                    {"created", std::move(created)},
                    {"secretsIncluded", include_secrets}});
}

outcome<json, wizard_error> parse_draft(const std::string& text) {
  auto parsed = parse_json(text);
  if (!parsed.ok()) return invalid("", "is not JSON: " + parsed.error().message());
  return std::move(parsed.value());
}

outcome<std::string, wizard_error> draft_connector_id(const json& draft) {
  if (!draft.is_object()) return invalid("", "must be an object (what the wizard's save gives)");
  auto connector = draft.find("connector");
  if (connector == draft.end() || !connector->is_object()) return invalid("/connector", "must be an object");
  auto id = connector->find("id");
  if (id == connector->end() || !id->is_string()) return invalid("/connector/id", "must be a string");
  return id->get<std::string>();
}

outcome<restored_draft, wizard_error> read_draft(const connector_form& form, const json& d, bool migrate,
                                                 const instance_validator& validate) {
  if (auto no = object_with(d, "", {"format", "formatVersion", "connector", "step", "reached", "values", "errors",
                                    "failure", "idempotency", "created", "secretsIncluded"}))
    return std::move(*no);
  if (d["format"] != draft_format) return invalid("/format", std::string("must be \"") + draft_format + "\"");
  if (!d["formatVersion"].is_number_integer() || d["formatVersion"] != draft_format_version)
    return invalid("/formatVersion", "must be " + std::to_string(draft_format_version));

  const auto& connector = d["connector"];
  if (auto no = object_with(connector, "/connector", {"id", "version"})) return std::move(*no);
  auto id_read = string_at(connector, "/connector", "id");
  if (!id_read.ok()) return std::move(id_read.error());
  auto version_read = string_at(connector, "/connector", "version");
  if (!version_read.ok()) return std::move(version_read.error());
  const std::string& id = id_read.value();
  const std::string& version = version_read.value();
  if (id != form.connector_id)
    return wizard_error{"draft_connector_mismatch",
                        "the draft is for connector '" + id + "', not '" + form.connector_id + "'",
                        object_of("expected", form.connector_id, "found", id)};
  const bool other_version = version != form.connector_version;
  if (other_version && !migrate)
    return wizard_error{"draft_version_mismatch",
                        "the draft is for version " + version + " of connector '" + id +
                            "', the catalog has version " + form.connector_version,
                        object_of("expected", form.connector_version, "found", version)};

  wizard_state s;
  auto current = step_at(d, "step");
  if (!current.ok()) return std::move(current.error());
  s.current = current.value();
  auto reached = step_at(d, "reached");
  if (!reached.ok()) return std::move(reached.error());
  s.reached = reached.value();
  if (!is_editing_step(s.reached)) return invalid("/reached", "must be an editing step");
  if (!d["values"].is_object()) return invalid("/values", "must be an object");
  for (const auto& [key, value] : d["values"].items()) {
    if (value.is_object() || value.is_array())
      return invalid("/values/" + key, "must be a string, number, boolean or null");
    s.values[key] = value;
  }
  auto errors = read_errors(d["errors"]);
  if (!errors.ok()) return std::move(errors.error());
  s.errors = std::move(errors.value());
  auto failure = read_failure(d["failure"]);
  if (!failure.ok()) return std::move(failure.error());
  s.failure = std::move(failure.value());
  const auto& idem = d["idempotency"];
  if (auto no = object_with(idem, "/idempotency", {"seed", "attempt", "open"})) return std::move(*no);
  auto seed = string_at(idem, "/idempotency", "seed");
  if (!seed.ok()) return std::move(seed.error());
  s.idempotency_seed = std::move(seed.value());
  if (auto problem = idempotency_seed_problem(s.idempotency_seed)) return invalid("/idempotency/seed", *problem);
  const auto& attempt = idem["attempt"];
  if (!attempt.is_number_integer() || attempt.get<std::int64_t>() < 0 ||
      attempt.get<std::int64_t>() > std::numeric_limits<std::uint32_t>::max())
    return invalid("/idempotency/attempt", "must be a count of attempts");
  s.attempt = attempt.get<std::uint32_t>();
  if (!idem["open"].is_boolean()) return invalid("/idempotency/open", "must be a boolean");
  s.attempt_open = idem["open"].get<bool>();
  if (s.attempt_open && s.attempt == 0) return invalid("/idempotency/open", "no attempt was made yet");
  if (!d["created"].is_null()) s.created = d["created"];
  if (!d["secretsIncluded"].is_boolean()) return invalid("/secretsIncluded", "must be a boolean");

  if (s.created.has_value() != (s.current == step::created))
    return invalid("/created", "is set exactly when the step is \"created\"");

  if (other_version) {
    // migrate: keep what the new version still has, restart at the first step
    draft_migration migration{version, form.connector_version, {}};
    wizard_state m = initial_state(form, s.idempotency_seed);
    m.attempt = s.attempt;
    auto method = s.values.find("authMethodId");
    if (method != s.values.end()) {
      if (method->second.is_string() && form.method(method->second.get<std::string>()))
        m.values["authMethodId"] = method->second;
      else if (method->second != value_of(m.values, "authMethodId"))
        migration.dropped.push_back("authMethodId");
    }
    fill_method_defaults(form, m.values);
    const auth_method_form* selected = selected_method(form, m.values);
    for (const auto& [key, value] : s.values) {
      if (key == "authMethodId") continue;
      if (!value_problem(form, key).empty()) {
        migration.dropped.push_back(key);
        continue;
      }
      const field_spec* spec = find_field_anywhere(form, key);
      if (selected && is_method_scoped(key))
        for (const auto& f : selected->fields)
          if (f.key == key) spec = &f;
      if (spec && spec->locked) {
        if (m.values[key] != value) migration.dropped.push_back(key);
        continue;
      }
      m.values[key] = value;
    }
    return restored_draft{std::move(m), std::move(migration)};
  }

  for (const auto& [key, value] : s.values) {
    auto problem = value_problem(form, key);
    if (!problem.empty()) return invalid("/values/" + key, problem);
  }
  if (const auth_method_form* method = selected_method(form, s.values))
    for (const auto& f : method->fields)
      if (f.locked && value_of(s.values, f.key) != f.default_value)
        return invalid("/values/" + f.key, "is locked to its default value");
  if (is_editing_step(s.current) && s.reached < s.current)
    return invalid("/reached", "cannot be before the current step");
  if (s.current == step::submitting && !s.attempt_open)
    return invalid("/idempotency/open", "a submitting draft has an open attempt");

  if (s.current == step::submitting) {
    // validated again: the submission is only ever produced from a state that validates
    auto errors = validate(build_instance(form, s.values)).errors;
    if (!errors.empty()) {
      s.current = first_step_with_error(errors);
      s.errors = std::move(errors);
    }
  }
  return restored_draft{std::move(s), std::nullopt};
}

}  // namespace wizard
}  // namespace core
