#include "tools/tzcompile/text_database.h"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

#include "tools/tzcompile/tzdata_embedded.h"

namespace tzcompile {
namespace {

// date 3.0.1 reads its text database only from files: a `version` file and a fixed list of
// region files ("africa", "antarctica", ..., "leapseconds") under date::get_install(),
// treating every line alike whichever file holds it. So the embedded text is staged as
// `version` + the first region file in a fresh temporary folder, parsed, and removed
// again: no patch to date, no data on disk afterwards.
class staged_folder {
 public:
  staged_folder() {
    const char* tmp = std::getenv("TMPDIR");
    path_ = std::string(tmp && *tmp ? tmp : "/tmp") + "/core-tzdata-XXXXXX";
    if (!mkdtemp(&path_[0]))
      throw std::runtime_error("tz database: cannot create a temporary folder under " + path_);
  }
  ~staged_folder() {
    for (const auto& f : files_) std::remove(f.c_str());
    rmdir(path_.c_str());
  }
  staged_folder(const staged_folder&) = delete;
  staged_folder& operator=(const staged_folder&) = delete;

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
  staged_folder folder;
  const std::string version = std::string(embedded::tzdata_version) + "\n";
  folder.write("version", version.data(), version.size());
  folder.write("africa", embedded::tzdata_text, embedded::tzdata_size);
  date::set_install(folder.path());
  return date::get_tzdb();
}

}  // namespace

const date::tzdb& text_database() {
  static const date::tzdb& db = parse_embedded();
  return db;
}

}  // namespace tzcompile
