#include "core/time/tz_database.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

#include "core/time/tzdata_embedded.h"

namespace core {
namespace time {
namespace {

// date 3.0.1 reads its text database only from files: a `version` file and a fixed list of
// region files ("africa", "antarctica", ..., "leapseconds") under date::get_install(),
// treating every line alike whichever file holds it. So the embedded text is staged as
// `version` + the first region file in a fresh temporary folder (MEMFS in WebAssembly),
// parsed, and removed again: no patch to date, no data on disk afterwards.
class StagedFolder {
 public:
  StagedFolder() {
    const char* tmp = std::getenv("TMPDIR");
    path_ = std::string(tmp && *tmp ? tmp : "/tmp") + "/core-tzdata-XXXXXX";
    if (!mkdtemp(&path_[0]))
      throw std::runtime_error("tz database: cannot create a temporary folder under " + path_);
  }
  ~StagedFolder() {
    for (const auto& f : files_) std::remove(f.c_str());
    rmdir(path_.c_str());
  }
  StagedFolder(const StagedFolder&) = delete;
  StagedFolder& operator=(const StagedFolder&) = delete;

  void write(const char* name, const char* data, std::size_t size) {
    std::string file = path_ + "/" + name;
    std::FILE* f = std::fopen(file.c_str(), "wb");
    if (!f) throw std::runtime_error("tz database: cannot write " + file);
    files_.push_back(file);
    bool ok = std::fwrite(data, 1, size, f) == size;
    ok = std::fclose(f) == 0 && ok;
    if (!ok) throw std::runtime_error("tz database: cannot write " + file);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::vector<std::string> files_;
};

const date::tzdb& parse_embedded() {
  StagedFolder folder;
  const std::string version = std::string(embedded::tzdata_version) + "\n";
  folder.write("version", version.data(), version.size());
  folder.write("africa", embedded::tzdata_text, embedded::tzdata_size);
  date::set_install(folder.path());
  return date::get_tzdb();
}

struct NameEntry {
  std::string key;              // the name, or its ASCII-lowercase form in the folded index
  std::string_view canonical;   // the zone it names (into the embedded text)
  bool link;
};

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The i-th space-separated word of a line.
std::string_view word(std::string_view line, int i) {
  std::size_t b = 0;
  for (;;) {
    while (b < line.size() && (line[b] == ' ' || line[b] == '\t')) ++b;
    std::size_t e = b;
    while (e < line.size() && line[e] != ' ' && line[e] != '\t') ++e;
    if (i-- == 0) return line.substr(b, e - b);
    if (e >= line.size()) return {};
    b = e;
  }
}

// Every zone and link name with the zone it leads to, sorted; plus the same folded to
// lowercase. Built from the Zone and Link lines of the embedded text (about a millisecond),
// not from date's parsed database (~60 ms in wasm), so name checks stay cheap from a cold
// start. date's own locate_zone also throws for unknown names, which validation hits often.
struct NameIndex {
  std::vector<NameEntry> exact;
  std::vector<NameEntry> folded;

  NameIndex() {
    const std::string_view text(embedded::tzdata_text, embedded::tzdata_size);
    std::vector<std::pair<std::string_view, std::string_view>> links;  // name -> target
    std::vector<std::string_view> zones;
    for (std::size_t pos = 0; pos < text.size();) {
      std::size_t eol = text.find('\n', pos);
      if (eol == std::string_view::npos) eol = text.size();
      const std::string_view line = text.substr(pos, eol - pos);
      if (line.compare(0, 5, "Zone ") == 0) zones.push_back(word(line, 1));
      else if (line.compare(0, 5, "Link ") == 0) links.emplace_back(word(line, 2), word(line, 1));
      pos = eol + 1;
    }
    std::sort(zones.begin(), zones.end());
    for (auto z : zones) exact.push_back({std::string(z), z, false});
    for (const auto& l : links) {
      // links name zones; follow a (never seen) chain of links a few steps at most
      std::string_view target = l.second;
      for (int hop = 0; hop < 8 && !std::binary_search(zones.begin(), zones.end(), target); ++hop) {
        auto next = std::find_if(links.begin(), links.end(),
                                 [&](const auto& x) { return x.first == target; });
        if (next == links.end()) break;
        target = next->second;
      }
      if (std::binary_search(zones.begin(), zones.end(), target))
        exact.push_back({std::string(l.first), target, true});
    }
    auto by_key = [](const NameEntry& a, const NameEntry& b) { return a.key < b.key; };
    std::sort(exact.begin(), exact.end(), by_key);
    folded = exact;
    for (auto& e : folded) e.key = ascii_lower(e.key);
    std::stable_sort(folded.begin(), folded.end(), by_key);
  }

  static const NameEntry* find(const std::vector<NameEntry>& v, std::string_view key) {
    auto it = std::lower_bound(v.begin(), v.end(), key,
                               [](const NameEntry& a, std::string_view b) { return a.key < b; });
    return it != v.end() && it->key == key ? &*it : nullptr;
  }

  const NameEntry* lookup(std::string_view name) const {
    if (name.empty() || name.size() > 128) return nullptr;
    if (const auto* e = find(exact, name)) return e;
    return find(folded, ascii_lower(name));
  }
};

const NameIndex& name_index() {
  static const NameIndex index;
  return index;
}

}  // namespace

std::string_view tz_database_version() noexcept { return embedded::tzdata_version; }

const date::tzdb& tz_database() {
  static const date::tzdb& db = parse_embedded();
  return db;
}

const date::time_zone* find_zone(std::string_view name) {
  const auto* e = name_index().lookup(name);
  if (!e) return nullptr;
  const auto& zones = tz_database().zones;
  auto it = std::lower_bound(zones.begin(), zones.end(), e->canonical,
                             [](const date::time_zone& z, std::string_view n) { return z.name() < n; });
  return it != zones.end() && it->name() == e->canonical ? &*it : nullptr;
}

std::optional<std::string> canonical_zone_name(std::string_view name) {
  const auto* e = name_index().lookup(name);
  if (!e) return std::nullopt;
  return std::string(e->canonical);
}

bool is_zone_link(std::string_view name) {
  const auto* e = name_index().lookup(name);
  return e && e->link;
}

}  // namespace time
}  // namespace core
