#include "core/api/catalog_api.h"

#include "core/api/catalog_handles.h"
#include "core/api/entry_arguments.h"
#include "core/catalog/catalog.h"
#include "core/catalog/definition_json.h"
#include "core/catalog/definition_parser.h"
#include "core/catalog/secrets.h"
#include "core/catalog/text_template.h"
#include "core/common/boundary.h"
#include "core/common/json_document.h"
#include "core/common/json_object.h"
#include "core/common/json_parse.h"
#include "core/common/strict_json.h"
#include "core/validation/instance_validation.h"
#include "core/validation/laravel.h"
#include "core/validation/name_key.h"
#include "core/values/messages.h"

namespace core::api {
namespace {

using nlohmann::json;

json parse_argument(const std::string& text, const char* what) {
  return read_argument(text, what).root().to_json();
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

}  // namespace

std::string catalog_load(const std::string& definitions_json, const std::string& options_json) {
  return answer([&]() -> json {
    const auto parsed = read_strict_json(definitions_json);
    if (!parsed.document) {
      throw argument_error{"definitions: " + (parsed.problems.empty()
                                                  ? std::string("not JSON")
                                                  : parsed.problems.front().message)};
    }
    const json_view definitions = parsed.document->root();
    const json_document options_document = read_argument(options_json, "options");
    const json_view options = options_document.root();
    if (!options.is_null() && !options.is_object()) {
      throw argument_error{"options must be an object"};
    }
    // duplicate keys in the text reject the definition they are in
    catalog::catalog loaded = catalog::catalog::load(definitions, options.member("pools"), parsed.problems);
    const bool any_given = !(definitions.is_array() && definitions.size() == 0);
    if (loaded.connectors().empty() && any_given) {
      return error_json("invalid_catalog", "No connector definition could be loaded.",
                        object_of("problems", problems_json(loaded.problems())));
    }
    json out = object_of({{"connectors", loaded.connectors().size()},
                          {"pools", loaded.pools().size()},
                          {"problems", problems_json(loaded.problems())}});
    out["handle"] = add_catalog(std::move(loaded));
    return out;
  });
}

bool catalog_dispose(int handle) { return remove_catalog(handle); }

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
    return object_of({{"valid", result.definition.has_value()},
                      {"problems", core::to_json(result.problems)},
                      {"definition", result.definition ? catalog::to_json(*result.definition) : json(nullptr)}});
  });
}

std::string validate_pool(const std::string& pool_json) {
  return answer([&]() -> json {
    auto result = catalog::parse_pool_text(pool_json);
    return object_of({{"valid", result.pool.has_value()},
                      {"problems", core::to_json(result.problems)},
                      {"pool", result.pool ? catalog::to_json(*result.pool) : json(nullptr)}});
  });
}

std::string template_parts(const std::string& text) {
  return answer([&]() -> json {
    const catalog::template_split split = catalog::split_template(text);
    if (split.flaw) {
      return error_json(catalog::invalid_template_code, catalog::template_flaw_message(*split.flaw),
                        object_of("reason", std::string(catalog::to_string(*split.flaw))));
    }
    json out = json::array();
    for (const auto& part : split.parts) {
      out.push_back({{part.variable ? "variable" : "literal", part.text}});
    }
    return out;
  });
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
        credentials.push_back(object_of("key", v->key, "alias", v->alias ? json(*v->alias) : json(nullptr)));
      }
      paths = catalog::secret_field_paths(*c, *method);
    }
    return object_of({{"authMethodId", method ? json(method->id) : json(nullptr)},
                      {"credentials", std::move(credentials)},
                      {"paths", std::move(paths)},
                      {"secretPaths", catalog::secret_paths(*c)}});
  });
}

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
