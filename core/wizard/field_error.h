#pragma once
// The wizard shows and stores core/validation's field errors as they are:
// {field, code, message, params} with the field paths of docs/architecture.md.
#include "core/validation/field_error.h"

namespace core::wizard {
using validation::field_error;
}
