#include "core/validation/name_key.h"

#include "core/common/utf8.h"

namespace core::validation {

std::optional<std::string> instance_name_key(std::string_view name) {
  if (!utf8::is_valid(name)) return std::nullopt;
  return utf8::fold_case(utf8::trim(name));
}

}  // namespace core::validation
