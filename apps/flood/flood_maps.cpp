#include "apps/flood/flood_maps.hpp"

#include "apps/flood/flood_outputs.hpp"
#include "apps/flood/quicklook.hpp"
#include "apps/flood/root_stream.hpp"
#include "io/raster/geotiff_writer.hpp"

#include <memory>

namespace karst::flood {

namespace {

struct MapSpec {
  std::string name;
  io::MapBand band;
};

// This rank's block of one map as floats, with `nodata` where the DEM had none.
std::vector<float> with_nodata(const Field2DHost& field, const std::vector<unsigned char>& mask,
                               double nodata) {
  const size_t ny = field.extent(0), nx = field.extent(1);
  std::vector<float> v(ny * nx);
  for (size_t i = 0; i < ny; ++i)
    for (size_t j = 0; j < nx; ++j)
      v[i * nx + j] = mask[i * nx + j] ? float(nodata) : float(field(i, j));
  return v;
}

// Collective: one GeoTIFF from every rank's block of `values`.
void write_geotiff(const FloodModel& m, const std::string& path, const io::MapBand& band,
                   const std::vector<float>& values) {
  const auto& s = m.setup();
  const auto& d = m.decomposition();
  std::unique_ptr<io::GeoTiffWriter> out;
  on_root(d.cart, [&] {
    out = std::make_unique<io::GeoTiffWriter>(
        path, io::GeoGrid{s.ny, s.nx, s.x0, s.y0, s.dx, s.crs_wkt}, band);
  });
  stream_to_root(d.cart, Window{d.i0, d.j0, d.ny, d.nx}, values,
                 [&](const Window& w, const std::vector<float>& v) {
                   out->write_window(w.row0, w.col0, w.rows, w.cols, v.data());
                 });
  on_root(d.cart, [&] { out->commit(); });
}

}  // namespace

std::vector<unsigned char> owned_nodata(const FloodModel& m) {
  const auto bed = owned_host(m, m.bed());
  const double wall = m.setup().wall_elevation;
  const size_t ny = bed.extent(0), nx = bed.extent(1);
  std::vector<unsigned char> mask(ny * nx, 0);
  for (size_t i = 0; i < ny; ++i)
    for (size_t j = 0; j < nx; ++j) mask[i * nx + j] = bed(i, j) >= wall;
  return mask;
}

void write_gis_maps(const FloodModel& m, const std::string& dir) {
  using T = io::MapBand::Type;
  const auto mask = owned_nodata(m);
  const auto depth = owned_host(m, m.maps().max_depth);
  write_geotiff(m, dir + "/max_depth.tif", {T::float32, kDepthNodata, "max_depth", "m"},
                with_nodata(depth, mask, kDepthNodata));
  write_geotiff(m, dir + "/max_speed.tif", {T::float32, kSpeedNodata, "max_speed", "m/s"},
                with_nodata(owned_host(m, m.maps().max_speed), mask, kSpeedNodata));
  {
    // The class from the maxima, as in maps.h5.
    const auto rating = owned_host(m, m.maps().max_hazard);
    Field2DHost cls("flood::hazard_class", depth.extent(0), depth.extent(1));
    for (size_t i = 0; i < depth.extent(0); ++i)
      for (size_t j = 0; j < depth.extent(1); ++j)
        cls(i, j) = hazard_class(depth(i, j), rating(i, j));
    write_geotiff(m, dir + "/hazard_class.tif", {T::byte, kHazardNodata, "hazard_class", "class"},
                  with_nodata(cls, mask, kHazardNodata));
  }
  write_geotiff(m, dir + "/arrival_time.tif", {T::float32, kArrivalNodata, "arrival_time", "s"},
                with_nodata(owned_host(m, m.maps().arrival_time), mask, kArrivalNodata));
}

std::string write_map_files(const FloodModel& m, const std::string& dir) {
  if (!io::gdal_available())
    return "maps: GeoTIFFs and max_depth.png skipped: this Karst was built without GDAL "
           "(apt-get install libgdal-dev and rebuild)";
  if (!io::gdal_has_driver("GTiff"))
    return "maps: GeoTIFFs and max_depth.png skipped: this GDAL has no GTiff driver";
  write_gis_maps(m, dir);
  if (!io::gdal_has_driver("PNG"))
    return "maps: max_depth.png skipped: this GDAL has no PNG driver (built without libpng)";
  write_quicklook(m, dir + "/max_depth.png");
  return "";
}

}  // namespace karst::flood
