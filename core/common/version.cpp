#include "core/common/version.h"

namespace core {

std::string library_version() { return "0.1.0"; }

}  // namespace core
