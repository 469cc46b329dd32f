#include "core/catalog/connector.h"

namespace core::catalog {

const auth_method* connector_definition::find_auth_method(std::string_view method_id) const {
  for (const auto& m : auth_methods) {
    if (m.id == method_id) return &m;
  }
  return nullptr;
}

const auth_method* default_auth_method(const connector_definition& connector) {
  return connector.auth_methods.size() == 1 ? &connector.auth_methods.front() : nullptr;
}

}  // namespace core::catalog
