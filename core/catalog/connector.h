#pragma once
// A connector definition: what a connector is, the defaults of its new instances and the
// ways it authenticates. The JSON form is documented in docs/connector-format.md.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalog/auth_method.h"
#include "core/catalog/rate_limit.h"

namespace core::catalog {

struct instance_defaults {
  std::string time_zone = "UTC";           // canonical IANA name
  std::string date_format = "Y-m-d H:i:s"; // PHP date() format
  rate_limit rate;
};

struct connector_definition {
  std::string id;
  std::string name;
  std::string version;
  std::string system_type;                 // "ecommerce", "erp", "crm", ...
  std::string protocol;                    // "rest", "soap", "graphql", ...
  std::optional<std::string> help_url;
  instance_defaults defaults;
  bool concurrency_limit = false;          // only then may an instance join a pool
  std::vector<auth_method> auth_methods;   // at least one

  const auth_method* find_auth_method(std::string_view id) const;
};

// The method an instance that names none uses: the connector's only method, or nullptr when
// it has several (then the instance must name one).
const auth_method* default_auth_method(const connector_definition& connector);

}  // namespace core::catalog
