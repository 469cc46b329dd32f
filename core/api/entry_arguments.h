#pragma once
// The arguments of the catalog and validation entry points: JSON texts the facade wrote with
// JSON.stringify. An argument that cannot be used is an argument_error, answered as error
// "invalid_argument" with its message.
#include <string>

#include "core/common/boundary.h"
#include "core/common/json_document.h"
#include "core/common/json_text.h"

namespace core::api {

struct argument_error {
  std::string message;
};

// The document of an argument (JSON.stringify cannot repeat a key); text that is not JSON,
// or nests more than default_max_json_depth levels, is an argument_error that says why,
// naming the argument `what`.
json_document read_argument(const std::string& text, const char* what);

// fn() for an entry point that writes its answer as text itself; an argument_error or any
// other exception becomes the error answer.
template <class Fn>
std::string text_answer(Fn&& fn) {
  try {
    return fn();
  } catch (const argument_error& e) {
    return json_text(error_json(invalid_argument_code, e.message));
  } catch (...) {
    return exception_to_error_json(std::current_exception());
  }
}

}  // namespace core::api
