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

json problems_json(const std::vector<catalog::load_problem>& problems) {
  json out = json::array();
  for (const auto& p : problems) out.push_back(catalog::to_json(p));
  return out;
}

// fn(catalog) -> json for the catalog of `handle`, as text; an unknown handle is an
// argument error.
template <class Fn>
std::string with_catalog(int handle, Fn&& fn) {
  const auto found = require_catalog(handle);
  return json_text(found.ok() ? fn(*found.value()) : argument_error_json(found.error()));
}

}  // namespace

std::string catalog_load(const std::string& definitions_json, const std::string& options_json) {
  return json_text([&]() -> json {
    const auto parsed = read_strict_json(definitions_json);
    if (!parsed.document) {
      return argument_error_json({"definitions: " + (parsed.problems.empty() ? std::string("not JSON")
                                                                             : parsed.problems.front().message)});
    }
    const json_view definitions = parsed.document->root();
    const auto options_document = read_argument(options_json, "options");
    if (!options_document.ok()) return argument_error_json(options_document.error());
    const json_view options = options_document.value().root();
    if (!options.is_null() && !options.is_object()) return argument_error_json({"options must be an object"});
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
  }());
}

bool catalog_dispose(int handle) { return remove_catalog(handle); }

std::string catalog_connectors(int handle) {
  return with_catalog(handle, [&](const catalog::catalog& loaded) -> json {
    json out = json::array();
    for (const auto& c : loaded.connectors()) {
      out.push_back(catalog::summary_json(c));
    }
    return out;
  });
}

std::string catalog_connector(int handle, const std::string& connector_id) {
  return with_catalog(handle, [&](const catalog::catalog& loaded) -> json {
    const auto* c = loaded.find_connector(connector_id);
    return c ? catalog::to_json(*c) : json(nullptr);
  });
}

std::string catalog_auth_methods(int handle, const std::string& connector_id) {
  return with_catalog(handle, [&](const catalog::catalog& loaded) -> json {
    const auto* c = loaded.find_connector(connector_id);
    if (!c) return nullptr;
    json out = json::array();
    for (const auto& m : c->auth_methods) out.push_back(catalog::to_json(m));
    return out;
  });
}

std::string catalog_pools(int handle) {
  return with_catalog(handle, [&](const catalog::catalog& loaded) -> json {
    json out = json::array();
    for (const auto& p : loaded.pools()) out.push_back(catalog::to_json(p));
    return out;
  });
}

std::string catalog_problems(int handle) {
  return with_catalog(handle, [&](const catalog::catalog& loaded) -> json { return problems_json(loaded.problems()); });
}

std::string validate_connector_definition(const std::string& definition_json) {
  auto result = catalog::parse_connector_definition_text(definition_json);
  return json_text(object_of({{"valid", result.definition.has_value()},
                              {"problems", core::to_json(result.problems)},
                              {"definition", result.definition ? catalog::to_json(*result.definition) : json(nullptr)}}));
}

std::string validate_pool(const std::string& pool_json) {
  auto result = catalog::parse_pool_text(pool_json);
  return json_text(object_of({{"valid", result.pool.has_value()},
                              {"problems", core::to_json(result.problems)},
                              {"pool", result.pool ? catalog::to_json(*result.pool) : json(nullptr)}}));
}

std::string template_parts(const std::string& text) {
  return json_text([&]() -> json {
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
  }());
}

std::string catalog_default_auth_method(int handle, const std::string& connector_id) {
  return with_catalog(handle, [&](const catalog::catalog& loaded) -> json {
    const auto* c = loaded.find_connector(connector_id);
    const auto* method = c ? catalog::default_auth_method(*c) : nullptr;
    return method ? json(method->id) : json(nullptr);
  });
}

std::string catalog_secret_fields(int handle, const std::string& connector_id,
                                  const std::string& auth_method_json) {
  return with_catalog(handle, [&](const catalog::catalog& loaded) -> json {
    const auto* c = loaded.find_connector(connector_id);
    if (!c) return nullptr;
    const auto argument = read_argument(auth_method_json, "authMethodId");
    if (!argument.ok()) return argument_error_json(argument.error());
    const json id = argument.value().root().to_json();
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
  return json_text([&]() -> json {
    const auto argument = read_argument(params_json, "params");
    if (!argument.ok()) return argument_error_json(argument.error());
    json params = argument.value().root().to_json();
    if (params.is_null()) params = json::object();
    if (!params.is_object()) return argument_error_json({"params must be an object"});
    std::string message = values::message_for(code, values::field_attribute(field), params);
    return validation::to_json(validation::field_error{field, code, std::move(message), std::move(params)});
  }());
}

std::string to_laravel(const std::string& errors_json) {
  // an array of field errors, or {errors, omittedErrors} (a validation result)
  const auto read = read_argument(errors_json, "errors");
  if (!read.ok()) return json_text(argument_error_json(read.error()));
  const json argument = read.value().root().to_json();
  std::size_t omitted = 0;
  const json* errors = &argument;
  if (argument.is_object() && argument.contains("errors")) {
    errors = &argument["errors"];
    if (auto it = argument.find("omittedErrors"); it != argument.end() && !it->is_null()) {
      if (!it->is_number_unsigned())
        return json_text(argument_error_json({"omittedErrors must be a whole number"}));
      omitted = it->get<std::size_t>();
    }
  }
  auto parsed = validation::field_errors_from_json(*errors);
  if (!parsed) {
    return json_text(error_json(invalid_argument_code, "errors must be an array of {field, message} objects"));
  }
  return validation::to_laravel(*parsed, omitted);
}

std::string instance_name_key(const std::string& name) {
  return core::validation::instance_name_key(name).value_or(std::string());
}

}  // namespace core::api
