#include "core/wizard/state.h"

#include <algorithm>

namespace core {
namespace wizard {

bool same_errors(const std::vector<field_error>& a, const std::vector<field_error>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const field_error& x, const field_error& y) {
    return x.field == y.field && x.code == y.code && x.message == y.message && x.params == y.params;
  });
}

bool operator==(const wizard_state& a, const wizard_state& b) {
  return a.current == b.current && a.reached == b.reached && a.values == b.values &&
         same_errors(a.errors, b.errors) && a.failure == b.failure &&
         a.idempotency_seed == b.idempotency_seed && a.attempt == b.attempt &&
         a.attempt_open == b.attempt_open && a.created == b.created;
}

}  // namespace wizard
}  // namespace core
