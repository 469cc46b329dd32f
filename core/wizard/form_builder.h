#pragma once
// The wizard's form for one connector of the catalog: the only file of the wizard that reads
// catalog types.
#include <vector>

#include "core/catalog/connector.h"
#include "core/catalog/pool.h"
#include "core/validation/instance_validation.h"
#include "core/wizard/form.h"

namespace core {
namespace wizard {

// Settings start from the connector's defaults (time zone, date format, rate limit); the
// pool input exists only when the connector has a concurrency limit and `pools` is not
// empty; the shared-limit input exists only when `limit_owners` is not empty. Each method's variables become "credentials.<key>" inputs in definition order,
// followed by the certificate and its passphrase when the method takes a certificate.
connector_form build_form(const catalog::connector_definition& connector,
                          const std::vector<catalog::connection_pool>& pools,
                          const std::vector<validation::instance_ref>& limit_owners);

// The choices of a `timezone` input: the zones of the picker list (core/time/zone_list.h),
// by canonical name (other names such as "US/Eastern" are accepted when typed, not listed).
// They are the same for every wizard, so the time zone input does not carry them: hosts
// fetch them once (the JS facade fills them into the view), which keeps the settings view
// small.
std::vector<choice> time_zone_choices();

}  // namespace wizard
}  // namespace core
