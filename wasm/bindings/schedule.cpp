// Bindings of the request scheduler (core/schedule). One line per exported function; the
// few adapters above the block exist because embind cannot bind a std::string_view
// parameter or hand out a vector as a typed array by itself.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <string>

#include "core/api/schedule_api.h"
#include "core/schedule/retry_after.h"
#include "core/schedule/scheduler.h"

namespace {

using core::schedule::scheduler;

// Ids of the last poll as Float64Array views into wasm memory, valid until the next call
// into the module (the facade copies them at once).
emscripten::val started_ids(const scheduler& s) {
  return emscripten::val(emscripten::typed_memory_view(s.started().size(), s.started().data()));
}
emscripten::val timed_out_ids(const scheduler& s) {
  return emscripten::val(
      emscripten::typed_memory_view(s.timed_out().size(), s.timed_out().data()));
}
double retry_after_ms(const std::string& value, double now_epoch_ms) {
  return core::schedule::retry_after_ms(value, now_epoch_ms);
}

}  // namespace

// Registered when the facade first needs them (wasm/js/schedule.mjs calls
// bindings_register_schedule), not as the module starts, as the wizard's are
// (wasm/bindings/wizard.cpp).
extern "C" EMSCRIPTEN_KEEPALIVE void bindings_register_schedule() {
  static bool registered = false;  // embind refuses a second registration of a name
  if (registered) return;
  registered = true;
  emscripten::class_<scheduler>("Scheduler")
      .constructor<>()
      .function("addLimit", &scheduler::add_limit)
      .function("addUnlimited", &scheduler::add_unlimited)
      .function("setLimit", &scheduler::set_limit)
      .function("setUnlimited", &scheduler::set_unlimited)
      .function("addPool", &scheduler::add_pool)
      .function("setPool", &scheduler::set_pool)
      .function("enqueue", &scheduler::enqueue)
      .function("poll", &scheduler::poll)
      .function("startedIds", &started_ids)
      .function("timedOutIds", &timed_out_ids)
      .function("nextWakeup", &scheduler::next_wakeup)
      .function("complete", &scheduler::complete)
      .function("cancel", &scheduler::cancel)
      .function("pause", &scheduler::pause)
      .function("queued", &scheduler::queued)
      .function("inFlight", &scheduler::in_flight)
      .function("limitQueued", &scheduler::limit_queued)
      .function("limitInWindow", &scheduler::limit_in_window)
      .function("limitPausedUntil", &scheduler::limit_paused_until)
      .function("limitNextStart", &scheduler::limit_next_start)
      .function("poolInFlight", &scheduler::pool_in_flight)
      .function("poolWaiting", &scheduler::pool_waiting);
  emscripten::function("retryAfterMs", &retry_after_ms);
  emscripten::function("scheduleRateLimit", &core::api::schedule_rate_limit);
  emscripten::function("schedulePool", &core::api::schedule_pool);
}
