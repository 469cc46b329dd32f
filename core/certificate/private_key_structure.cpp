#include "core/certificate/private_key_structure.h"

namespace core::certificate {

key_syntax key_syntax_of_label(std::string_view label) {
  if (label == "PRIVATE KEY") return key_syntax::private_key_info;
  if (label == "ENCRYPTED PRIVATE KEY") return key_syntax::encrypted_private_key_info;
  return key_syntax::traditional;
}

std::optional<std::string> private_key_structure_error(bytes_view der, key_syntax syntax,
                                                       encoding_rules rules) {
  std::string error;
  auto top = read_single(der, tag::sequence, rules, error);
  if (!top) return error;
  tlv_children members(*top, rules);
  switch (syntax) {
    case key_syntax::encrypted_private_key_info:
      if (!members.next(tag::sequence, error) || !members.next(tag::octet_string, error)) {
        return error;
      }
      break;
    case key_syntax::private_key_info:
      if (!members.next(tag::integer, error) || !members.next(tag::sequence, error) ||
          !members.next(tag::octet_string, error)) {
        return error;
      }
      break;
    case key_syntax::traditional:
      if (!members.next(tag::integer, error)) return error;
      break;
  }
  return std::nullopt;
}

}  // namespace core::certificate
