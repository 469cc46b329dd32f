#include "core/time/zone_suggestion.h"

#include <algorithm>
#include <cstddef>
#include <vector>

#include "core/time/zone_list.h"

namespace core {
namespace time {

namespace {

constexpr std::size_t max_edits = 2;
constexpr std::size_t max_typed = 64;  // longer than any zone name by far: not a near miss

std::string fold(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '_' || c == '/') c = ' ';
    else if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out.push_back(c);
  }
  const auto first = out.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  return out.substr(first, out.find_last_not_of(' ') - first + 1);
}

// Single-character insertions, deletions and substitutions from a to b.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> previous(b.size() + 1), row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(previous, row);
  }
  return previous[b.size()];
}

struct name_index {
  struct name {
    std::string folded;
    std::size_t zone;  // index into ids
  };
  std::vector<std::string> ids;  // the zones offered, in picker order
  std::vector<name> names;       // their names and other names, whole and by the last part
};

const name_index& names() {
  static const name_index index = [] {
    name_index out;
    for (const auto& choice : zone_choices()) {
      const std::size_t z = out.ids.size();
      out.ids.push_back(choice.id);
      std::vector<std::string> all{choice.id};
      all.insert(all.end(), choice.aliases.begin(), choice.aliases.end());
      for (const auto& name : all) {
        const auto slash = name.rfind('/');
        if (slash != std::string::npos) out.names.push_back({fold(name.substr(slash + 1)), z});
        out.names.push_back({fold(name), z});
      }
    }
    return out;
  }();
  return index;
}

}  // namespace

std::optional<std::string> closest_zone_name(std::string_view typed_text) {
  if (typed_text.size() > max_typed) return std::nullopt;
  const std::string typed = fold(typed_text);
  if (typed.size() < 3) return std::nullopt;
  const std::size_t allowed = std::min(max_edits, typed.size() / 3);
  const name_index& index = names();
  std::optional<std::size_t> best;
  std::size_t best_distance = allowed + 1;
  for (const auto& n : index.names) {
    const std::size_t length_gap = n.folded.size() > typed.size() ? n.folded.size() - typed.size()
                                                                   : typed.size() - n.folded.size();
    if (length_gap >= best_distance) continue;
    const std::size_t d = edit_distance(typed, n.folded);
    if (d < best_distance) {  // names come in picker order: the first of a tie stays
      best = n.zone;
      best_distance = d;
    }
  }
  if (!best) return std::nullopt;
  return index.ids[*best];
}

}  // namespace time
}  // namespace core
