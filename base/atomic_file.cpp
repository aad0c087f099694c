#include "base/atomic_file.hpp"

#include "base/error.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace karst::io {

void write_text_atomically(const std::string& path, const std::string& text) {
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out)
      throw Error(path, "cannot open for writing (does the directory exist and is it writable?)");
    out << text;
    out.flush();
    if (!out) {
      out.close();
      std::remove(temp.c_str());
      throw Error(path, "write failed (disk full?)");
    }
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    throw Error(path, "cannot rename the finished temporary file into place");
  }
}

std::string read_text(const std::string& path) {
  if (!std::filesystem::exists(path)) throw Error(path, "file does not exist");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path, "cannot open for reading");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace karst::io
