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

[[noreturn]] void bad_option(const std::string& field, const std::string& message) {
  throw wizard_error(invalid_argument_code, message, object_of("field", field));
}

// Runs an action; wizard_error becomes its code and details, anything else goes to
// guarded_json's generic mapping.
template <class Fn>
std::string answer(Fn&& fn) {
  return guarded_json([&]() -> json {
    try {
      return fn();
    } catch (const wizard_error& e) {
      return error_json(e.code(), e.what(), e.details());
    }
  });
}

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

wizard_setup read_setup(const json& options, bool for_restore, setup_for purpose = setup_for::open) {
  if (!options.is_object()) bad_option("options", "the options must be an object");
  for (const auto& [key, _] : options.items())
    if (key != "catalog" && key != "connectorId" && key != "pools" && key != "existingNames" &&
        key != "instances" && key != "instanceId" && key != "now" && key != "idempotencyKey" && !(for_restore && key == "migrate"))
      bad_option(key, "'" + key + "' is not an option of the wizard");

  wizard_setup setup;
  const json& cat = member(options, "catalog");
  json definitions;
  json pools;
  if (cat.is_array()) {
    definitions = cat;
  } else if (cat.is_object() && cat.contains("definitions")) {
    for (const auto& [key, _] : cat.items())
      if (key != "definitions" && key != "pools")
        bad_option("catalog." + key, "the catalog holds \"definitions\" and \"pools\"");
    definitions = cat["definitions"];
    pools = member(cat, "pools");
    if (!definitions.is_array()) bad_option("catalog.definitions", "must be an array of connector definitions");
    if (!pools.is_null() && !pools.is_array()) bad_option("catalog.pools", "must be an array of pools");
  } else {
    bad_option("catalog", "the catalog is an array of connector definitions or {definitions, pools}");
  }
  const json_document definitions_document = json_document::of(definitions);
  const json_document pools_document = json_document::of(pools);
  auto loaded = std::make_shared<const catalog::catalog>(
      catalog::catalog::load(definitions_document.root(), pools_document.root()));

  const json& id = member(options, "connectorId");
  if (!id.is_string()) bad_option("connectorId", "connectorId must be a string");
  const catalog::connector_definition* connector = loaded->find_connector(id.get<std::string>());
  if (!connector) {
    json problems = json::array();
    for (const auto& p : loaded->problems())
      if (p.id && *p.id == id.get<std::string>()) problems.push_back(catalog::to_json(p));
    throw wizard_error("connector_not_found",
                       problems.empty() ? "the catalog has no connector '" + id.get<std::string>() + "'"
                                        : "the catalog's definition of '" + id.get<std::string>() + "' is invalid",
                       object_of("field", "connectorId", "problems", std::move(problems)));
  }

  json context = json::object();
  for (const char* key : {"pools", "existingNames", "instances", "instanceId", "now"})
    if (options.contains(key)) context[key] = options[key];
  auto parsed = validation::parse_validation_context(context);
  if (!parsed.context) bad_option("options", parsed.error);
  setup.context = std::move(*parsed.context);

  setup.form = wizard::build_form(*connector, setup.context.pools ? *setup.context.pools : loaded->pools(),
                                  validation::limit_owner_choices(setup.context));
  setup.catalog = std::move(loaded);

  const json& key = member(options, "idempotencyKey");
  if (purpose == setup_for::describe) {
    if (!key.is_null()) bad_option("idempotencyKey", "a form description takes no idempotency key");
  } else if (!for_restore) {
    if (!key.is_string()) bad_option("idempotencyKey", "idempotencyKey must be a string (e.g. crypto.randomUUID())");
    setup.seed = key.get<std::string>();
  } else if (!key.is_null()) {
    bad_option("idempotencyKey", "a restored wizard keeps the draft's idempotency key");
  }
  const json& migrate = member(options, "migrate");
  if (!migrate.is_null() && !migrate.is_boolean()) bad_option("migrate", "migrate must be a boolean");
  setup.migrate = migrate.is_boolean() && migrate.get<bool>();
  return setup;
}

}  // namespace

std::string wizard_time_zones() {
  return guarded_json([] {
    json out = json::array();
    for (const auto& c : wizard::time_zone_choices()) out.push_back(object_of("value", c.value, "label", c.label));
    return out;
  });
}

std::string wizard_form(const std::string& options_json) {
  return answer([&] {
    auto setup = read_setup(parse_json(options_json), false, setup_for::describe);
    return wizard::form_json(setup.form);
  });
}

