// GeoTIFF and PNG output through GDAL. Without GDAL every entry point says so in a karst::Error
// and gdal_available() lets callers skip these outputs with one note instead.
#include "io/raster/geotiff_writer.hpp"

#include "base/error.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <system_error>

#if defined(KARST_HAVE_GDAL)
#include "io/raster/gdal_common.hpp"
#endif

namespace karst::io {

namespace {

#if defined(KARST_HAVE_GDAL)
// The temporary file goes when its writer does, unless it was renamed into place.
void remove_quietly(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove(path, ec);
}

void rename_into_place(const std::string& tmp, const std::string& path) {
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw Error(path, "cannot rename the finished file into place: " + ec.message());
}

using gdal::driver;
using gdal::Quiet;

void set_georeferencing(GDALDataset& ds, const GeoGrid& grid, const std::string& path) {
  double gt[6] = {grid.x0, grid.dx, 0.0, grid.y0, 0.0, -(grid.dy > 0 ? grid.dy : grid.dx)};
  ds.SetGeoTransform(gt);
  if (grid.crs.empty()) return;
  OGRSpatialReference srs;
  if (srs.SetFromUserInput(grid.crs.c_str()) != OGRERR_NONE)
    throw Error(path, fmt::format("the grid's CRS is not one GDAL understands: '{}'",
                                  grid.crs.substr(0, 80)));
  ds.SetSpatialRef(&srs);
}
#endif

}  // namespace

#if defined(KARST_HAVE_GDAL)

bool gdal_available() {
  return true;
}

bool gdal_has_driver(const std::string& name) {
  GDALAllRegister();
  return GetGDALDriverManager()->GetDriverByName(name.c_str()) != nullptr;
}

struct GeoTiffWriter::Impl {
  std::string path, tmp;
  GDALDataset* ds = nullptr;
  bool committed = false;
  ~Impl() {
    if (ds) {
      Quiet quiet;
      GDALClose(ds);
    }
    if (!committed) remove_quietly(tmp);
  }
};

GeoTiffWriter::GeoTiffWriter(std::string path, const GeoGrid& grid, const MapBand& band, int bands)
    : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  impl_->tmp = path + ".tmp";
  auto* gtiff = driver("GTiff", path);
  const auto type = band.type == MapBand::Type::byte ? GDT_Byte : GDT_Float32;
  Quiet quiet;
  // BIGTIFF=IF_SAFER: a 1.8e9-cell float map exceeds classic TIFF's 4 GiB. INTERLEAVE=BAND:
  // each band's tiles apart, so bands are written one after the other cheaply.
  const char* options[] = {
      "TILED=YES",        "BLOCKXSIZE=256",  "BLOCKYSIZE=256", "COMPRESS=DEFLATE",
      "BIGTIFF=IF_SAFER", "INTERLEAVE=BAND", nullptr};
  impl_->ds = gtiff->Create(impl_->tmp.c_str(), int(grid.cols), int(grid.rows), bands, type,
                            const_cast<char**>(options));
  if (!impl_->ds) throw Error(path, "cannot create the GeoTIFF" + Quiet::last());
  set_georeferencing(*impl_->ds, grid, path);
  for (int k = 1; k <= bands; ++k) {
    auto* b = impl_->ds->GetRasterBand(k);
    b->SetNoDataValue(band.nodata);
    b->SetUnitType(band.units.c_str());
  }
  impl_->ds->GetRasterBand(1)->SetDescription(band.description.c_str());
  if (Quiet::failed()) throw Error(path, "cannot set up the GeoTIFF" + Quiet::last());
}

GeoTiffWriter::~GeoTiffWriter() = default;

void GeoTiffWriter::write_window(long long row0, long long col0, int rows, int cols,
                                 const float* values, int band) {
  if (rows == 0 || cols == 0) return;
  Quiet quiet;
  auto* b = impl_->ds->GetRasterBand(band);
  if (!b) throw Error(impl_->path, fmt::format("internal: no band {}", band));
  if (b->RasterIO(GF_Write, int(col0), int(row0), cols, rows, const_cast<float*>(values), cols,
                  rows, GDT_Float32, 0, 0) != CE_None)
    throw Error(impl_->path,
                fmt::format("cannot write rows {}..{}{}", row0, row0 + rows - 1, Quiet::last()));
}

void GeoTiffWriter::describe_band(int band, const std::string& description) {
  if (auto* b = impl_->ds->GetRasterBand(band)) b->SetDescription(description.c_str());
}

void GeoTiffWriter::commit() {
  {
    Quiet quiet;
    GDALClose(impl_->ds);  // flushes the last tiles: a full disk shows here
    impl_->ds = nullptr;
    if (Quiet::failed()) throw Error(impl_->path, "cannot finish the GeoTIFF" + Quiet::last());
  }
  rename_into_place(impl_->tmp, impl_->path);
  impl_->committed = true;
}

void write_png_rgb(const std::string& path, int width, int height,
                   const std::vector<std::uint8_t>& rgb) {
  if (rgb.size() != size_t(width) * size_t(height) * 3)
    throw Error(path, "internal: the picture's pixels do not match its size");
  auto* mem = driver("MEM", path);
  auto* png = driver("PNG", path);
  const std::string tmp = path + ".tmp";
  Quiet quiet;
  // No .aux.xml sidecar beside the picture.
  CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", "NO");
  std::unique_ptr<GDALDataset, void (*)(GDALDataset*)> src(
      mem->Create("", width, height, 3, GDT_Byte, nullptr), [](GDALDataset* d) { GDALClose(d); });
  bool ok = src &&
            src->RasterIO(GF_Write, 0, 0, width, height, const_cast<std::uint8_t*>(rgb.data()),
                          width, height, GDT_Byte, 3, nullptr, 3, 3 * width, 1, nullptr) == CE_None;
  if (ok) {
    GDALDataset* out = png->CreateCopy(tmp.c_str(), src.get(), FALSE, nullptr, nullptr, nullptr);
    ok = out != nullptr;
    if (out) GDALClose(out);
    ok = ok && !Quiet::failed();
  }
  CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", nullptr);
  if (!ok) {
    const std::string why = Quiet::last();
    remove_quietly(tmp);
    throw Error(path, "cannot write the PNG" + why);
  }
  rename_into_place(tmp, path);
}

#else  // built without GDAL

constexpr const char* kNoGdal =
    "this Karst was built without GDAL; apt-get install libgdal-dev and rebuild to write "
    "GeoTIFF and PNG maps";

bool gdal_available() {
  return false;
}
bool gdal_has_driver(const std::string&) {
  return false;
}

struct GeoTiffWriter::Impl {};

GeoTiffWriter::GeoTiffWriter(std::string path, const GeoGrid&, const MapBand&, int) {
  throw Error(path, kNoGdal);
}
GeoTiffWriter::~GeoTiffWriter() = default;
void GeoTiffWriter::write_window(long long, long long, int, int, const float*, int) {}
void GeoTiffWriter::describe_band(int, const std::string&) {}
void GeoTiffWriter::commit() {}

void write_png_rgb(const std::string& path, int, int, const std::vector<std::uint8_t>&) {
  throw Error(path, kNoGdal);
}

#endif

}  // namespace karst::io
