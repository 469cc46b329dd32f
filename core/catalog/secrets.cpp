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

// The same answers as a look-up in secret_paths(connector), without building it (validation
// asks for every credential of every instance).
bool is_secret_path(const connector_definition& connector, std::string_view path) {
  constexpr std::string_view credentials = "credentials.";
  if (path.substr(0, credentials.size()) == credentials)
    return is_secret_credential(connector, path.substr(credentials.size()));
  return path == "certificate" || path == "certificate.data" || path == "certificate.passphrase";
}

bool is_secret_credential(const connector_definition& connector, std::string_view name) {
  for (const auto& m : connector.auth_methods) {
    for (const auto& v : m.variables) {
      if (v.secret && (v.key == name || (v.alias && *v.alias == name))) return true;
    }
  }
  return false;
}

}  // namespace core::catalog
