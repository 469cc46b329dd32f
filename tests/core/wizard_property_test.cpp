// Property test: thousands of random action sequences (valid and invalid values, actions
// that are not allowed, every kind of backend answer) against the real rules, checking
// after every action:
//   - a refused action (wizard_error) changes nothing;
//   - the actions the machine lists are exactly those it accepts;
//   - no action loses an entered value, except the documented ones: set() of that field,
//     the auth-method switch (values of inputs the new method lacks), reset;
//   - a submission is only ever produced from a state that validates, and one idempotency
//     key never carries two different payloads; a retry after a transport failure or an
//     undecided answer reuses the key;
//   - restore(save(s)) == s, and neither a draft without secrets nor any view holds a
//     secret.
// The RNG is seeded per sequence: a failure names the seed and the action to replay.
#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <sstream>

#include "core/wizard/defaults.h"
#include "core/wizard/draft.h"
#include "core/wizard/idempotency.h"
#include "core/wizard/step_fields.h"
#include "core/wizard/view_model.h"
#include "core/wizard/wizard_error.h"
#include "wizard_fixtures.h"

using namespace core::wizard;
using nlohmann::json;

namespace {

constexpr int sequences = 2000;
constexpr int actions_per_sequence = 56;
const char* const secret_marker = "SECRET-";

class random_source {
 public:
  explicit random_source(std::uint32_t seed) : rng_(seed) {}
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }
  bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }
  template <class T>
  const T& pick(const std::vector<T>& items) { return items[below(items.size())]; }

 private:
  std::mt19937 rng_;
};

// Values a user (or a buggy page) might send for each input: mostly valid ones (so that
// walks get far), often invalid ones.
json random_value(random_source& r, const std::string& key, int& secret_counter) {
  auto secret = [&] { return json(std::string(secret_marker) + std::to_string(++secret_counter)); };
  const bool valid = r.chance(65);
  if (key == "name")
    return valid ? r.pick<json>({"EU store", "Store 2", "caf\xC3\xA9 \xF0\x9F\x9B\x92"})
                 : r.pick<json>({"", "   ", "taken name", std::string(256, 'n'), nullptr, 42, true});
  if (key == "timeZone")
    return valid ? r.pick<json>({"UTC", "Europe/Berlin", "us/eastern"}) : r.pick<json>({"Mars/Base", "", nullptr, 5});
  if (key == "dateFormat")
    return valid ? r.pick<json>({"Y-m-d H:i:s", "m/d/Y", "U", "c"}) : r.pick<json>({"", "\\", nullptr});
  if (key == "rateLimit.amount")
    return valid ? r.pick<json>({1, 5, 1000000}) : r.pick<json>({0, -3, 1000001, "12", 2.5, nullptr});
  if (key == "rateLimit.unit")
    return valid ? r.pick<json>({"second", "minute", "day"}) : r.pick<json>({"week", nullptr});
  if (key == "poolId") return valid ? r.pick<json>({"p1", "p2", nullptr, ""}) : json("p9");
  if (key == "authMethodId") return valid ? r.pick<json>({"basic", "token", "mtls"}) : r.pick<json>({"nope", nullptr});
  if (key == "credentials.account")
    return valid ? r.pick<json>({"acme-eu", "acme2"}) : r.pick<json>({"Bad Value", "", nullptr});
  if (key == "credentials.username") return valid ? json("ops") : r.pick<json>({"", nullptr, 7});
  if (key == "credentials.endpoint")
    return valid ? r.pick<json>({"https://api.acme.test", ""}) : json("not a url");
  if (key == "credentials.region") return valid ? r.pick<json>({"eu", "us"}) : json("mars");
  if (key == "credentials.page_size") return valid ? r.pick<json>({1, 500, nullptr}) : r.pick<json>({501, "10"});
  if (key == "certificate" || key == "certificate.passphrase")
    return valid ? json("") : secret();  // never a real certificate here: a secret is garbage
  // credentials.password, credentials.token, credentials.header (locked)
  return valid ? secret() : json("");
}

bool is_method_scoped(const std::string& key) {
  return key.rfind("credentials.", 0) == 0 || key.rfind("certificate", 0) == 0;
}

struct sequence_checker {
  wizard_tests::wizard_under_test w = wizard_tests::make_wizard("acme", {"Taken Name"});
  random_source r;
  int secret_counter = 0;
  std::map<std::string, json> payload_of_key;  // every key ever sent -> its payload
  std::optional<std::string> retry_key;        // set after a failure that keeps the attempt
  std::string failure;                         // first broken invariant, with context
  std::ostringstream log;

