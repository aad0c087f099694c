// ESRI ASCII grids read by rows: the text is streamed from the file and only the rows asked for
// are parsed and kept, so memory is one window (or one strip of a scan), never the grid. The
// CRS comes from the `.prj` file beside the grid, when there is one.
#include "base/atomic_file.hpp"
#include "base/error.hpp"
#include "io/raster/esri_ascii_parse.hpp"
#include "io/raster/raster_source.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>

namespace karst::io {

namespace {

class EsriAsciiSource final : public RasterSource {
 public:
  explicit EsriAsciiSource(const std::string& path) : path_(path) {
    auto in = open();
    auto h = detail::parse_esri_ascii_header(in, path);
    grid_.source = path;
    grid_.ny = h.grid.ny;
    grid_.nx = h.grid.nx;
    grid_.dx = h.grid.dx;
    grid_.x0 = h.grid.x0;
    grid_.y0 = h.grid.y0;
    grid_.has_nodata = h.grid.has_nodata;
    grid_.nodata = h.grid.nodata;
    data_at_ = h.data_at;
    data_line_ = h.data_line;
    const auto prj = std::filesystem::path(path).replace_extension(".prj").string();
    if (std::filesystem::exists(prj)) grid_.crs_wkt = crs_to_wkt(read_text(prj), prj);
  }

  void read_window(long long i0, long long j0, int ny, int nx, double* out) const override {
    check_window(i0, j0, ny, nx);
    auto in = at_data();
    std::string line;
    for (long long i = 0; i < i0; ++i) next_line(in, line, i);  // skipped, not parsed
    std::vector<double> row(static_cast<size_t>(grid_.nx));
    for (int i = 0; i < ny; ++i) {
      next_line(in, line, i0 + i);
      detail::parse_esri_ascii_row(line, data_line_ + i0 + i, grid_.nx, path_, row.data());
      std::copy(row.begin() + j0, row.begin() + j0 + nx, out + static_cast<size_t>(i) * nx);
    }
  }

  // One pass over the text: a strip of rows at a time.
  void scan(int rows, const StripVisitor& visit) const override {
    rows = std::max(1, rows);
    auto in = at_data();
    std::string line;
    std::vector<double> strip;
    for (long long i0 = 0; i0 < grid_.ny; i0 += rows) {
      const int n = static_cast<int>(std::min<long long>(rows, grid_.ny - i0));
      strip.resize(static_cast<size_t>(n) * static_cast<size_t>(grid_.nx));
      for (int i = 0; i < n; ++i) {
        next_line(in, line, i0 + i);
        detail::parse_esri_ascii_row(line, data_line_ + i0 + i, grid_.nx, path_,
                                     strip.data() + static_cast<size_t>(i) * grid_.nx);
      }
      visit(i0, n, strip.data());
    }
  }

 private:
  std::ifstream open() const {
    if (!std::filesystem::exists(path_)) throw Error(path_, "file does not exist");
    std::ifstream in(path_);
    if (!in) throw Error(path_, "cannot open for reading");
    return in;
  }

  std::ifstream at_data() const {
    auto in = open();
    if (data_at_ >= 0)
      in.seekg(data_at_);
    else
      in.seekg(0, std::ios::end);
    return in;
  }

  // Data row `i` (0-based) into `line`, or the error the whole-grid reader gives.
  void next_line(std::ifstream& in, std::string& line, long long i) const {
    if (!std::getline(in, line))
      throw Error(path_, fmt::format("ends after {} of {} data rows", i, grid_.ny));
  }

  std::string path_;
  std::streamoff data_at_ = -1;
  long long data_line_ = 0;
};

}  // namespace

std::unique_ptr<RasterSource> open_esri_ascii_source(const std::string& path) {
  return std::make_unique<EsriAsciiSource>(path);
}

}  // namespace karst::io
