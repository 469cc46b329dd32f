#include "core/wizard/server_answer.h"

namespace core {
namespace wizard {

namespace {

std::vector<field_error> laravel_errors(const nlohmann::json& body) {
  std::vector<field_error> out;
  if (!body.is_object()) return out;
  auto it = body.find("errors");
  if (it == body.end() || !it->is_object()) return out;
  for (const auto& [field, messages] : it->items()) {
    if (field.empty()) continue;
    // Laravel sends a list of messages per field; accept a lone string as well
    if (messages.is_string()) {
      out.push_back({field, server_error_code, messages.get<std::string>(), nlohmann::json::object()});
      continue;
    }
    if (!messages.is_array()) continue;
    for (const auto& m : messages)
      if (m.is_string())
        out.push_back({field, server_error_code, m.get<std::string>(), nlohmann::json::object()});
  }
  return out;
}

std::string failure_message(int status, const nlohmann::json& body) {
  if (body.is_object()) {
    auto it = body.find("message");
    if (it != body.end() && it->is_string() && !it->get_ref<const std::string&>().empty())
      return it->get<std::string>();
  }
  return "The backend answered with HTTP status " + std::to_string(status) + ".";
}

}  // namespace

server_answer read_server_answer(int status, const nlohmann::json& body) {
  server_answer answer;
  if (status >= 200 && status < 300) {
    answer.what = server_answer::kind::created;
    answer.instance = body;
    return answer;
  }
  if (status == 422) {
    answer.errors = laravel_errors(body);
    if (!answer.errors.empty()) {
      answer.what = server_answer::kind::rejected;
      return answer;
    }
  }
  answer.what = server_answer::kind::failed;
  answer.failure = {submit_failure::kind::server, status, failure_message(status, body)};
  return answer;
}

}  // namespace wizard
}  // namespace core
