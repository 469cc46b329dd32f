#include "core/catalog/variable.h"

namespace core::catalog {

bool is_variable_key(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!letter(text.front())) return false;
  for (char c : text) {
    if (!letter(c) && !(c >= '0' && c <= '9') && c != '-') return false;
  }
  return true;
}

}  // namespace core::catalog
