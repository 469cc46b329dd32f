#pragma once
// Entry points of the time domain for hosts (the WebAssembly bindings). Hot paths take and
// return numbers (zone and pattern handles, epoch milliseconds); the rest JSON.
// Nothing here throws.
#include <string>

namespace core {
namespace api {

// The IANA release of the embedded database, e.g. "2025b".
std::string time_database_version();

// The canonical zone name for a zone or link name; "" when unknown.
std::string time_canonical_zone(const std::string& name);

}  // namespace api
}  // namespace core
