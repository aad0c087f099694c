#pragma once
// Small GeoTIFFs in geographic coordinates (EPSG:4326) written with GDAL directly, for the tests
// of reprojected DEMs. Only for tests built with GDAL (KARST_HAVE_GDAL).
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace karst::test {

struct GeoGrid {
  int ny = 40, nx = 50;
  double lon0 = 6.0, lat0 = 50.0;  //!< north-west corner, degrees
  double step = 0.002;             //!< cell size, degrees (about 140 m x 220 m at 50 N)
};

//! Writes `path`: band 1 = z(lon, lat) at cell centres, Float64, nodata -9999, EPSG:4326.
inline void write_geographic_tif(const std::string& path, const GeoGrid& g,
                                 const std::function<double(double, double)>& z) {
  GDALAllRegister();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
  auto close = [](GDALDataset* d) { GDALClose(d); };
  std::unique_ptr<GDALDataset, decltype(close)> ds(
      drv->Create(path.c_str(), g.nx, g.ny, 1, GDT_Float64, nullptr), close);
  if (!ds) throw std::runtime_error("cannot create " + path);
  double gt[6] = {g.lon0, g.step, 0, g.lat0, 0, -g.step};
  ds->SetGeoTransform(gt);
  OGRSpatialReference srs;
  srs.importFromEPSG(4326);
  ds->SetSpatialRef(&srs);
  std::vector<double> v(static_cast<size_t>(g.ny) * g.nx);
  for (int i = 0; i < g.ny; ++i)
    for (int j = 0; j < g.nx; ++j)
      v[static_cast<size_t>(i) * g.nx + j] =
          z(g.lon0 + (j + 0.5) * g.step, g.lat0 - (i + 0.5) * g.step);
  ds->GetRasterBand(1)->SetNoDataValue(-9999);
  if (ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, g.nx, g.ny, v.data(), g.nx, g.ny, GDT_Float64,
                                     0, 0) != CE_None)
    throw std::runtime_error("cannot write " + path);
}

//! Transforms (x, y) between two CRSs given as "EPSG:xxxx" (x = easting or longitude).
class Transform {
 public:
  Transform(const std::string& from, const std::string& to) {
    a_.SetFromUserInput(from.c_str());
    b_.SetFromUserInput(to.c_str());
    a_.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    b_.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    t_.reset(OGRCreateCoordinateTransformation(&a_, &b_));
  }
  std::pair<double, double> operator()(double x, double y) const {
    t_->Transform(1, &x, &y);
    return {x, y};
  }

 private:
  OGRSpatialReference a_, b_;
  std::unique_ptr<OGRCoordinateTransformation> t_;
};

}  // namespace karst::test
