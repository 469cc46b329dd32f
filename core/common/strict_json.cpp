#include "core/common/strict_json.h"

#include <set>
#include <string>
#include <vector>

#include "core/common/json_pointer.h"

namespace core {
namespace {

using json = nlohmann::json;

// A SAX pass that only tracks where it is: the DOM is built by a second, ordinary parse.
class duplicate_key_finder final : public json::json_sax_t {
 public:
  explicit duplicate_key_finder(std::size_t max_depth, problem_list& problems)
      : max_depth_(max_depth), problems_(problems) {}

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(json::number_integer_t) override { return value(); }
  bool number_unsigned(json::number_unsigned_t) override { return value(); }
  bool number_float(json::number_float_t, const json::string_t&) override { return value(); }
  bool string(json::string_t&) override { return value(); }
  bool binary(json::binary_t&) override { return value(); }

  bool start_object(std::size_t) override { return open(false); }
  bool key(json::string_t& k) override {
    frame& f = frames_.back();
    f.key = k;
    if (!f.keys.insert(k).second) {
      problems_.push_back({pointer_append(pointer_of_current_container(), k), "duplicate_key",
                           "The member \"" + k + "\" appears more than once.",
                           {{"key", k}}});
    }
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(true); }
  bool end_array() override { return close(); }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& e) override {
    problems_.push_back({"", "invalid_json",
                         "The text is not valid JSON (at byte " + std::to_string(position) +
                             "): " + short_reason(e.what()),
                         {{"position", position}}});
    return false;
  }

  bool aborted_for_depth() const { return too_deep_; }

 private:
  struct frame {
    bool array = false;
    std::size_t next_index = 0;  // arrays: index of the next element
    std::string key;             // objects: the current member
    std::set<std::string> keys;
  };

  // The pointer of the innermost open container (the object that receives a key).
  std::string pointer_of_current_container() const {
    std::string p;
    for (std::size_t i = 0; i + 1 < frames_.size(); ++i) {
      const frame& f = frames_[i];
      p = f.array ? pointer_append(p, f.next_index - 1) : pointer_append(p, f.key);
    }
    return p;
  }

  bool value() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().next_index;
    return true;
  }
  bool open(bool array) {
    value();
    if (frames_.size() + 1 > max_depth_) {
      too_deep_ = true;
      problems_.push_back({pointer_of_opening_value(), "too_deep",
                           "The document is nested more than " + std::to_string(max_depth_) +
                               " levels deep.",
                           {{"max", max_depth_}}});
      return false;
    }
    frame f;
    f.array = array;
    frames_.push_back(std::move(f));
    return true;
  }
  std::string pointer_of_opening_value() const {
    std::string p;
    for (const frame& f : frames_) {
      p = f.array ? pointer_append(p, f.next_index - 1) : pointer_append(p, f.key);
    }
    return p;
  }
  bool close() {
    frames_.pop_back();
    return true;
  }
  static std::string short_reason(const std::string& what) {
    // nlohmann's message: "[json.exception.parse_error.101] parse error at line 1, column 2:
    // syntax error while parsing value - invalid literal; last read: 'x'"
    const auto dash = what.find(" - ");
    return dash == std::string::npos ? what : what.substr(dash + 3);
  }

  std::size_t max_depth_;
  problem_list& problems_;
  std::vector<frame> frames_;
  bool too_deep_ = false;
};

}  // namespace

strict_json_result parse_strict_json(std::string_view text, std::size_t max_depth) {
  strict_json_result result;
  duplicate_key_finder finder(max_depth, result.problems);
  const bool ok = json::sax_parse(text.begin(), text.end(), &finder);
  if (!ok) return result;  // not JSON, or too deep: the problem is recorded
  result.value = json::parse(text.begin(), text.end());
  return result;
}

std::size_t json_depth(const nlohmann::json& value, std::size_t limit) {
  // Iterative on purpose: the point is to bound recursion elsewhere.
  std::size_t deepest = 0;
  std::vector<std::pair<const json*, std::size_t>> todo{{&value, 1}};
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

}  // namespace core
