#pragma once
// The rules of the wizard's steps are those of core/validation's validate_instance: this
// binds it to one wizard's catalog and context (existing names, pools, now). The wizard
// never checks a value itself.
#include <memory>

#include "core/catalog/catalog.h"
#include "core/validation/instance_validation.h"
#include "core/wizard/machine.h"

namespace core {
namespace wizard {

instance_validator bind_instance_rules(std::shared_ptr<const catalog::catalog> catalog,
                                       validation::validation_context context);

}  // namespace wizard
}  // namespace core
