// ENVI images: a text header (parsed in envi_header.cpp) beside a raw data file in bsq, bil or
// bip order. Rows are read with seeks, so a strip of a large scene costs only its own bytes; the
// writer streams row by row for the same reason.
#include "base/atomic_file.hpp"
#include "base/error.hpp"
#include "io/raster/multiband.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace karst::io {

namespace {

namespace fs = std::filesystem;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool ends_with_hdr(const std::string& path) {
  return path.size() > 4 && lower(path.substr(path.size() - 4)) == ".hdr";
}

int envi_code(SampleType t) {
  switch (t) {
    case SampleType::uint8:
      return 1;
    case SampleType::int16:
      return 2;
    case SampleType::float32:
      return 4;
    case SampleType::float64:
      return 5;
    case SampleType::uint16:
      return 12;
  }
  return 0;
}

const char* interleave_name(EnviInterleave i) {
  switch (i) {
    case EnviInterleave::bsq:
      return "bsq";
    case EnviInterleave::bil:
      return "bil";
    case EnviInterleave::bip:
      return "bip";
  }
  return "?";
}

class EnviReader final : public MultibandReader {
 public:
  explicit EnviReader(const std::string& header_path) {
    const auto h = read_envi_header(header_path);
    info_ = h.info;
    header_offset_ = h.header_offset;
    interleave_ = h.interleave;
    big_endian_ = h.big_endian;
    data_ = find_data_file(header_path);
    const auto need = h.data_bytes();
    const auto have = fs::file_size(data_);
    if (have < need)
      throw Error(data_, fmt::format("is {} bytes, but its header {} needs {} (header offset {} "
                                     "+ {} bands x {} lines x {} samples x {} bytes)",
                                     have, header_path, need, header_offset_, info_.bands,
                                     info_.rows, info_.cols, sample_size(info_.type)));
  }

  const MultibandInfo& info() const override { return info_; }

  void read_rows(long long row0, long long nrows, double* out) const override {
    detail::check_rows(info_, row0, nrows);
    if (nrows == 0) return;
    std::ifstream in(data_, std::ios::binary);
    if (!in) throw Error(data_, "cannot open for reading");
    const long long bands = info_.bands, rows = info_.rows, cols = info_.cols;
    const size_t size = sample_size(info_.type);
    std::vector<unsigned char> bytes;
    // Reads `count` samples starting `first` samples into the data (after the header offset).
    auto read = [&](long long first, long long count) {
      bytes.resize(static_cast<size_t>(count) * size);
      const auto pos = header_offset_ + first * static_cast<long long>(size);
      in.seekg(pos);
      in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
      if (!in)
        throw Error(data_, fmt::format("short read of {} bytes at byte {}", bytes.size(), pos));
      if (big_endian_ != detail::host_is_big_endian())
        detail::swap_bytes(bytes.data(), bytes.size() / size, size);
    };
    if (interleave_ == EnviInterleave::bsq) {
      // Each band's rows are contiguous: one read per band, straight into place.
      for (long long b = 0; b < bands; ++b) {
        read((b * rows + row0) * cols, nrows * cols);
        to_doubles(bytes.data(), static_cast<size_t>(nrows * cols), out + b * nrows * cols);
      }
    } else {
      // bil (row, band, col) and bip (row, col, band): the rows are one contiguous block.
      read(row0 * bands * cols, nrows * bands * cols);
      std::vector<double> line(static_cast<size_t>(bands * cols));
      for (long long r = 0; r < nrows; ++r) {
        to_doubles(bytes.data() + static_cast<size_t>(r * bands * cols) * size, line.size(),
                   line.data());
        for (long long b = 0; b < bands; ++b)
          for (long long c = 0; c < cols; ++c)
            out[(b * nrows + r) * cols + c] = line[static_cast<size_t>(
                interleave_ == EnviInterleave::bil ? b * cols + c : c * bands + b)];
      }
    }
    detail::decode_in_place(info_, out, row0, nrows);
  }

