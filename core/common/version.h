#pragma once
// The version of this library (the npm package carries the same number).
#include <string>

namespace core {

std::string library_version();

}  // namespace core
