#pragma once
//! Small files (JSON records, CSV, XDMF) written all-or-nothing: the text goes to `<path>.tmp`,
//! is flushed, and is renamed over `path` only once complete.

#include <string>

namespace karst::io {

void write_text_atomically(const std::string& path, const std::string& text);
std::string read_text(const std::string& path);

}  // namespace karst::io
