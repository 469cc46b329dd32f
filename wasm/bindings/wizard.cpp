// Exports of the add-instance wizard: one line per exported function. A wizard lives in the
// module until the facade deletes it (dispose()); the facade holds it as the number of its
// address. Every method is JSON in / JSON out and never throws (core/api/wizard_api.h); the
// texts cross as text_calls.h says.
#include <emscripten/emscripten.h>

#include "core/api/wizard_api.h"
#include "wasm/bindings/text_calls.h"

using namespace bindings;
using core::api::wizard_session;
using session = address;
static constexpr auto& at = object_at<wizard_session>;

extern "C" {
EMSCRIPTEN_KEEPALIVE int core_wizard_time_zones() { return answer(core::api::wizard_time_zones()); }
EMSCRIPTEN_KEEPALIVE int core_wizard_form(int a) { return answer(core::api::wizard_form(text(0, a))); }
EMSCRIPTEN_KEEPALIVE int core_wizard_build_instance(int a, int b) { return answer(core::api::wizard_build_instance(text(0, a), text(a, b))); }
EMSCRIPTEN_KEEPALIVE session core_wizard_new() { return new_object<wizard_session>(); }
EMSCRIPTEN_KEEPALIVE void core_wizard_delete(session s) { delete_object<wizard_session>(s); }
EMSCRIPTEN_KEEPALIVE int core_wizard_open(session s, int a) { return answer(at(s).open(text(0, a))); }
EMSCRIPTEN_KEEPALIVE int core_wizard_restore(session s, int a, int b) { return answer(at(s).restore(text(0, a), text(a, b))); }
EMSCRIPTEN_KEEPALIVE int core_wizard_view(session s) { return answer(at(s).view()); }
EMSCRIPTEN_KEEPALIVE int core_wizard_set(session s, int a, int b) { return answer(at(s).set(text(0, a), text(a, b))); }
EMSCRIPTEN_KEEPALIVE int core_wizard_next(session s) { return answer(at(s).next()); }
EMSCRIPTEN_KEEPALIVE int core_wizard_back(session s) { return answer(at(s).back()); }
EMSCRIPTEN_KEEPALIVE int core_wizard_go_to(session s, int a) { return answer(at(s).go_to(text(0, a))); }
EMSCRIPTEN_KEEPALIVE int core_wizard_cancel(session s) { return answer(at(s).cancel()); }
EMSCRIPTEN_KEEPALIVE int core_wizard_reset(session s) { return answer(at(s).reset()); }
EMSCRIPTEN_KEEPALIVE int core_wizard_submission(session s) { return answer(at(s).submission()); }
EMSCRIPTEN_KEEPALIVE int core_wizard_instance(session s) { return answer(at(s).instance()); }
EMSCRIPTEN_KEEPALIVE int core_wizard_apply_response(session s, int a) { return answer(at(s).apply_response(text(0, a))); }
EMSCRIPTEN_KEEPALIVE int core_wizard_apply_network_error(session s, int a) { return answer(at(s).apply_network_error(text(0, a))); }
EMSCRIPTEN_KEEPALIVE int core_wizard_save(session s, int include_secrets) { return answer(at(s).save(include_secrets != 0)); }
EMSCRIPTEN_KEEPALIVE int core_wizard_check(session s, int a) { return answer(at(s).check(text(0, a))); }
}
