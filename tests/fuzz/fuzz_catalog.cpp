// libFuzzer target over connector definition parsing, pool parsing, catalog loading,
// instance validation, certificate inspection and patterns. Built with clang and
// -fsanitize=fuzzer,address,undefined by scripts/fuzz.sh; any crash, sanitizer report,
// uncaught exception or hang is a bug.
//
// The first byte picks what the rest of the input feeds (seeds in corpus/ start with the
// digit of their mode), so mutations of a seed stay on the code it was written for:
//   0 definition text   1 pool text   2 instance JSON   3 certificate data + passphrase
//   4 pattern + value   5 catalog JSON (array of definitions) through the host API
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/api/catalog_api.h"
#include "core/catalog/catalog.h"
#include "core/catalog/definition_json.h"
#include "core/catalog/definition_parser.h"
#include "core/certificate/inspection.h"
#include "core/pattern/pattern.h"
#include "core/common/json_document.h"
#include "core/common/strict_json.h"
#include "core/validation/instance_validation.h"
#include "core/validation/laravel.h"

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The demo catalog, loaded once: instances are validated against real definitions.
const core::catalog::catalog& demo_catalog() {
  static const core::catalog::catalog c = [] {
    nlohmann::json texts = nlohmann::json::array();
    for (const char* name : {"shopify", "jira-cloud", "netsuite", "dynamics-365", "salesforce",
                             "ing-psd2"}) {
      texts.push_back(read(std::string(SOURCE_DIR) + "/web/catalog/" + name + ".json"));
    }
    auto pools = nlohmann::json::parse(read(std::string(SOURCE_DIR) + "/web/pools.example.json"));
    const auto texts_document = core::json_document::of(texts);
    const auto pools_document = core::json_document::of(pools);
    auto loaded = core::catalog::catalog::load(texts_document.root(), pools_document.root());
    if (loaded.connectors().size() != 6) __builtin_trap();  // the harness itself is broken
    return loaded;
  }();
  return c;
}

void definition(std::string_view text) {
  auto result = core::catalog::parse_connector_definition_text(text);
  if (result.definition) {
    // what a host gets back must parse again to the same definition
    const auto serialised = core::catalog::to_json(*result.definition);
    const auto serialised_document = core::json_document::of(serialised);
    auto again = core::catalog::parse_connector_definition(serialised_document.root());
    if (!again.definition || core::catalog::to_json(*again.definition) != serialised) {
      __builtin_trap();
    }
  }
  (void)core::to_json(result.problems).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The depth of a nlohmann value (a scalar is 1), counted iteratively and bounded: stops
// past `limit`.
std::size_t depth_of(const nlohmann::json& value, std::size_t limit) {
  std::size_t deepest = 0;
  std::vector<std::pair<const nlohmann::json*, std::size_t>> todo{{&value, 1}};
  while (!todo.empty()) {
    auto [v, depth] = todo.back();
    todo.pop_back();
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    if (v->is_structured()) {
      for (const auto& child : *v) todo.emplace_back(&child, depth + 1);
    }
  }
  return deepest;
}

// json_document's reader, the core's only one, against nlohmann's parser: the same value, or
// both refuse. nlohmann ends a text at a NUL byte, reads any depth, and throws out_of_range
// for a number beyond double: those texts are not compared.
void json_reader(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) return;
  const auto document = core::json_document::read(text);
  nlohmann::json expected;
  try {
    expected = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error&) {
    if (document) __builtin_trap();
    return;
  } catch (const nlohmann::json::exception&) {
    return;
  }
  if (depth_of(expected, core::default_max_json_depth) > core::default_max_json_depth) {
    if (document) __builtin_trap();
    return;
  }
  if (!document || document->root().to_json().dump() != expected.dump()) __builtin_trap();
}

void instance(std::string_view text) {
  json_reader(text);
  core::validation::validation_context context;
  context.existing_names = {"EU store", "\xC3\xA9t\xC3\xA9"};
  context.now_ms = 1767225600000;  // 2026-01-01
  // the hosts' path: the text read as a document
  const auto document = core::json_document::read(text);
  std::optional<core::validation::instance_validation> read;
  if (document) read = core::validation::validate_instance(demo_catalog(), document->root(), context);
  const auto parsed = core::read_strict_json(text);
  if (!parsed.document) return;
  const nlohmann::json value = parsed.document->root().to_json();
  auto result = core::validation::validate_instance(demo_catalog(), value, context);
  if (!nlohmann::json::accept(core::validation::to_laravel(result.errors))) __builtin_trap();
  (void)result.instance.to_json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  // Both paths decide alike: the document of the text, and the nlohmann value made of it
  // (the wizard's and native callers' path).
  if (read && (core::validation::to_json(read->errors) != core::validation::to_json(result.errors) ||
               read->instance.to_json() != result.instance.to_json())) {
    __builtin_trap();
  }
}

void certificate(std::string_view input) {
  // "<passphrase>\0<data>" when a NUL is present, else all data
  const std::size_t nul = input.find('\0');
  core::certificate::inspection_options options;
  std::string_view data = input;
  if (nul != std::string_view::npos) {
    options.passphrase = input.substr(0, nul);
    data = input.substr(nul + 1);
  }
  options.now_ms = 1767225600000;
  auto found = core::certificate::inspect_certificate(data, options);
  (void)found;
}

void pattern(std::string_view input) {
  // "<pattern>\n<value>"
  const std::size_t newline = input.find('\n');
  const std::string_view source = input.substr(0, newline);
  const std::string_view value =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  auto compiled = core::pattern::compile(source);
  if (compiled.value && value.size() <= 1024 * 4) (void)compiled.value->matches(value);
}

void catalog_api(std::string_view text) {
  const std::string answer = core::api::catalog_load(std::string(text), "null");
  auto parsed = nlohmann::json::parse(answer);  // answers are always JSON
  if (parsed.contains("handle")) {
    const int handle = parsed["handle"].get<int>();
    (void)core::api::catalog_connectors(handle);
    (void)core::api::validate_instance(handle, "{\"connectorId\":\"x\",\"name\":\"n\"}", "null");
    if (!core::api::catalog_dispose(handle)) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 6) {
    case 0: definition(input); break;
    case 1: (void)core::catalog::parse_pool_text(input); break;
    case 2: instance(input); break;
    case 3: certificate(input); break;
    case 4: pattern(input); break;
    case 5: catalog_api(input); break;
  }
  return 0;
}
