// Bindings of the add-instance wizard: one line per exported function. A wizard is
// an embind object (the JS facade deletes it on dispose()); every method is JSON in / JSON
// out and never throws (core/api/wizard_api.h).
//
// Registered when the facade first needs them (wasm/js/wizard.mjs calls
// bindings_register_wizard), not as the module starts: each registration runs as cold JS in
// the glue, and hosts that never open a wizard would pay for them in every load().
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include "core/api/wizard_api.h"

extern "C" EMSCRIPTEN_KEEPALIVE void bindings_register_wizard() {
  static bool registered = false;  // embind refuses a second registration of a name
  if (registered) return;
  registered = true;
  emscripten::function("wizardTimeZones", &core::api::wizard_time_zones);
  emscripten::function("wizardForm", &core::api::wizard_form);
  emscripten::function("wizardBuildInstance", &core::api::wizard_build_instance);
  emscripten::class_<core::api::wizard_session>("WizardSession")
      .constructor<>()
      .function("open", &core::api::wizard_session::open)
      .function("restore", &core::api::wizard_session::restore)
      .function("view", &core::api::wizard_session::view)
      .function("set", &core::api::wizard_session::set)
      .function("next", &core::api::wizard_session::next)
      .function("back", &core::api::wizard_session::back)
      .function("goTo", &core::api::wizard_session::go_to)
      .function("cancel", &core::api::wizard_session::cancel)
      .function("reset", &core::api::wizard_session::reset)
      .function("submission", &core::api::wizard_session::submission)
      .function("instance", &core::api::wizard_session::instance)
      .function("applyResponse", &core::api::wizard_session::apply_response)
      .function("applyNetworkError", &core::api::wizard_session::apply_network_error)
      .function("save", &core::api::wizard_session::save)
      .function("check", &core::api::wizard_session::check);
}
