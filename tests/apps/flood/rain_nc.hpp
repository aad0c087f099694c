#pragma once
// Writes small gridded-rain NetCDF files with the NetCDF C API, as radar and forecast products
// lay them out (CF: time, y, x coordinates, a rain variable with units), for the gridded-rain
// tests and the CLI's bad-input files.
#include <netcdf.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace karst::test {

struct RainNc {
  std::string variable = "rain";
  std::string units = "mm/h";
  std::string time_units = "minutes since 2024-07-01 00:00:00";
  std::string x_name = "x", y_name = "y";
  std::vector<double> time, x, y;  //!< coordinates, in file order
  std::vector<double> values;      //!< stored values, [time][y][x] in file order
  bool packed_short = false;       //!< stored as short integers (with scale/offset below)
  std::optional<double> scale_factor, add_offset, fill_value;
  bool netcdf4 = true;  //!< NetCDF-4 (HDF5 inside), else the classic 64-bit offset format
};

inline void nc_ok(int status, const char* what) {
  if (status != NC_NOERR) throw std::runtime_error(std::string(what) + ": " + nc_strerror(status));
}

inline void write_rain_nc(const std::string& path, const RainNc& r) {
  int nc, dims[3], tv, yv, xv, v;
  nc_ok(nc_create(path.c_str(), NC_CLOBBER | (r.netcdf4 ? NC_NETCDF4 : NC_64BIT_OFFSET), &nc),
        "nc_create");
  nc_ok(nc_def_dim(nc, "time", r.time.size(), &dims[0]), "time dim");
  nc_ok(nc_def_dim(nc, r.y_name.c_str(), r.y.size(), &dims[1]), "y dim");
  nc_ok(nc_def_dim(nc, r.x_name.c_str(), r.x.size(), &dims[2]), "x dim");
  nc_ok(nc_def_var(nc, "time", NC_DOUBLE, 1, &dims[0], &tv), "time var");
  nc_ok(nc_def_var(nc, r.y_name.c_str(), NC_DOUBLE, 1, &dims[1], &yv), "y var");
  nc_ok(nc_def_var(nc, r.x_name.c_str(), NC_DOUBLE, 1, &dims[2], &xv), "x var");
  nc_ok(nc_put_att_text(nc, tv, "units", r.time_units.size(), r.time_units.c_str()), "t units");
  const nc_type type = r.packed_short ? NC_SHORT : NC_FLOAT;
  nc_ok(nc_def_var(nc, r.variable.c_str(), type, 3, dims, &v), "rain var");
  nc_ok(nc_put_att_text(nc, v, "units", r.units.size(), r.units.c_str()), "units");
  if (r.scale_factor)
    nc_ok(nc_put_att_double(nc, v, "scale_factor", NC_FLOAT, 1, &*r.scale_factor), "scale");
  if (r.add_offset)
    nc_ok(nc_put_att_double(nc, v, "add_offset", NC_FLOAT, 1, &*r.add_offset), "offset");
  if (r.fill_value) nc_ok(nc_put_att_double(nc, v, "_FillValue", type, 1, &*r.fill_value), "fill");
  nc_ok(nc_enddef(nc), "enddef");
  nc_ok(nc_put_var_double(nc, tv, r.time.data()), "time");
  nc_ok(nc_put_var_double(nc, yv, r.y.data()), "y");
  nc_ok(nc_put_var_double(nc, xv, r.x.data()), "x");
  nc_ok(nc_put_var_double(nc, v, r.values.data()), "values");
  nc_ok(nc_close(nc), "nc_close");
}

}  // namespace karst::test
