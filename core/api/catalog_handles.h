#pragma once
// The catalogs loaded through catalog_load (core/api/catalog_api.h), for other domains'
// entry points (the wizard) that take a catalog handle instead of re-parsing definitions.
#include <memory>

#include "core/catalog/catalog.h"

namespace core::api {

// The loaded catalog behind a handle; nullptr when unknown or disposed. The catalog stays
// alive while the pointer is held, even if the handle is disposed meanwhile.
std::shared_ptr<const catalog::catalog> find_loaded_catalog(int handle);

}  // namespace core::api
