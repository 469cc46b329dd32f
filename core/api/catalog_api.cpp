#include "core/api/catalog_api.h"

#include <map>
#include <memory>

#include "core/api/json_memory.h"
#include "core/catalog/catalog.h"
#include "core/catalog/definition_json.h"
#include "core/catalog/definition_parser.h"
#include "core/catalog/secrets.h"
#include "core/catalog/text_template.h"
#include "core/common/boundary.h"
#include "core/common/json_document.h"
#include "core/common/json_parse.h"
#include "core/common/spin_lock.h"
#include "core/common/strict_json.h"
#include "core/validation/instance_validation.h"
#include "core/validation/laravel.h"
#include "core/validation/name_key.h"
#include "core/values/messages.h"

namespace core::api {
namespace {

using nlohmann::json;

// Loaded catalogs by handle. Handles are never reused, so a stale handle cannot reach
// another caller's catalog.
class catalog_registry {
 public:
  int add(catalog::catalog c) {
    spin_lock_guard hold(lock_);
    const int handle = next_++;
    catalogs_.emplace(handle, std::make_shared<const catalog::catalog>(std::move(c)));
    return handle;
  }
  std::shared_ptr<const catalog::catalog> find(int handle) const {
    spin_lock_guard hold(lock_);
    auto it = catalogs_.find(handle);
    return it == catalogs_.end() ? nullptr : it->second;
  }
  bool remove(int handle) {
    spin_lock_guard hold(lock_);
    return catalogs_.erase(handle) > 0;
  }

