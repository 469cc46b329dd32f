#pragma once
// Loaded catalogs by handle. Handles are never reused, so a stale handle cannot reach
// another caller's catalog.
#include <memory>

#include "core/api/entry_arguments.h"
#include "core/catalog/catalog.h"
#include "core/common/outcome.h"

namespace core::api {

int add_catalog(catalog::catalog loaded);
// false when the handle is unknown (already disposed)
bool remove_catalog(int handle);
// The catalog of `handle`, or an argument_error naming the handle when there is none.
outcome<std::shared_ptr<const catalog::catalog>, argument_error> require_catalog(int handle);

}  // namespace core::api
