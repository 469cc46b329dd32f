#pragma once
// The arguments of the catalog and validation entry points: JSON texts the facade wrote with
// JSON.stringify. An argument that cannot be used is an argument_error, answered as error
// "invalid_argument" with its message.
#include <string>
#include <string_view>

#include "core/common/boundary.h"
#include "core/common/json_document.h"
#include "core/common/outcome.h"

namespace core::api {

struct argument_error {
  std::string message;
};

// {"error": {"code": "invalid_argument", "message": ...}}
nlohmann::json argument_error_json(const argument_error& e);

// The document of an argument (JSON.stringify cannot repeat a key); text that is not JSON,
// or nests more than default_max_json_depth levels, is an argument_error that says why,
// naming the argument `what`.
outcome<json_document, argument_error> read_argument(std::string_view text, const char* what);

}  // namespace core::api
