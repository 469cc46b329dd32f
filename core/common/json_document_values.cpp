#include "core/common/json_document.h"

// The bridges between documents and nlohmann values, for the code that still builds those
// (the wizard, the answers of the JSON entry points). Apart from the reader, which is hot
// code: these are compiled for size (wasm/code_size.cmake).

namespace core {

using value_t = json_view::value_t;

json_document json_document::of(const nlohmann::json& value) {
  json_document out;
  out.add(value);
  return out;
}

std::uint32_t json_document::add(const nlohmann::json& value) {
  const auto at = static_cast<std::uint32_t>(nodes_.size());
  nodes_.push_back(node{});
  nodes_[at].type = value.type();
  switch (value.type()) {
    case value_t::boolean: nodes_[at].boolean = value.get<bool>(); break;
    case value_t::number_integer: nodes_[at].integer = value.get<std::int64_t>(); break;
    case value_t::number_unsigned: nodes_[at].unsigned_integer = value.get<std::uint64_t>(); break;
    case value_t::number_float: nodes_[at].real = value.get<double>(); break;
    case value_t::string: nodes_[at].text = value.get_ref<const std::string&>(); break;
    case value_t::array: {
      std::vector<std::uint32_t> elements;  // kept apart: a nested array adds its own first
      for (const auto& element : value) elements.push_back(add(element));
      nodes_[at].first = static_cast<std::uint32_t>(elements_.size());
      nodes_[at].count = static_cast<std::uint32_t>(elements.size());
      elements_.insert(elements_.end(), elements.begin(), elements.end());
      break;
    }
    case value_t::object: {
      std::vector<member> members;  // in key order already: the object is a map
      for (auto it = value.begin(); it != value.end(); ++it) members.push_back({it.key(), add(*it)});
      nodes_[at].first = static_cast<std::uint32_t>(members_.size());
      nodes_[at].count = static_cast<std::uint32_t>(members.size());
      members_.insert(members_.end(), members.begin(), members.end());
      break;
    }
    default:  // null; binary and discarded values keep their type and read as no other
      break;
  }
  return at;
}

nlohmann::json json_view::to_json() const {
  using nlohmann::json;
  if (!doc_) return nullptr;
  const auto& n = doc_->nodes_[node_];
  switch (n.type) {
    case value_t::boolean: return n.boolean;
    case value_t::number_integer: return n.integer;
    case value_t::number_unsigned: return n.unsigned_integer;
    case value_t::number_float: return n.real;
    case value_t::string: return std::string(n.text);
    case value_t::array: {
      json out = json::array();
      auto& elements = out.get_ref<json::array_t&>();
      elements.reserve(n.count);
      for (std::uint32_t i = 0; i < n.count; ++i) elements.push_back(element(i).to_json());
      return out;
    }
    case value_t::object: {
      json out = json::object();
      auto& members = out.get_ref<json::object_t&>();
      for (auto it = begin(); it != end(); ++it) {
        members.emplace_hint(members.end(), std::string(it.key()), (*it).to_json());  // in key order
      }
      return out;
    }
    default: return nullptr;
  }
}

}  // namespace core
