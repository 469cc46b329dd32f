#include "core/wizard/instance_rules.h"

namespace core {
namespace wizard {

instance_validator bind_instance_rules(std::shared_ptr<const catalog::catalog> catalog,
                                       validation::validation_context context) {
  return [catalog = std::move(catalog), context = std::move(context)](const nlohmann::json& instance) {
    auto found = validation::validate_instance(*catalog, instance, context);
    return instance_findings{std::move(found.errors), std::move(found.warnings)};
  };
}

}  // namespace wizard
}  // namespace core
