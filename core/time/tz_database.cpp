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
  std::string key;  // the name, or its ASCII-lowercase form in the folded index
  const date::time_zone* zone;
  bool link;
};

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Every zone and link name, sorted, resolved to its zone; plus the same folded to
// lowercase. date's own locate_zone throws for unknown names, which validation hits often.
struct NameIndex {
  std::vector<NameEntry> exact;
  std::vector<NameEntry> folded;

  explicit NameIndex(const date::tzdb& db) {
    for (const auto& z : db.zones) exact.push_back({z.name(), &z, false});
    for (const auto& l : db.links) {
      const date::time_zone* target = nullptr;
      std::string name = l.target();
      // links name zones; follow a (never seen) chain of links a few steps at most
      for (int hop = 0; hop < 8 && !target; ++hop) {
        auto z = std::lower_bound(db.zones.begin(), db.zones.end(), name,
                                  [](const date::time_zone& a, const std::string& b) {
                                    return a.name() < b;
                                  });
        if (z != db.zones.end() && z->name() == name) {
          target = &*z;
          break;
        }
        auto next = std::find_if(db.links.begin(), db.links.end(),
                                 [&](const date::time_zone_link& x) { return x.name() == name; });
        if (next == db.links.end()) break;
        name = next->target();
      }
      if (target) exact.push_back({l.name(), target, true});
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
    if (const auto* e = find(exact, name)) return e;
    return find(folded, ascii_lower(name));
  }
};

const NameIndex& name_index() {
  static const NameIndex index(tz_database());
  return index;
}

}  // namespace

std::string_view tz_database_version() noexcept { return embedded::tzdata_version; }

const date::tzdb& tz_database() {
  static const date::tzdb& db = parse_embedded();
  return db;
}

const date::time_zone* find_zone(std::string_view name) {
  if (name.empty() || name.size() > 128) return nullptr;
  const auto* e = name_index().lookup(name);
  return e ? e->zone : nullptr;
}

std::optional<std::string> canonical_zone_name(std::string_view name) {
  const auto* zone = find_zone(name);
  if (!zone) return std::nullopt;
  return zone->name();
}

bool is_zone_link(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  const auto* e = name_index().lookup(name);
  return e && e->link;
}

}  // namespace time
}  // namespace core
