#pragma once
//! Gridded rain in a NetCDF file (CF conventions): the grid, frame times and units of one rain
//! variable, and its frames read window by window, so that a rank reads only the rain cells its
//! block needs. Built on the NetCDF C library when Karst has it (KARST_ENABLE_NETCDF); without
//! it, opening a file throws "built without NetCDF".

#include <cstddef>
#include <string>
#include <vector>

namespace karst::io {

//! How a rain variable's values turn into mm: a rate (mm/h, kg m-2 s-1, m/s, mm/s) or a depth
//! fallen during the frame's interval (mm, m, kg m-2).
struct RainUnits {
  bool depth = false;   //!< a depth per frame interval, not a rate
  double factor = 1.0;  //!< value x factor = mm/h (a rate) or mm (a depth)
};

//! Parses a CF units string ("mm/h", "mm hr-1", "kg m-2 s-1", "mm", ...). Throws naming `where`
//! and the units when they are not a rain rate or depth Karst knows.
RainUnits parse_rain_units(const std::string& units, const std::string& where);

//! Seconds per unit of a CF time coordinate ("seconds|minutes|hours|days since <date>"). Throws
//! naming `where` otherwise.
double parse_time_units(const std::string& units, const std::string& where);

struct NetcdfRain {
  std::string path, variable;
  std::string units;        //!< as the file writes them
  RainUnits rain_units;     //!< parsed from `units`
  bool geographic = false;  //!< the grid is lon/lat (degrees), not projected x/y
  //! Cell centres in file order, regularly spaced, increasing or decreasing.
  std::vector<double> x, y;
  std::vector<double> time_s;  //!< s since the first frame (time_s[0] = 0), increasing
  // How stored values unpack: value = stored x scale + offset; stored values in `missing`
  // (_FillValue, missing_value, or the type's default fill) are missing.
  double scale = 1.0, offset = 0.0;
  std::vector<double> missing;
  std::string where() const { return path + ":" + variable; }
};

//! Reads the grid, times and units of `variable` in `path` (dimensions (time, y, x)). Throws,
//! naming the file and variable, on anything missing, malformed or not understood.
NetcdfRain open_netcdf_rain(const std::string& path, const std::string& variable);

//! Frame `k` on rows [y_begin, y_end) x columns [x_begin, x_end) of the file's grid, row-major
//! in file order, unpacked (scale_factor, add_offset) but still in the variable's units. A
//! missing value (_FillValue, missing_value, NaN) or a negative one throws naming the file, the
//! variable, the frame and the cell: the caller asks only for cells it will use.
std::vector<double> read_rain_frame(const NetcdfRain& rain, size_t k, size_t y_begin, size_t y_end,
                                    size_t x_begin, size_t x_end);

}  // namespace karst::io
