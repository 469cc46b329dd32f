// Bindings of the add-instance wizard: one line per exported function. A wizard is
// an embind object (the JS facade deletes it on dispose()); every method is JSON in / JSON
// out and never throws (core/api/wizard_api.h).
#include <emscripten/bind.h>

#include "core/api/wizard_api.h"

EMSCRIPTEN_BINDINGS(wizard) {
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
