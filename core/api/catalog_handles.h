#pragma once
// Loaded catalogs by handle. Handles are never reused, so a stale handle cannot reach
// another caller's catalog.
#include <memory>

#include "core/catalog/catalog.h"

namespace core::api {

int add_catalog(catalog::catalog loaded);
// false when the handle is unknown (already disposed)
bool remove_catalog(int handle);
// The catalog of `handle`; an argument_error (core/api/entry_arguments.h) when there is none.
std::shared_ptr<const catalog::catalog> require_catalog(int handle);

}  // namespace core::api
