#include "core/catalog/secrets.h"

#include <algorithm>

namespace core::catalog {

std::vector<const variable_definition*> secret_variables(const connector_definition& connector,
                                                         const auth_method& method) {
  std::vector<const variable_definition*> out;
  for (const auto& v : method.variables) {
    if (is_secret_credential(connector, v.key)) out.push_back(&v);
  }
  return out;
}

std::vector<std::string> secret_field_paths(const connector_definition& connector,
                                            const auth_method& method) {
  std::vector<std::string> out;
  for (const auto* v : secret_variables(connector, method)) out.push_back("credentials." + v->key);
  if (method.certificate != certificate_requirement::none) {
    out.emplace_back("certificate");
    out.emplace_back("certificate.passphrase");
  }
  return out;
}

std::vector<std::string> secret_paths(const connector_definition& connector) {
  std::vector<std::string> out;
  auto add = [&](std::string path) {
    if (std::find(out.begin(), out.end(), path) == out.end()) out.push_back(std::move(path));
  };
  for (const auto& m : connector.auth_methods) {
    for (const auto& v : m.variables) {
      if (!v.secret) continue;
      add("credentials." + v.key);
      if (v.alias) add("credentials." + *v.alias);
    }
  }
  add("certificate");
  add("certificate.data");
  add("certificate.passphrase");
  return out;
}

bool is_secret_path(const connector_definition& connector, std::string_view path) {
  const auto all = secret_paths(connector);
  return std::find(all.begin(), all.end(), path) != all.end();
}

bool is_secret_credential(const connector_definition& connector, std::string_view name) {
  return is_secret_path(connector, "credentials." + std::string(name));
}

}  // namespace core::catalog
