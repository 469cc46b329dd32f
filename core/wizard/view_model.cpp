#include "core/wizard/view_model.h"

#include <algorithm>

#include "core/common/json_object.h"
#include "core/common/json_text.h"
#include "core/wizard/secrets.h"
#include "core/wizard/step_fields.h"

namespace core {
namespace wizard {

namespace {

std::string display_of(const field_spec& spec, const nlohmann::json& value) {
  if (spec.secret) return has_value(value) ? secret_mask : "";
  if (value.is_null()) return spec.clearable ? "None" : "";
  for (const auto& o : spec.options)
    if (o.value == value) return o.label;
  if (value.is_boolean()) return value.get<bool>() ? "Yes" : "No";
  if (value.is_string()) return value.get<std::string>();
  return json_text(value);
}

std::string next_label(const machine& m) {
  const auto& s = m.state();
  if (s.current == step::review) return s.failure && s.attempt_open ? "Retry" : "Create instance";
  return "Next";
}

}  // namespace

view_model make_view(const machine& m) {
  const auto& state = m.state();
  const auto& form = m.form();
  view_model v;
  v.current = state.current;
  v.position = m.position();
  const auto shown = m.shown_steps();
  v.count = shown.size();
  const auto reachable = m.reachable_steps();
  for (step s : shown)
    v.steps.push_back({s, s == state.current,
                       std::find(reachable.begin(), reachable.end(), s) != reachable.end()});
  for (const auto& spec : step_fields(form, state.values, state.current)) {
    field_view f;
    f.spec = spec;
    const auto& value = value_of(state.values, spec.key);
    f.has_value = has_value(value);
    f.value = spec.secret ? nlohmann::json() : value;
    for (const auto& e : state.errors)
      if (e.field == spec.key) {
        f.error = e;
        break;
      }
    v.fields.push_back(std::move(f));
  }
  if (is_editing_step(state.current)) {
    v.warnings = m.warnings_of(state.current);
    for (auto& f : v.fields)
      for (const auto& w : v.warnings)
        if (w.field == f.spec.key && !f.warning) f.warning = w;
  }
  if (is_editing_step(state.current))
    for (const auto& e : state.errors)
      if (state.current == step::review || step_of_field(e.field) == state.current) v.errors.push_back(e);
  v.actions = m.allowed_actions();
  if (std::find(v.actions.begin(), v.actions.end(), actions::next) != v.actions.end())
    v.next_label = next_label(m);
  if (state.current == step::review || state.current == step::submitting) {
    for (step s : {step::name, step::settings, step::auth_type, step::credentials}) {
      // a step that is not shown (one auth method) still has its line: what is stored
      summary_section section{s, {}, m.shows(s)};
      for (const auto& spec : step_fields(form, state.values, s)) {
        const auto& value = value_of(state.values, spec.key);
        section.items.push_back({spec.key, spec.label, spec.secret ? nlohmann::json() : value,
                                 display_of(spec, value), spec.secret});
      }
      v.summary.push_back(std::move(section));
    }
  }
  v.failure = state.failure;
  if (state.created) v.instance = mask_instance_secrets(form, *state.created);
  return v;
}

nlohmann::json to_json(const submit_failure& f) {
  return object_of({{"kind", f.what == submit_failure::kind::network ? "network" : "server"},
                    {"status", f.status},
                    {"message", f.message}});
}

namespace {

nlohmann::json to_json(const field_view& f) {
  nlohmann::json options = nlohmann::json::array();
  for (const auto& o : f.spec.options) options.push_back(object_of("value", o.value, "label", o.label));
  return object_of({{"key", f.spec.key},
                    {"label", f.spec.label},
                    {"type", f.spec.type},
                    {"value", f.value},
                    {"hasValue", f.has_value},
                    {"options", std::move(options)},
                    {"required", f.spec.required},
                    {"secret", f.spec.secret},
                    {"locked", f.spec.locked},
                    {"advanced", f.spec.advanced},
                    {"clearable", f.spec.clearable},
                    {"shownUnless", f.spec.shown_unless.empty() ? nlohmann::json() : nlohmann::json(f.spec.shown_unless)},
                    {"help", f.spec.help},
                    {"error", f.error ? validation::to_json(*f.error) : nlohmann::json()},
                    {"warning", f.warning ? validation::to_json(*f.warning) : nlohmann::json()}});
}

nlohmann::json errors_json(const std::vector<field_error>& errors) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : errors) out.push_back(validation::to_json(e));
  return out;
}

nlohmann::json default_field_json(const field_spec& spec) {
  field_view f;
  f.spec = spec;
  f.has_value = has_value(spec.default_value);
  f.value = spec.secret ? nlohmann::json() : spec.default_value;
  return to_json(f);
}

}  // namespace

nlohmann::json form_json(const connector_form& form) {
  nlohmann::json settings = nlohmann::json::array();
  for (const auto& spec : form.settings) settings.push_back(default_field_json(spec));
  nlohmann::json methods = nlohmann::json::object();
  for (const auto& m : form.methods) {
    nlohmann::json fields = nlohmann::json::array();
    for (const auto& spec : m.fields) fields.push_back(default_field_json(spec));
    methods[m.id] = std::move(fields);
  }
  return object_of({{"name", default_field_json(form.name)},
                    {"settings", std::move(settings)},
                    {"authMethod", default_field_json(form.auth_method_field())},
                    {"methods", std::move(methods)}});
}

nlohmann::json to_json(const view_model& v, const connector_form& form) {
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& s : v.steps)
    steps.push_back(object_of({{"id", step_id(s.id)}, {"title", step_title(s.id)}, {"current", s.current},
                               {"reachable", s.reachable}}));
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& f : v.fields) fields.push_back(to_json(f));
  nlohmann::json summary = nlohmann::json::array();
  for (const auto& section : v.summary) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& i : section.items)
      items.push_back(object_of({{"key", i.key}, {"label", i.label}, {"value", i.value},
                                 {"display", i.display}, {"secret", i.secret}}));
    summary.push_back(object_of({{"step", step_id(section.id)}, {"title", step_title(section.id)},
                                 {"changeable", section.changeable}, {"items", std::move(items)}}));
  }
  return object_of({{"step", step_id(v.current)},
                    {"title", step_title(v.current)},
                    {"connector", object_of({{"id", form.connector_id},
                                             {"name", form.connector_name},
                                             {"version", form.connector_version}})},
                    {"progress", object_of("position", v.position, "count", v.count)},
                    {"steps", std::move(steps)},
                    {"fields", std::move(fields)},
                    {"errors", errors_json(v.errors)},
                    {"warnings", errors_json(v.warnings)},
                    {"actions", v.actions},
                    {"nextLabel", v.next_label},
                    {"summary", std::move(summary)},
                    {"failure", v.failure ? to_json(*v.failure) : nlohmann::json()},
                    {"instance", v.instance ? *v.instance : nlohmann::json()}});
}

}  // namespace wizard
}  // namespace core