 private:
  mutable spin_lock lock_;
  std::map<int, std::shared_ptr<const catalog::catalog>> catalogs_;
  int next_ = 1;
};

catalog_registry& registry() {
  static catalog_registry instance;
  return instance;
}

struct argument_error {
  std::string message;
};

// An argument the facade serialised with JSON.stringify (which cannot repeat a key), read
// as a document; text that is not JSON, or nests more than default_max_json_depth levels,
// is an argument error that says why.
json_document read_argument(const std::string& text, const char* what) {
  if (auto document = json_document::read(text)) return std::move(*document);
  json_read_report report;
  json_document::read(text, report);
  throw argument_error{std::string(what) + ": " +
                       (report.too_deep ? "nested more than " + std::to_string(default_max_json_depth) + " levels deep"
                                        : json_syntax_error(report.position, report.reason).what())};
}

json parse_argument(const std::string& text, const char* what) {
  return read_argument(text, what).root().to_json();
}

std::shared_ptr<const catalog::catalog> require_catalog(int handle) {
  auto c = registry().find(handle);
  if (!c) throw argument_error{"unknown or disposed catalog handle " + std::to_string(handle)};
  return c;
}

json problems_json(const std::vector<catalog::load_problem>& problems) {
  json out = json::array();
  for (const auto& p : problems) out.push_back(catalog::to_json(p));
  return out;
}

// guarded_json plus argument errors -> {"error": {"code": "invalid_argument", ...}}
template <class Fn>
std::string answer(Fn&& fn) {
  return guarded_json([&]() -> json {
    try {
      return fn();
    } catch (const argument_error& e) {
      return error_json(invalid_argument_code, e.message);
    }
  });
}

// answer() for an entry point that writes its answer as text itself.
template <class Fn>
std::string text_answer(Fn&& fn) {
  try {
    return fn();
  } catch (const argument_error& e) {
    return json_text(error_json(invalid_argument_code, e.message));
  } catch (...) {
    return exception_to_error_json(std::current_exception());
  }
}

}  // namespace

std::string catalog_load(const std::string& definitions_json, const std::string& options_json) {
  return answer([&]() -> json {
    auto parsed = parse_strict_json(definitions_json);
    if (!parsed.value) {
      throw argument_error{"definitions: " + (parsed.problems.empty()
                                                  ? std::string("not JSON")
                                                  : parsed.problems.front().message)};
    }
    const json& definitions = *parsed.value;
    const json options = parse_argument(options_json, "options");
    if (!options.is_null() && !options.is_object()) {
      throw argument_error{"options must be an object"};
    }
    json pools = nullptr;
    if (options.is_object()) {
      auto it = options.find("pools");
      if (it != options.end()) pools = *it;
    }
    // duplicate keys in the text reject the definition they are in
    catalog::catalog loaded = catalog::catalog::load(definitions, pools, parsed.problems);
    const bool any_given = !(definitions.is_array() && definitions.empty());
    if (loaded.connectors().empty() && any_given) {
      return error_json("invalid_catalog", "No connector definition could be loaded.",
                        {{"problems", problems_json(loaded.problems())}});
    }
    json out{{"connectors", loaded.connectors().size()},
             {"pools", loaded.pools().size()},
             {"problems", problems_json(loaded.problems())}};
    out["handle"] = registry().add(std::move(loaded));
    return out;
  });
}

bool catalog_dispose(int handle) { return registry().remove(handle); }

std::string catalog_connectors(int handle) {
  return answer([&]() -> json {
    json out = json::array();
    for (const auto& c : require_catalog(handle)->connectors()) {
      out.push_back(catalog::summary_json(c));
    }
    return out;
  });
}

std::string catalog_connector(int handle, const std::string& connector_id) {
  return answer([&]() -> json {
    const auto* c = require_catalog(handle)->find_connector(connector_id);
    return c ? catalog::to_json(*c) : json(nullptr);
  });
}

std::string catalog_auth_methods(int handle, const std::string& connector_id) {
  return answer([&]() -> json {
    const auto* c = require_catalog(handle)->find_connector(connector_id);
    if (!c) return nullptr;
    json out = json::array();
    for (const auto& m : c->auth_methods) out.push_back(catalog::to_json(m));
    return out;
  });
}

std::string catalog_pools(int handle) {
  return answer([&]() -> json {
    json out = json::array();
    for (const auto& p : require_catalog(handle)->pools()) out.push_back(catalog::to_json(p));
    return out;
  });
}

std::string catalog_problems(int handle) {
  return answer([&]() -> json { return problems_json(require_catalog(handle)->problems()); });
}

std::string validate_connector_definition(const std::string& definition_json) {
  return answer([&]() -> json {
    auto result = catalog::parse_connector_definition_text(definition_json);
    return {{"valid", result.definition.has_value()},
            {"problems", core::to_json(result.problems)},
            {"definition", result.definition ? catalog::to_json(*result.definition) : json(nullptr)}};
  });
}

std::string validate_pool(const std::string& pool_json) {
  return answer([&]() -> json {
    auto result = catalog::parse_pool_text(pool_json);
    return {{"valid", result.pool.has_value()},
            {"problems", core::to_json(result.problems)},
            {"pool", result.pool ? catalog::to_json(*result.pool) : json(nullptr)}};
  });
}

std::string template_parts(const std::string& text) {
  return answer([&]() -> json {
    const catalog::template_split split = catalog::split_template(text);
    if (split.flaw) {
      return error_json(catalog::invalid_template_code, catalog::template_flaw_message(*split.flaw),
                        {{"reason", std::string(catalog::to_string(*split.flaw))}});
    }
    json out = json::array();
    for (const auto& part : split.parts) {
      out.push_back({{part.variable ? "variable" : "literal", part.text}});
    }
    return out;
  });
}

std::string validate_instance(int handle, const std::string& instance_json,
                              const std::string& context_json) {
  // The answer is written as text directly: {"errors", "instance", "omittedErrors",
  // "valid", "warnings"}, the members in the order json_text gives an object's keys.
  return text_answer([&] {
    const auto catalog = require_catalog(handle);
    const json_document document = read_argument(instance_json, "instance");
    const json_view instance = document.root();
    if (!instance.is_object()) throw argument_error{"the instance must be an object"};
    const json_document context_document = read_argument(context_json, "context");
    auto context = validation::parse_validation_context(context_document.root());
    if (!context.context) throw argument_error{context.error};
    const auto result = validation::validate_instance(*catalog, instance, *context.context);
    std::string out;
    out.reserve(1024);  // a typical answer's size: no growth step by step
    out += "{\"errors\":";
    validation::append_json_text(result.errors, out);
    out += ",\"instance\":";
    validation::append_json_text(result.instance, out);
    out += ",\"omittedErrors\":";
    out += std::to_string(result.omitted_errors);
    out += result.valid() ? ",\"valid\":true,\"warnings\":" : ",\"valid\":false,\"warnings\":";
    validation::append_json_text(result.warnings, out);
    out += '}';
    return out;
  });
}

int validate_instance_in_memory(int handle, int instance_bytes, int context_bytes) {
  // a plain export: nothing may escape it, not even a failed allocation of the copies
  std::string answer;
  try {
    const std::string instance(json_input(0, instance_bytes));
    const std::string context(json_input(instance_bytes, context_bytes));
    release_large_json_input();
    answer = validate_instance(handle, instance, context);
  } catch (...) {
    answer = exception_to_error_json(std::current_exception());
  }
  return set_json_output(std::move(answer));
}

std::string catalog_default_auth_method(int handle, const std::string& connector_id) {
  return answer([&]() -> json {
    const auto* c = require_catalog(handle)->find_connector(connector_id);
    const auto* method = c ? catalog::default_auth_method(*c) : nullptr;
    return method ? json(method->id) : json(nullptr);
  });
}

std::string catalog_secret_fields(int handle, const std::string& connector_id,
                                  const std::string& auth_method_json) {
  return answer([&]() -> json {
    const auto* c = require_catalog(handle)->find_connector(connector_id);
    if (!c) return nullptr;
    const json id = parse_argument(auth_method_json, "authMethodId");
    const catalog::auth_method* method = id.is_null()     ? catalog::default_auth_method(*c)
                                         : id.is_string() ? c->find_auth_method(id.get<std::string>())
                                                          : nullptr;
    json credentials = json::array();
    json paths = json::array();
    if (method) {
      for (const auto* v : catalog::secret_variables(*c, *method)) {
        credentials.push_back({{"key", v->key}, {"alias", v->alias ? json(*v->alias) : json(nullptr)}});
      }
      paths = catalog::secret_field_paths(*c, *method);
    }
    return {{"authMethodId", method ? json(method->id) : json(nullptr)},
            {"credentials", std::move(credentials)},
            {"paths", std::move(paths)},
            {"secretPaths", catalog::secret_paths(*c)}};
  });
}

std::string secret_mask() { return catalog::secret_mask; }

std::string field_error(const std::string& field, const std::string& code,
                        const std::string& params_json) {
  return answer([&]() -> json {
    json params = parse_argument(params_json, "params");
    if (params.is_null()) params = json::object();
    if (!params.is_object()) throw argument_error{"params must be an object"};
    std::string message = values::message_for(code, values::field_attribute(field), params);
    return validation::to_json(validation::field_error{field, code, std::move(message), std::move(params)});
  });
}

std::string to_laravel(const std::string& errors_json) {
  try {
    // an array of field errors, or {errors, omittedErrors} (a validation result)
    const json argument = parse_argument(errors_json, "errors");
    std::size_t omitted = 0;
    const json* errors = &argument;
    if (argument.is_object() && argument.contains("errors")) {
      errors = &argument["errors"];
      if (auto it = argument.find("omittedErrors"); it != argument.end() && !it->is_null()) {
        if (!it->is_number_unsigned()) throw argument_error{"omittedErrors must be a whole number"};
        omitted = it->get<std::size_t>();
      }
    }
    auto parsed = validation::field_errors_from_json(*errors);
    if (!parsed) {
      return json_text(error_json(invalid_argument_code, "errors must be an array of {field, message} objects"));
    }
    return validation::to_laravel(*parsed, omitted);
  } catch (const argument_error& e) {
    return json_text(error_json(invalid_argument_code, e.message));
  } catch (...) {
    return exception_to_error_json(std::current_exception());
  }
}

std::string instance_name_key(const std::string& name) {
  return core::validation::instance_name_key(name).value_or(std::string());
}

}  // namespace core::api