std::string wizard_build_instance(const std::string& options_json, const std::string& values_json) {
  return answer([&] {
    auto setup = read_setup(parse_json(options_json), false, setup_for::describe);
    const json values = parse_json(values_json);
    if (!values.is_object()) bad_option("values", "the values are an object of field path -> value");
    wizard::field_values entered;
    for (const auto& [key, value] : values.items()) {
      if (!wizard::has_input(setup.form, key))
        throw wizard::unknown_field_error(key);
      if (value.is_object() || value.is_array())
        throw wizard_error("invalid_value", "an input holds a string, a number, a boolean or null",
                           object_of("field", key));
      entered[key] = value;
    }
    return wizard::build_instance(setup.form, entered);
  });
}

struct wizard_session::impl {
  std::unique_ptr<wizard::machine> machine;

  wizard::machine& open_machine() {
    if (!machine) throw wizard_error("wizard_not_open", "the wizard was not opened (open or restore first)");
    return *machine;
  }
  json view_json() {
    auto& m = open_machine();
    return wizard::to_json(wizard::make_view(m), m.form());
  }
};

wizard_session::wizard_session() : impl_(std::make_unique<impl>()) {}
wizard_session::~wizard_session() = default;

std::string wizard_session::open(const std::string& options_json) {
  return answer([&] {
    auto setup = read_setup(parse_json(options_json), false);
    auto rules = wizard::bind_instance_rules(setup.catalog, setup.context);
    impl_->machine = std::make_unique<wizard::machine>(std::move(setup.form), std::move(rules), setup.seed);
    return impl_->view_json();
  });
}

std::string wizard_session::restore(const std::string& draft_json, const std::string& options_json) {
  return answer([&] {
    const json draft = wizard::parse_draft(draft_json);
    json options = parse_json(options_json);
    // the draft names its connector: the options may leave it out
    if (options.is_object() && member(options, "connectorId").is_null())
      options["connectorId"] = wizard::draft_connector_id(draft);
    auto setup = read_setup(options, true);
    auto rules = wizard::bind_instance_rules(setup.catalog, setup.context);
    auto restored = wizard::read_draft(setup.form, draft, setup.migrate, rules);
    impl_->machine = std::make_unique<wizard::machine>(std::move(setup.form), std::move(rules),
                                                       std::move(restored.state));
    return object_of({{"view", impl_->view_json()},
                      {"migration", restored.migration ? wizard::to_json(*restored.migration) : json()}});
  });
}

std::string wizard_session::view() const {
  return answer([&] { return impl_->view_json(); });
}

std::string wizard_session::set(const std::string& field, const std::string& value_json) {
  return answer([&] {
    impl_->open_machine().set(field, parse_json(value_json));
    return impl_->view_json();
  });
}

std::string wizard_session::next() {
  return answer([&] {
    impl_->open_machine().next();
    return impl_->view_json();
  });
}

std::string wizard_session::back() {
  return answer([&] {
    impl_->open_machine().back();
    return impl_->view_json();
  });
}

std::string wizard_session::go_to(const std::string& step) {
  return answer([&] {
    auto target = wizard::parse_step(step);
    if (!target)
      throw wizard_error("step_not_allowed", "'" + step + "' is not a step of the wizard", object_of("step", step));
    impl_->open_machine().go_to(*target);
    return impl_->view_json();
  });
}

std::string wizard_session::cancel() {
  return answer([&] {
    impl_->open_machine().cancel();
    return impl_->view_json();
  });
}

std::string wizard_session::reset() {
  return answer([&] {
    impl_->open_machine().reset();
    return impl_->view_json();
  });
}

std::string wizard_session::submission() const {
  return answer([&] {
    auto s = impl_->open_machine().current_submission();
    return object_of("payload", std::move(s.payload), "idempotencyKey", std::move(s.idempotency_key));
  });
}

std::string wizard_session::instance() const {
  return answer([&] {
    const auto& m = impl_->open_machine();
    return wizard::build_instance(m.form(), m.state().values);
  });
}

std::string wizard_session::apply_response(const std::string& response_json) {
  return answer([&] {
    auto response = parse_json(response_json);
    if (!response.is_object()) bad_option("response", "the response is {status, body}");
    for (const auto& [key, _] : response.items())
      if (key != "status" && key != "body") bad_option("response." + key, "the response is {status, body}");
    const json& status = member(response, "status");
    if (!status.is_number_integer())
      throw wizard_error("invalid_response", "status must be an HTTP status code", object_of("field", "status"));
    const auto code = status.get<std::int64_t>();
    impl_->open_machine().apply_response(code < 0 || code > 999 ? -1 : static_cast<int>(code),
                                         member(response, "body"));
    return impl_->view_json();
  });
}

std::string wizard_session::check(const std::string& field) const {
  return answer([&] {
    const auto& m = impl_->open_machine();
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
  return answer([&] {
    impl_->open_machine().apply_network_error(message);
    return impl_->view_json();
  });
}

std::string wizard_session::save(bool include_secrets) const {
  return answer([&] { return wizard::save_draft(impl_->open_machine(), include_secrets); });
}

}  // namespace api
}  // namespace core
