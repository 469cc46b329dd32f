#pragma once
// How a host tests an authentication method's credentials against the real system
// (the JSON form is documented in docs/connection-test.md): the check request, and
// per authentication type how the credentials go on it. Strings hold templates whose
// "{{key}}" placeholders name variables of the method (the grammar:
// core/catalog/text_template.h); hosts expand them.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace core::catalog {

struct check_request {
  std::string method = "GET";                       // GET, HEAD or POST
  std::string url;                                  // URL template
  std::vector<int> success_status{200};             // statuses that mean "connected"
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (name, template)
};

struct basic_placement {
  std::string username = "{{username}}";
  std::string password = "{{password}}";
};

struct token_placement {
  std::string value = "{{access_token}}";
  std::optional<std::string> header;   // one of header/query; neither: Authorization
  std::optional<std::string> query;
  std::optional<std::string> scheme;   // "Bearer": sent as "<scheme> <token>"
};

enum class client_authentication { basic, body };  // RFC 6749 2.3.1

struct oauth2_settings {
  std::string token_url;                            // URL template
  std::optional<std::string> authorize_url;         // authorization code only
  std::string client_id = "{{client_id}}";
  std::string client_secret = "{{client_secret}}";
  std::optional<std::string> scope;
  client_authentication client_auth = client_authentication::basic;
  std::string token_key = "access_token";           // dot path into the token response
  std::string expires_in_key = "expires_in";
  std::string refresh_token_key = "refresh_token";
  bool pkce = true;                                 // S256 code challenge (authorization code)
};

struct oauth1_settings {
  std::string consumer_key = "{{consumer_key}}";
  std::string consumer_secret = "{{consumer_secret}}";
  std::string token = "{{token_key}}";
  std::string token_secret = "{{token_secret}}";
  std::optional<std::string> realm;
  std::string signature_method = "HMAC-SHA256";     // or HMAC-SHA1
};

struct connection_spec {
  // Where the API lives: the request gateway sends an instance's requests to this URL
  // template followed by the caller's path (docs/gateway.md). From the method, else from
  // the definition's "baseUrl".
  std::optional<std::string> base_url;
  std::optional<check_request> check;
  std::optional<basic_placement> basic;
  std::optional<token_placement> token;
  std::optional<oauth2_settings> oauth2;
  std::optional<oauth1_settings> oauth1;
};

std::string_view to_string(client_authentication value);

// Adds "baseUrl", "check", "basic", "token", "oauth2", "oauth1" (those present, every default filled
// in) to the JSON of an authentication method.
void add_connection_json(const connection_spec& spec, nlohmann::json& method_json);

}  // namespace core::catalog