  explicit sequence_checker(std::uint32_t seed) : r(seed) {
    // half of the walks start at the review with valid values, so that the submission,
    // the answers and the retries get as much exercise as the first steps
    if (seed % 2 == 0) {
      const std::string method = r.chance(50) ? "basic" : "token";
      w->set("name", "EU store");
      w->next();
      w->next();
      w->set("authMethodId", method);
      w->next();
      w->set("credentials.account", "acme-eu");
      if (method == "basic") {
        w->set("credentials.username", "ops");
        w->set("credentials.password", std::string(secret_marker) + "password");
      } else {
        w->set("credentials.token", std::string(secret_marker) + "token");
      }
      w->next();
      log << "prefilled(" << method << ") ";
    }
  }

  bool fail(const std::string& what) {
    if (failure.empty()) failure = what + "\nactions: " + log.str();
    return false;
  }

  // Runs an action; returns the wizard_error code, "" when it succeeded.
  static std::string attempt(const action_result& result) { return result.refused ? result.refused->code : ""; }

  bool allowed(const std::string& action) const {
    auto a = w->allowed_actions();
    return std::find(a.begin(), a.end(), action) != a.end();
  }

  bool check_values_kept(const wizard_state& before, const std::string& action, const std::string& field) {
    if (action == "reset") return true;
    const auth_method_form* new_method =
        action == "set" && field == "authMethodId" ? selected_method(w->form(), w->state().values) : nullptr;
    for (const auto& [key, value] : before.values) {
      if (action == "set" && key == field) continue;
      auto it = w->state().values.find(key);
      if (new_method && is_method_scoped(key)) {
        bool in_new = std::any_of(new_method->fields.begin(), new_method->fields.end(),
                                  [&](const field_spec& f) { return f.key == key; });
        if (!in_new) continue;  // the documented drop
        bool locked = std::any_of(new_method->fields.begin(), new_method->fields.end(),
                                  [&](const field_spec& f) { return f.key == key && f.locked; });
        if (locked) continue;   // takes the new method's locked default
      }
      if (it == w->state().values.end() || it->second != value)
        return fail("value of " + key + " lost by " + action + " " + field);
    }
    return true;
  }

  bool check_state() {
    const auto& s = w->state();
    if (is_editing_step(s.current) && s.reached < s.current) return fail("reached before current");
    if (s.created.has_value() != (s.current == step::created)) return fail("created out of step");

    // drafts: exact round trip with secrets; nothing secret without
    auto rules = bind_instance_rules(w.catalog, w.context);
    auto with = json::parse(save_draft(*w, true).dump());
    auto back = read_draft(w->form(), with, false, rules);
    if (!back.ok()) return fail("own draft rejected: " + back.error().message);
    if (back.value().state != s) return fail("restore(save(s)) != s");
    if (save_draft(*w, false).dump().find(secret_marker) != std::string::npos)
      return fail("secret in a draft without secrets");
    if (to_json(make_view(*w), w->form()).dump().find(secret_marker) != std::string::npos)
      return fail("secret in the view");

    // the submission, whenever one can be asked for
    if (s.current == step::submitting) {
      auto sub = w->current_submission().value();
      auto found = core::validation::validate_instance(*w.catalog, sub.payload, w.context);
      if (!found.errors.empty())
        return fail("submission that does not validate: " + core::validation::to_json(found.errors).dump());
      if (sub.idempotency_key != idempotency_key(s.idempotency_seed, s.attempt)) return fail("key not of the attempt");
      auto [it, fresh] = payload_of_key.emplace(sub.idempotency_key, sub.payload);
      if (!fresh && it->second != sub.payload) return fail("one key, two payloads: " + sub.idempotency_key);
      if (retry_key && *retry_key != sub.idempotency_key) return fail("retry without its key");
      retry_key.reset();
    }
    return true;
  }

