#pragma once
// Why password-protected data (an encrypted key, encrypted PKCS#12 contents, a PKCS#12 MAC)
// could not be opened or checked at all, as opposed to "the password is wrong".
#include <cstdint>
#include <string>

namespace core::certificate {

struct protection_problem {
  enum class kind {
    unsupported,  // an algorithm this code does not implement (detail: its OID)
    malformed,    // parameters that are not what the algorithm defines (detail: what)
    too_costly,   // more password hashing than the budget allows (derivation_budget.h)
  };
  kind what = kind::malformed;
  std::string detail;
  std::uint64_t iterations = 0;  // too_costly: the iteration count the file asks for
};

}  // namespace core::certificate
