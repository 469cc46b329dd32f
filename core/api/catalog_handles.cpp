#include "core/api/catalog_handles.h"

#include <map>
#include <string>

#include "core/common/spin_lock.h"

namespace core::api {
namespace {

class catalog_registry {
 public:
  int add(catalog::catalog c) {
    spin_lock_guard hold(lock_);
    const int handle = next_++;
    catalogs_.emplace(handle, std::make_shared<const catalog::catalog>(std::move(c)));
    return handle;
  }
  std::shared_ptr<const catalog::catalog> find(int handle) const {
    spin_lock_guard hold(lock_);
    auto it = catalogs_.find(handle);
    return it == catalogs_.end() ? nullptr : it->second;
  }
  bool remove(int handle) {
    spin_lock_guard hold(lock_);
    return catalogs_.erase(handle) > 0;
  }

 private:
  mutable spin_lock lock_;
  std::map<int, std::shared_ptr<const catalog::catalog>> catalogs_;
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