  bool step_once() {
    const wizard_state before = w->state();
    const std::vector<std::string> allowed_before = w->allowed_actions();
    // weighted by where the wizard is, so that walks reach the end; 8% of the time any
    // action at all, allowed or not
    static const std::vector<std::string> any_action{"set", "next", "back", "goTo", "cancel", "reset",
                                                     "respond", "network"};
    static const std::vector<std::string> editing{"set", "set", "set", "set", "set", "set", "next", "next",
                                                  "next", "next", "back", "goTo"};
    static const std::vector<std::string> waiting{"respond", "respond", "respond", "network"};
    const step now = w->state().current;
    std::string action;
    if (r.chance(8))
      action = r.pick(any_action);
    else if (now == step::submitting)
      action = r.pick(waiting);
    else if (now == step::created || now == step::cancelled)
      action = "reset";
    else
      action = r.chance(1) ? "reset" : r.chance(1) ? "cancel" : r.pick(editing);

    std::string field;
    std::string code;
    bool keeps_attempt = false;
    if (action == "set") {
      auto fields = step_fields(w->form(), w->state().values, w->state().current);
      if (fields.empty() || r.chance(5)) {
        field = r.pick<std::string>({"name", "timeZone", "credentials.password", "nickname", "poolId"});
      } else if (!w->state().errors.empty() && r.chance(60)) {
        field = r.pick(w->state().errors).field;  // fix (or not) what was refused
      } else {
        field = r.pick(fields).key;
      }
      json value = r.chance(3) ? json::object({{"x", 1}}) : random_value(r, field, secret_counter);
      log << "set(" << field << "," << value.dump() << ") ";
      code = attempt(w->set(field, value));
      if (code.empty() && w->state().values != before.values) retry_key.reset();
    } else if (action == "next") {
      log << "next ";
      code = attempt(w->next());
    } else if (action == "back") {
      log << "back ";
      code = attempt(w->back());
    } else if (action == "goTo") {
      auto target = static_cast<step>(r.below(7));
      log << "goTo(" << step_id(target) << ") ";
      code = attempt(w->go_to(target));
      if (code == "step_not_allowed") {
        auto reachable = w->reachable_steps();
        if (std::find(reachable.begin(), reachable.end(), target) != reachable.end())
          return fail("goTo refused a reachable step");
        if (!allowed("goTo") && target != before.current) return fail("goTo not listed but accepted a check");
      }
    } else if (action == "cancel") {
      log << "cancel ";
      code = attempt(w->cancel());
    } else if (action == "reset") {
      log << "reset ";
      code = attempt(w->reset());
      if (code.empty()) retry_key.reset();
    } else if (action == "respond") {
      int status = r.pick<int>({201, 200, 422, 422, 422, 500, 503, 409, 400, 403});
      json body;
      if (status < 300) {
        body = {{"id", "i" + std::to_string(r.below(1000))},
                {"credentials", {{"password", std::string(secret_marker) + "echo"}}}};
      } else if (status == 422 && r.chance(85)) {
        json errors = json::object();
        for (int i = 0; i < 1 + static_cast<int>(r.below(3)); ++i)
          errors[r.pick<std::string>({"name", "timeZone", "rateLimit.amount", "authMethodId",
                                      "credentials.account", "certificate", "connectorId", "poolId"})] =
              json::array({"Rejected by the backend."});
        body = {{"message", "Rejected."}, {"errors", errors}};
      } else {
        body = {{"message", "Failure " + std::to_string(status)}};
      }
      log << "respond(" << status << ") ";
      code = attempt(w->apply_response(status, body));
      keeps_attempt = code.empty() && (status >= 500 || status == 409);
    } else {
      log << "network ";
      code = attempt(w->apply_network_error(r.chance(50) ? "offline" : ""));
      keeps_attempt = code.empty();
    }

    const std::string listed = action == "respond" ? "applyResponse" : action == "network" ? "applyNetworkError" : action;
    const bool was_allowed = std::find(allowed_before.begin(), allowed_before.end(), listed) != allowed_before.end();
    if (!code.empty()) {
      if (w->state() != before) return fail("refused action " + action + " (" + code + ") changed the state");
      if (code == "action_not_allowed" && was_allowed) return fail(action + " listed but refused");
      if (code != "action_not_allowed" && !was_allowed) return fail(action + " not listed but reached " + code);
    } else if (!was_allowed) {
      return fail(action + " accepted but not listed");
    }
    if (keeps_attempt && w->state().attempt_open)
      retry_key = idempotency_key(w->state().idempotency_seed, w->state().attempt);
    if (!code.empty()) return true;  // unchanged, and checked after the previous action
    if (!check_values_kept(before, action, field)) return false;
    return check_state();
  }
};

}  // namespace

TEST_CASE("wizard property: random action sequences keep every invariant", "[wizard][property]") {
  std::map<std::string, int> reached;  // how far sequences got, so the test shows it covers the graph
  int submissions = 0;
  for (std::uint32_t seed = 1; seed <= static_cast<std::uint32_t>(sequences); ++seed) {
    sequence_checker c(seed);
    c.check_state();
    for (int i = 0; i < actions_per_sequence && c.failure.empty(); ++i) {
      if (!c.step_once()) break;
      reached[std::string(step_id(c.w->state().current))]++;
    }
    submissions += static_cast<int>(c.payload_of_key.size());
    if (!c.failure.empty()) {
      INFO("seed " << seed);
      FAIL(c.failure);
    }
  }
  // the random walks reach every step, and submit many times
  for (const char* s : {"name", "settings", "authType", "credentials", "review", "submitting", "created", "cancelled"}) {
    INFO(s);
    CHECK(reached[s] > 0);
  }
  CHECK(submissions > 100);
}
