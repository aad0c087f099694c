// Writes the gridded-rain files of the CLI tests into a directory: a good one over
// data/valley.asc (x and y 0 to 40 m) and one broken file per error the reader must report.
#include "rain_nc.hpp"

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: write_rain_nc DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  try {
    using karst::test::RainNc;
    RainNc good;  // 2 x 2 cells of 20 m over the 4 x 4 DEM of 10 m cells, 2 frames
    good.time = {0, 10};
    good.x = {10, 30};
    good.y = {10, 30};
    good.values = {10, 20, 30, 40, 0, 5, 0, 5};
    karst::test::write_rain_nc(dir + "/good.nc", good);
    RainNc units = good;
    units.units = "furlongs/fortnight";
    karst::test::write_rain_nc(dir + "/units.nc", units);
    RainNc small = good;  // covers x 0 to 20 only
    small.x = {5, 15};
    karst::test::write_rain_nc(dir + "/small.nc", small);
    RainNc time = good;
    time.time = {10, 10};
    karst::test::write_rain_nc(dir + "/time.nc", time);
    RainNc lonlat = good;
    lonlat.x_name = "lon";
    lonlat.y_name = "lat";
    karst::test::write_rain_nc(dir + "/lonlat.nc", lonlat);
    RainNc fill = good;  // a missing value inside the DEM
    fill.fill_value = -1.0;
    fill.values[5] = -1.0;
    karst::test::write_rain_nc(dir + "/fill.nc", fill);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "write_rain_nc: %s\n", e.what());
    return 1;
  }
  return 0;
}