 private:
  static std::string find_data_file(const std::string& header) {
    std::vector<std::string> tried;
    const std::string base = ends_with_hdr(header)
                                 ? header.substr(0, header.size() - 4)
                                 : fs::path(header).replace_extension("").string();
    if (base != header) tried.push_back(base);
    for (const char* ext : {".img", ".dat", ".bin", ".raw", ".IMG", ".DAT", ".BIN", ".RAW"})
      tried.push_back(base + ext);
    for (const auto& p : tried)
      if (fs::is_regular_file(p)) return p;
    std::string names;
    for (const auto& p : tried) names += (names.empty() ? "" : ", ") + p;
    throw Error(header, fmt::format("no data file beside the header (tried {})", names));
  }

  template <class T>
  static void load(const unsigned char* bytes, size_t n, double* out) {
    for (size_t i = 0; i < n; ++i) {
      T v;
      std::memcpy(&v, bytes + i * sizeof(T), sizeof(T));
      out[i] = static_cast<double>(v);
    }
  }
  void to_doubles(const unsigned char* bytes, size_t n, double* out) const {
    switch (info_.type) {
      case SampleType::uint8:
        return load<std::uint8_t>(bytes, n, out);
      case SampleType::int16:
        return load<std::int16_t>(bytes, n, out);
      case SampleType::uint16:
        return load<std::uint16_t>(bytes, n, out);
      case SampleType::float32:
        return load<float>(bytes, n, out);
      case SampleType::float64:
        return load<double>(bytes, n, out);
    }
  }

  MultibandInfo info_;
  std::string data_;
  long long header_offset_ = 0;
  EnviInterleave interleave_ = EnviInterleave::bsq;
  bool big_endian_ = false;
};

// Removes a half-written file unless the write completed.
class RemoveUnlessKept {
 public:
  explicit RemoveUnlessKept(std::string path) : path_(std::move(path)) {}
  RemoveUnlessKept(const RemoveUnlessKept&) = delete;
  RemoveUnlessKept& operator=(const RemoveUnlessKept&) = delete;
  ~RemoveUnlessKept() {
    if (!kept_) std::remove(path_.c_str());
  }
  void keep() { kept_ = true; }

 private:
  std::string path_;
  bool kept_ = false;
};

std::string braces_checked(const std::string& text, const std::string& what,
                           const std::string& where) {
  if (text.find_first_of("{}") != std::string::npos)
    throw Error(
        where, fmt::format("{} '{}' contains a brace, which ENVI headers cannot hold", what, text));
  return text;
}

std::string map_info(const Georef& g, bool& crs_in_map_info) {
  const auto common = fmt::format("1, 1, {}, {}, {}, {}", g.x0, g.y0, g.dx, g.dy);
  crs_in_map_info = true;
  int code = 0;
  if (g.crs.rfind("EPSG:", 0) == 0) code = std::atoi(g.crs.c_str() + 5);
  if (code > 32600 && code <= 32660)
    return fmt::format("{{UTM, {}, {}, North, WGS-84, units=Meters}}", common, code - 32600);
  if (code > 32700 && code <= 32760)
    return fmt::format("{{UTM, {}, {}, South, WGS-84, units=Meters}}", common, code - 32700);
  if (code == 4326) return fmt::format("{{Geographic Lat/Lon, {}, WGS-84, units=Degrees}}", common);
  crs_in_map_info = g.crs.empty();
  return fmt::format("{{Arbitrary, {}}}", common);
}

}  // namespace

std::unique_ptr<MultibandReader> open_envi(const std::string& header_path) {
  return std::make_unique<EnviReader>(header_path);
}

