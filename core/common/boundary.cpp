#include "core/common/boundary.h"

#include <new>

#include "core/common/json_object.h"
#include "core/common/json_parse.h"
#include "core/common/json_text.h"

namespace core {

nlohmann::json error_json(const std::string& code, const std::string& message,
                          nlohmann::json details) {
  nlohmann::json error = details.is_object() ? std::move(details) : nlohmann::json::object();
  error["code"] = code;
  error["message"] = message;
  return object_of("error", std::move(error));
}

std::string exception_to_error_json(std::exception_ptr ep) {
  nlohmann::json out;
  try {
    std::rethrow_exception(ep);
  } catch (const json_syntax_error& e) {
    out = error_json(invalid_json_code, e.what(), object_of("position", e.position));
  } catch (const nlohmann::json::parse_error& e) {
    out = error_json(invalid_json_code, e.what(), object_of("position", e.byte));
  } catch (const std::bad_alloc&) {
    out = error_json(out_of_memory_code, "out of memory");
  } catch (const std::exception& e) {
    out = error_json(internal_code, e.what());
  } catch (...) {
    out = error_json(internal_code, "unknown error");
  }
  return json_text(out);
}

}  // namespace core
