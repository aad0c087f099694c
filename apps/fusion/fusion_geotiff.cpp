#include "apps/fusion/fusion_geotiff.hpp"

#include "apps/fusion/root_output.hpp"
#include "io/raster/geotiff_writer.hpp"
#include "io/raster/multiband.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace karst::fusion {

namespace {

constexpr long long kRowsPerRead = 256;

// prediction.h5's `dataset` into `path`, strip by strip, on `like`'s grid.
void copy_to_geotiff(const std::string& h5_path, const std::string& dataset,
                     const io::MultibandInfo& like, double fill, const std::string& path) {
  const auto in = io::open_multiband_hdf5(h5_path, dataset);
  const auto& info = in->info();
  const auto& g = like.georef;
  io::GeoTiffWriter out(path, io::GeoGrid{info.rows, info.cols, g.x0, g.y0, g.dx, g.crs, g.dy},
                        io::MapBand{io::MapBand::Type::float32, fill, dataset, ""},
                        int(info.bands));
  for (size_t b = 0; b < like.band_names.size() && long(b) < info.bands; ++b)
    out.describe_band(int(b) + 1, like.band_names[b]);
  std::vector<double> rows;
  std::vector<float> band;
  for (long long r0 = 0; r0 < info.rows; r0 += kRowsPerRead) {
    const long long n = std::min(kRowsPerRead, info.rows - r0);
    const size_t plane = size_t(n * info.cols);
    rows.resize(plane * size_t(info.bands));
    in->read_rows(r0, n, rows.data());
    band.resize(plane);
    for (long long b = 0; b < info.bands; ++b) {
      const double* v = rows.data() + size_t(b) * plane;
      // prediction.h5's fill value reads back as NaN; the GeoTIFF stores it as its nodata.
      for (size_t k = 0; k < plane; ++k) band[k] = float(std::isnan(v[k]) ? fill : v[k]);
      out.write_window(r0, 0, int(n), int(info.cols), band.data(), int(b) + 1);
    }
  }
  out.commit();
}

// One method's GeoTIFF, or the note saying why it is not written.
std::string method_geotiff(const FusionJob& job, const std::string& h5_path,
                           const std::string& method, const io::MultibandInfo& like,
                           const std::string& dir) {
  const std::string name = "prediction_" + method + ".tif";
  if (!like.georef.valid())
    return fmt::format("{} skipped: {} has no georeferencing to give it", name, like.source);
  copy_to_geotiff(h5_path, method, like, job.fill_value, dir + "/" + name);
  return "";
}

}  // namespace

std::vector<std::string> write_prediction_geotiffs(const FusionJob& job, const FusionInputs& inputs,
                                                   const std::string& h5_path,
                                                   const std::string& dir, const mpi::Comm& comm) {
  if (!io::gdal_available() || !io::gdal_has_driver("GTiff"))
    return {
        "prediction GeoTIFFs skipped: this Karst was built without GDAL's GTiff driver "
        "(apt-get install libgdal-dev and rebuild)"};
  std::vector<std::string> notes;
  const auto add = [&](const std::string& method, const io::MultibandInfo& like) {
    const std::string note =
        on_root(comm, [&] { return method_geotiff(job, h5_path, method, like, dir); });
    if (!note.empty()) notes.push_back(note);
  };
  if (job.starfm_enabled && !inputs.fine.empty()) add("starfm", inputs.fine.front()->info());
  if (inputs.brovey(job)) add("brovey", inputs.pan->info());
  if (inputs.hpf(job)) add("hpf", inputs.pan->info());
  return notes;
}

}  // namespace karst::fusion
