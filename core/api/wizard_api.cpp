#include "core/api/wizard_api.h"

#include "core/catalog/catalog.h"
#include "core/common/boundary.h"
#include "core/common/json_object.h"
#include "core/common/json_parse.h"
#include "core/validation/instance_validation.h"
#include "core/wizard/draft.h"
#include "core/wizard/form_builder.h"
#include "core/wizard/instance_rules.h"
#include "core/wizard/machine.h"
#include "core/wizard/payload.h"
#include "core/wizard/step_fields.h"
#include "core/wizard/view_model.h"
#include "core/wizard/wizard_error.h"

namespace core {
namespace api {

namespace {

using nlohmann::json;
using core::wizard::wizard_error;

using answer = outcome<json, wizard_error>;

wizard_error bad_option(const std::string& field, const std::string& message) {
  return {invalid_argument_code, message, object_of("field", field)};
}

// The answer as text: its JSON, or the error answer with the error's code and details.
std::string text_of(const answer& a) {
  return json_text(a.ok() ? a.value() : error_json(a.error().code, a.error().message, a.error().details));
}

// The value of an argument's JSON text; invalid_json (with the byte where reading stopped).
answer parse_argument(const std::string& text) {
  auto parsed = parse_json(text);
  if (parsed.ok()) return std::move(parsed.value());
  return wizard_error{invalid_json_code, parsed.error().message(), object_of("position", parsed.error().position)};
}

wizard_error not_open() { return {"wizard_not_open", "the wizard was not opened (open or restore first)"}; }

struct wizard_setup {
  std::shared_ptr<const catalog::catalog> catalog;
  validation::validation_context context;
  wizard::connector_form form;
  std::string seed;
  bool migrate = false;
};

const json& member(const json& options, const char* key) {
  static const json null_value;
  auto it = options.find(key);
  return it == options.end() ? null_value : *it;
}

enum class setup_for { open, restore, describe };

outcome<wizard_setup, wizard_error> read_setup(const json& options, bool for_restore,
                                               setup_for purpose = setup_for::open) {
  if (!options.is_object()) return bad_option("options", "the options must be an object");
  for (const auto& [key, _] : options.items())
    if (key != "catalog" && key != "connectorId" && key != "pools" && key != "existingNames" &&
        key != "instances" && key != "instanceId" && key != "now" && key != "idempotencyKey" && !(for_restore && key == "migrate"))
      return bad_option(key, "'" + key + "' is not an option of the wizard");

  wizard_setup setup;
  const json& cat = member(options, "catalog");
  json definitions;
  json pools;
  if (cat.is_array()) {
    definitions = cat;
  } else if (cat.is_object() && cat.contains("definitions")) {
    for (const auto& [key, _] : cat.items())
      if (key != "definitions" && key != "pools")
        return bad_option("catalog." + key, "the catalog holds \"definitions\" and \"pools\"");
    definitions = cat["definitions"];
    pools = member(cat, "pools");
    if (!definitions.is_array()) return bad_option("catalog.definitions", "must be an array of connector definitions");
    if (!pools.is_null() && !pools.is_array()) return bad_option("catalog.pools", "must be an array of pools");
  } else {
    return bad_option("catalog", "the catalog is an array of connector definitions or {definitions, pools}");
  }
  const json_document definitions_document = json_document::of(definitions);
  const json_document pools_document = json_document::of(pools);
  auto loaded = std::make_shared<const catalog::catalog>(
      catalog::catalog::load(definitions_document.root(), pools_document.root()));

  const json& id = member(options, "connectorId");
  if (!id.is_string()) return bad_option("connectorId", "connectorId must be a string");
  const catalog::connector_definition* connector = loaded->find_connector(id.get<std::string>());
  if (!connector) {
    json problems = json::array();
    for (const auto& p : loaded->problems())
      if (p.id && *p.id == id.get<std::string>()) problems.push_back(catalog::to_json(p));
    return wizard_error{"connector_not_found",
                        problems.empty() ? "the catalog has no connector '" + id.get<std::string>() + "'"
                                         : "the catalog's definition of '" + id.get<std::string>() + "' is invalid",
                        object_of("field", "connectorId", "problems", std::move(problems))};
  }

  json context = json::object();
  for (const char* key : {"pools", "existingNames", "instances", "instanceId", "now"})
    if (options.contains(key)) context[key] = options[key];
  auto parsed = validation::parse_validation_context(context);
  if (!parsed.context) return bad_option("options", parsed.error);
  setup.context = std::move(*parsed.context);

  setup.form = wizard::build_form(*connector, setup.context.pools ? *setup.context.pools : loaded->pools(),
                                  validation::limit_owner_choices(setup.context));
  setup.catalog = std::move(loaded);

  const json& key = member(options, "idempotencyKey");
  if (purpose == setup_for::describe) {
    if (!key.is_null()) return bad_option("idempotencyKey", "a form description takes no idempotency key");
  } else if (!for_restore) {
    if (!key.is_string())
      return bad_option("idempotencyKey", "idempotencyKey must be a string (e.g. crypto.randomUUID())");
    setup.seed = key.get<std::string>();
  } else if (!key.is_null()) {
    return bad_option("idempotencyKey", "a restored wizard keeps the draft's idempotency key");
  }
  const json& migrate = member(options, "migrate");
  if (!migrate.is_null() && !migrate.is_boolean()) return bad_option("migrate", "migrate must be a boolean");
  setup.migrate = migrate.is_boolean() && migrate.get<bool>();
  return setup;
}

// The setup of options given as JSON text.
outcome<wizard_setup, wizard_error> read_setup_text(const std::string& options_json, setup_for purpose) {
  auto options = parse_argument(options_json);
  if (!options.ok()) return std::move(options.error());
  return read_setup(options.value(), false, purpose);
}

}  // namespace

std::string wizard_time_zones() {
  json out = json::array();
  for (const auto& c : wizard::time_zone_choices()) out.push_back(object_of("value", c.value, "label", c.label));
  return json_text(out);
}

std::string wizard_form(const std::string& options_json) {
  auto setup = read_setup_text(options_json, setup_for::describe);
  if (!setup.ok()) return text_of(std::move(setup.error()));
  return text_of(wizard::form_json(setup.value().form));
}

std::string wizard_build_instance(const std::string& options_json, const std::string& values_json) {
  return text_of([&]() -> answer {
    auto setup = read_setup_text(options_json, setup_for::describe);
    if (!setup.ok()) return std::move(setup.error());
    auto read = parse_argument(values_json);
    if (!read.ok()) return read;
    const json& values = read.value();
    if (!values.is_object()) return bad_option("values", "the values are an object of field path -> value");
    wizard::field_values entered;
    for (const auto& [key, value] : values.items()) {
      if (!wizard::has_input(setup.value().form, key)) return wizard::unknown_field_error(key);
      if (value.is_object() || value.is_array())
        return wizard_error{"invalid_value", "an input holds a string, a number, a boolean or null",
                            object_of("field", key)};
      entered[key] = value;
    }
    return wizard::build_instance(setup.value().form, entered);
  }());
}

struct wizard_session::impl {
  std::unique_ptr<wizard::machine> machine;

