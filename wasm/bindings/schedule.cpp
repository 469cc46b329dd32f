// Exports of the request scheduler (core/schedule): one line per exported function. A
// scheduler lives in the module until the facade deletes it (dispose()); the facade holds it
// as the number of its address. Texts cross as text_calls.h says; the ids a poll started or
// timed out are read in place, as Float64Arrays over the module's memory, until the next
// call into it.
#include <emscripten/emscripten.h>

#include "core/api/schedule_api.h"
#include "core/schedule/retry_after.h"
#include "core/schedule/scheduler.h"
#include "wasm/bindings/text_calls.h"

using namespace bindings;
using core::schedule::scheduler;
using handle = address;
static constexpr auto& at = object_at<scheduler>;

extern "C" {
EMSCRIPTEN_KEEPALIVE handle core_scheduler_new() { return new_object<scheduler>(); }
EMSCRIPTEN_KEEPALIVE void core_scheduler_delete(handle s) { delete_object<scheduler>(s); }
EMSCRIPTEN_KEEPALIVE int core_scheduler_add_limit(handle s, double amount, int a) { return released(at(s).add_limit(amount, text(0, a))); }
EMSCRIPTEN_KEEPALIVE int core_scheduler_add_unlimited(handle s) { return at(s).add_unlimited(); }
EMSCRIPTEN_KEEPALIVE int core_scheduler_set_limit(handle s, int limit, double amount, int a) { return released(at(s).set_limit(limit, amount, text(0, a))); }
EMSCRIPTEN_KEEPALIVE int core_scheduler_set_unlimited(handle s, int limit) { return at(s).set_unlimited(limit); }
EMSCRIPTEN_KEEPALIVE int core_scheduler_add_pool(handle s, double size, double timeout_ms) { return at(s).add_pool(size, timeout_ms); }
EMSCRIPTEN_KEEPALIVE int core_scheduler_set_pool(handle s, int pool, double size, double timeout_ms) { return at(s).set_pool(pool, size, timeout_ms); }
EMSCRIPTEN_KEEPALIVE double core_scheduler_enqueue(handle s, int limit, int pool, double now) { return at(s).enqueue(limit, pool, now); }
EMSCRIPTEN_KEEPALIVE int core_scheduler_poll(handle s, double now) { return static_cast<int>(at(s).poll(now)); }
EMSCRIPTEN_KEEPALIVE handle core_scheduler_started(handle s) { return reinterpret_cast<handle>(at(s).started().data()); }
EMSCRIPTEN_KEEPALIVE int core_scheduler_started_count(handle s) { return static_cast<int>(at(s).started().size()); }
EMSCRIPTEN_KEEPALIVE handle core_scheduler_timed_out(handle s) { return reinterpret_cast<handle>(at(s).timed_out().data()); }
EMSCRIPTEN_KEEPALIVE int core_scheduler_timed_out_count(handle s) { return static_cast<int>(at(s).timed_out().size()); }
EMSCRIPTEN_KEEPALIVE double core_scheduler_next_wakeup(handle s) { return at(s).next_wakeup(); }
EMSCRIPTEN_KEEPALIVE int core_scheduler_complete(handle s, double id) { return at(s).complete(id); }
EMSCRIPTEN_KEEPALIVE int core_scheduler_cancel(handle s, double id) { return at(s).cancel(id); }
EMSCRIPTEN_KEEPALIVE int core_scheduler_pause(handle s, int limit, double until) { return at(s).pause(limit, until); }
EMSCRIPTEN_KEEPALIVE double core_scheduler_queued(handle s) { return at(s).queued(); }
EMSCRIPTEN_KEEPALIVE double core_scheduler_in_flight(handle s) { return at(s).in_flight(); }
EMSCRIPTEN_KEEPALIVE double core_scheduler_limit_queued(handle s, int limit) { return at(s).limit_queued(limit); }
EMSCRIPTEN_KEEPALIVE double core_scheduler_limit_in_window(handle s, int limit, double now) { return at(s).limit_in_window(limit, now); }
EMSCRIPTEN_KEEPALIVE double core_scheduler_limit_paused_until(handle s, int limit) { return at(s).limit_paused_until(limit); }
EMSCRIPTEN_KEEPALIVE double core_scheduler_limit_next_start(handle s, int limit, double now) { return at(s).limit_next_start(limit, now); }
EMSCRIPTEN_KEEPALIVE double core_scheduler_pool_in_flight(handle s, int pool) { return at(s).pool_in_flight(pool); }
EMSCRIPTEN_KEEPALIVE double core_scheduler_pool_waiting(handle s, int pool) { return at(s).pool_waiting(pool); }
EMSCRIPTEN_KEEPALIVE double core_retry_after_ms(int a, double now) { return released(core::schedule::retry_after_ms(text(0, a), now)); }
EMSCRIPTEN_KEEPALIVE int core_schedule_rate_limit(int a) { return answer(core::api::schedule_rate_limit(text(0, a))); }
EMSCRIPTEN_KEEPALIVE int core_schedule_pool(int a) { return answer(core::api::schedule_pool(text(0, a))); }
}