void write_envi(const std::string& header_path, const MultibandInfo& info,
                const double* physical_all_rows, EnviInterleave interleave, bool big_endian) {
  if (!ends_with_hdr(header_path)) throw Error(header_path, "an ENVI header name must end in .hdr");
  detail::check_info(info, header_path);
  if (!physical_all_rows) throw Error(header_path, "no values to write (null pointer)");
  const long long bands = info.bands, rows = info.rows, cols = info.cols;

  std::string header = fmt::format(
      "ENVI\ndescription = {{Karst multiband image}}\nsamples = {}\nlines = {}\nbands = {}\n"
      "header offset = 0\nfile type = ENVI Standard\ndata type = {}\ninterleave = {}\n"
      "byte order = {}\n",
      cols, rows, bands, envi_code(info.type), interleave_name(interleave), big_endian ? 1 : 0);
  if (info.has_nodata) header += fmt::format("data ignore value = {}\n", info.nodata);
  if (info.scale != 1.0 || info.offset != 0.0) {
    std::string gains, offsets;
    for (long long b = 0; b < bands; ++b) {
      gains += fmt::format("{}{}", b ? ", " : "", info.scale);
      offsets += fmt::format("{}{}", b ? ", " : "", info.offset);
    }
    header +=
        fmt::format("data gain values = {{{}}}\ndata offset values = {{{}}}\n", gains, offsets);
  }
  if (info.georef.valid()) {
    bool crs_done = false;
    header += fmt::format("map info = {}\n", map_info(info.georef, crs_done));
    if (!crs_done)
      header += fmt::format("coordinate system string = {{{}}}\n",
                            braces_checked(info.georef.crs, "crs", header_path));
  } else if (!info.georef.crs.empty()) {
    header += fmt::format("coordinate system string = {{{}}}\n",
                          braces_checked(info.georef.crs, "crs", header_path));
  }
  if (!info.band_names.empty()) {
    std::string names;
    for (const auto& n : info.band_names) {
      if (n.find(',') != std::string::npos)
        throw Error(header_path, fmt::format("band name '{}' contains a ','", n));
      names += (names.empty() ? "" : ", ") + braces_checked(n, "band name", header_path);
    }
    header += fmt::format("band names = {{{}}}\n", names);
  }

  // The data first, under a temporary name: a header never describes a partial data file.
  const std::string data = header_path.substr(0, header_path.size() - 4);
  const std::string temp = data + ".tmp";
  RemoveUnlessKept cleanup(temp);
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out)
      throw Error(data, "cannot open for writing (does the directory exist and is it writable?)");
    const size_t size = sample_size(info.type);
    const bool swap = big_endian != detail::host_is_big_endian();
    // One line at a time in file order (a band's row for bsq, a row of all bands otherwise):
    // `line` holds it in physical units, `bytes` encoded.
    const long long per_line = interleave == EnviInterleave::bsq ? cols : bands * cols;
    std::vector<double> line(static_cast<size_t>(per_line));
    std::vector<unsigned char> bytes(line.size() * size);
    // Band and column of the k-th sample of a line (b_bsq: the band of a bsq line).
    auto band_col = [&](long long k, long long b_bsq) -> std::pair<long long, long long> {
      switch (interleave) {
        case EnviInterleave::bil:
          return {k / cols, k % cols};
        case EnviInterleave::bip:
          return {k % bands, k / bands};
        default:
          return {b_bsq, k};
      }
    };
    auto emit = [&](long long r, long long b_bsq) {
      for (long long k = 0; k < per_line; ++k) {
        const auto [b, c] = band_col(k, b_bsq);
        line[static_cast<size_t>(k)] = physical_all_rows[(b * rows + r) * cols + c];
      }
      if (const auto bad = detail::encode(info, line.data(), line.size(), bytes.data())) {
        const auto [b, c] = band_col(static_cast<long long>(bad.index), b_bsq);
        throw Error(header_path, fmt::format("band {}, row {}, col {}: {}", b, r, c, bad.what));
      }
      if (swap) detail::swap_bytes(bytes.data(), line.size(), size);
      out.write(reinterpret_cast<const char*>(bytes.data()),
                static_cast<std::streamsize>(bytes.size()));
    };
    if (interleave == EnviInterleave::bsq) {
      for (long long b = 0; b < bands; ++b)
        for (long long r = 0; r < rows; ++r) emit(r, b);
    } else {
      for (long long r = 0; r < rows; ++r) emit(r, 0);
    }
    out.flush();
    if (!out) throw Error(data, "write failed (disk full?)");
  }
  if (std::rename(temp.c_str(), data.c_str()) != 0)
    throw Error(data, "cannot rename the finished temporary file into place");
  cleanup.keep();
  write_text_atomically(header_path, header);
}

}  // namespace karst::io