  json view_json() const { return wizard::to_json(wizard::make_view(*machine), machine->form()); }

  // The answer of an action on the open wizard: what `fn(machine)` refused, or the view.
  template <class Fn>
  std::string act(Fn&& fn) {
    if (!machine) return text_of(not_open());
    if (std::optional<wizard_error> refused = fn(*machine)) return text_of(std::move(*refused));
    return text_of(view_json());
  }
  // fn(machine) -> answer on the open wizard, without changing it.
  template <class Fn>
  std::string read(Fn&& fn) const {
    if (!machine) return text_of(not_open());
    return text_of(fn(static_cast<const wizard::machine&>(*machine)));
  }
};

wizard_session::wizard_session() : impl_(std::make_unique<impl>()) {}
wizard_session::~wizard_session() = default;

std::string wizard_session::open(const std::string& options_json) {
  auto setup = read_setup_text(options_json, setup_for::open);
  if (!setup.ok()) return text_of(std::move(setup.error()));
  auto rules = wizard::bind_instance_rules(setup.value().catalog, setup.value().context);
  auto started = wizard::machine::start(std::move(setup.value().form), std::move(rules), setup.value().seed);
  if (!started.ok()) return text_of(std::move(started.error()));
  impl_->machine = std::make_unique<wizard::machine>(std::move(started.value()));
  return text_of(impl_->view_json());
}

std::string wizard_session::restore(const std::string& draft_json, const std::string& options_json) {
  return text_of([&]() -> answer {
    auto draft = wizard::parse_draft(draft_json);
    if (!draft.ok()) return std::move(draft.error());
    auto read = parse_argument(options_json);
    if (!read.ok()) return read;
    json& options = read.value();
    // the draft names its connector: the options may leave it out
    if (options.is_object() && member(options, "connectorId").is_null()) {
      auto id = wizard::draft_connector_id(draft.value());
      if (!id.ok()) return std::move(id.error());
      options["connectorId"] = std::move(id.value());
    }
    auto setup = read_setup(options, true);
    if (!setup.ok()) return std::move(setup.error());
    auto rules = wizard::bind_instance_rules(setup.value().catalog, setup.value().context);
    auto restored = wizard::read_draft(setup.value().form, draft.value(), setup.value().migrate, rules);
    if (!restored.ok()) return std::move(restored.error());
    impl_->machine = std::make_unique<wizard::machine>(std::move(setup.value().form), std::move(rules),
                                                       std::move(restored.value().state));
    const auto& migration = restored.value().migration;
    return object_of({{"view", impl_->view_json()}, {"migration", migration ? wizard::to_json(*migration) : json()}});
  }());
}

std::string wizard_session::view() const {
  return impl_->read([&](const wizard::machine&) -> answer { return impl_->view_json(); });
}

std::string wizard_session::set(const std::string& field, const std::string& value_json) {
  auto value = parse_argument(value_json);
  if (!value.ok()) return text_of(value);
  return impl_->act([&](wizard::machine& m) { return m.set(field, std::move(value.value())).refused; });
}

std::string wizard_session::next() {
  return impl_->act([](wizard::machine& m) { return m.next().refused; });
}

std::string wizard_session::back() {
  return impl_->act([](wizard::machine& m) { return m.back().refused; });
}

std::string wizard_session::go_to(const std::string& step) {
  return impl_->act([&](wizard::machine& m) -> std::optional<wizard_error> {
    auto target = wizard::parse_step(step);
    if (!target)
      return wizard_error{"step_not_allowed", "'" + step + "' is not a step of the wizard", object_of("step", step)};
    return m.go_to(*target).refused;
  });
}

std::string wizard_session::cancel() {
  return impl_->act([](wizard::machine& m) { return m.cancel().refused; });
}

std::string wizard_session::reset() {
  return impl_->act([](wizard::machine& m) { return m.reset().refused; });
}

std::string wizard_session::submission() const {
  return impl_->read([](const wizard::machine& m) -> answer {
    auto s = m.current_submission();
    if (!s.ok()) return std::move(s.error());
    return object_of("payload", std::move(s.value().payload), "idempotencyKey", std::move(s.value().idempotency_key));
  });
}

std::string wizard_session::instance() const {
  return impl_->read(
      [](const wizard::machine& m) -> answer { return wizard::build_instance(m.form(), m.state().values); });
}

std::string wizard_session::apply_response(const std::string& response_json) {
  auto read = parse_argument(response_json);
  if (!read.ok()) return text_of(read);
  return impl_->act([&](wizard::machine& m) -> std::optional<wizard_error> {
    const json& response = read.value();
    if (!response.is_object()) return bad_option("response", "the response is {status, body}");
    for (const auto& [key, _] : response.items())
      if (key != "status" && key != "body") return bad_option("response." + key, "the response is {status, body}");
    const json& status = member(response, "status");
    if (!status.is_number_integer())
      return wizard_error{"invalid_response", "status must be an HTTP status code", object_of("field", "status")};
    const auto code = status.get<std::int64_t>();
    return m.apply_response(code < 0 || code > 999 ? -1 : static_cast<int>(code), member(response, "body")).refused;
  });
}

std::string wizard_session::check(const std::string& field) const {
  return impl_->read([&](const wizard::machine& m) -> answer {
    const auto current = m.state().current;
    auto only = [&](std::vector<wizard::field_error> all) {
      if (field.empty()) return all;
      std::vector<wizard::field_error> mine;
      for (auto& e : all)
        if (e.field == field) mine.push_back(std::move(e));
      return mine;
    };
    return object_of({{"errors", validation::to_json(only(m.validate_step(current)))},
                      {"warnings", validation::to_json(only(m.warnings_of(current)))}});
  });
}

std::string wizard_session::apply_network_error(const std::string& message) {
  return impl_->act([&](wizard::machine& m) { return m.apply_network_error(message).refused; });
}

std::string wizard_session::save(bool include_secrets) const {
  return impl_->read([&](const wizard::machine& m) -> answer { return wizard::save_draft(m, include_secrets); });
}

}  // namespace api
}  // namespace core
