#include "core/api/catalog_handles.h"

#include <algorithm>
#include <string>
#include <vector>

#include "core/common/spin_lock.h"

namespace core::api {
namespace {

class catalog_registry {
 public:
  int add(catalog::catalog c) {
    spin_lock_guard hold(lock_);
    const int handle = next_++;
    catalogs_.push_back({handle, std::make_shared<const catalog::catalog>(std::move(c))});
    return handle;
  }
  std::shared_ptr<const catalog::catalog> find(int handle) const {
    spin_lock_guard hold(lock_);
    const auto it = position(handle);
    return it == catalogs_.end() || it->handle != handle ? nullptr : it->catalog;
  }
  bool remove(int handle) {
    spin_lock_guard hold(lock_);
    const auto it = position(handle);
    if (it == catalogs_.end() || it->handle != handle) return false;
    catalogs_.erase(it);
    return true;
  }

 private:
  struct entry {
    int handle;
    std::shared_ptr<const catalog::catalog> catalog;
  };
  // Where `handle` is or would be. The entries are in handle order (handles only grow, so
  // an add appends): a binary search, and no tree code in the module for a few catalogs.
  std::vector<entry>::const_iterator position(int handle) const {
    return std::lower_bound(catalogs_.begin(), catalogs_.end(), handle,
                            [](const entry& e, int h) { return e.handle < h; });
  }

  mutable spin_lock lock_;
  std::vector<entry> catalogs_;
  int next_ = 1;
};

catalog_registry& registry() {
  static catalog_registry instance;
  return instance;
}

}  // namespace

int add_catalog(catalog::catalog loaded) { return registry().add(std::move(loaded)); }

bool remove_catalog(int handle) { return registry().remove(handle); }

outcome<std::shared_ptr<const catalog::catalog>, argument_error> require_catalog(int handle) {
  if (auto c = registry().find(handle)) return c;
  return argument_error{"unknown or disposed catalog handle " + std::to_string(handle)};
}

}  // namespace core::api
