#include "core/catalog/connection_spec.h"

#include "core/common/json_object.h"

namespace core::catalog {

using nlohmann::json;

void add_connection_json(const connection_spec& spec, json& out) {
  if (spec.base_url) out["baseUrl"] = *spec.base_url;
  if (spec.check) {
    const auto& c = *spec.check;
    json headers = json::object();
    for (const auto& [name, value] : c.headers) headers[name] = value;
    out["check"] = object_of({{"method", c.method}, {"url", c.url}, {"successStatus", c.success_status},
                              {"headers", std::move(headers)}});
  }
  if (spec.basic) out["basic"] = object_of("username", spec.basic->username, "password", spec.basic->password);
  if (spec.token) {
    const auto& t = *spec.token;
    json token = object_of("value", t.value);
    if (t.query) {
      token["query"] = *t.query;
    } else {
      const std::string header = t.header.value_or("Authorization");
      token["header"] = header;
      // Authorization without a scheme would send a bare token: Bearer is the usual scheme.
      if (t.scheme) token["scheme"] = *t.scheme;
      else if (!t.header) token["scheme"] = "Bearer";
    }
    out["token"] = std::move(token);
  }
  if (spec.oauth2) {
    const auto& o = *spec.oauth2;
    json oauth2 = object_of({{"tokenUrl", o.token_url},
                             {"clientId", o.client_id},
                             {"clientSecret", o.client_secret},
                             {"clientAuthentication", std::string(to_string(o.client_auth))},
                             {"tokenKey", o.token_key},
                             {"expiresInKey", o.expires_in_key},
                             {"refreshTokenKey", o.refresh_token_key}});
    if (o.authorize_url) {
      oauth2["authorizeUrl"] = *o.authorize_url;
      oauth2["pkce"] = o.pkce;
    }
    if (o.scope) oauth2["scope"] = *o.scope;
    out["oauth2"] = std::move(oauth2);
  }
  if (spec.oauth1) {
    const auto& o = *spec.oauth1;
    json oauth1 = object_of({{"consumerKey", o.consumer_key}, {"consumerSecret", o.consumer_secret},
                             {"token", o.token}, {"tokenSecret", o.token_secret},
                             {"signatureMethod", o.signature_method}});
    if (o.realm) oauth1["realm"] = *o.realm;
    out["oauth1"] = std::move(oauth1);
  }
}

std::string_view to_string(client_authentication value) {
  return value == client_authentication::body ? "body" : "basic";
}

}  // namespace core::catalog
