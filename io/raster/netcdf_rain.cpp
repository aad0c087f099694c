// Gridded rain through the NetCDF C library: CF coordinates, times and packing, read one frame
// window at a time. Without the library every entry point throws "built without NetCDF".
#include "io/raster/netcdf_rain.hpp"

#include "base/error.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <optional>

#if defined(KARST_HAVE_NETCDF)
#include <netcdf.h>
#endif

namespace karst::io {

#if defined(KARST_HAVE_NETCDF)
namespace {

void check(int status, const std::string& where, const std::string& what) {
  if (status != NC_NOERR) throw Error(where, fmt::format("{} ({})", what, nc_strerror(status)));
}

// An open file, closed on every path out.
class NcFile {
 public:
  explicit NcFile(const std::string& path) {
    if (!std::filesystem::exists(path)) throw Error(path, "file does not exist");
    check(nc_open(path.c_str(), NC_NOWRITE, &id_), path, "cannot open as NetCDF");
  }
  NcFile(const NcFile&) = delete;
  NcFile& operator=(const NcFile&) = delete;
  ~NcFile() { nc_close(id_); }
  int id() const { return id_; }

 private:
  int id_ = -1;
};

std::optional<std::string> text_attribute(int nc, int var, const char* name) {
  nc_type type;
  size_t len;
  if (nc_inq_att(nc, var, name, &type, &len) != NC_NOERR || type != NC_CHAR) return std::nullopt;
  std::string s(len, '\0');
  if (nc_get_att_text(nc, var, name, s.data()) != NC_NOERR) return std::nullopt;
  while (!s.empty() && s.back() == '\0') s.pop_back();
  return s;
}

std::vector<double> number_attribute(int nc, int var, const char* name) {
  nc_type type;
  size_t len;
  if (nc_inq_att(nc, var, name, &type, &len) != NC_NOERR || type == NC_CHAR || type == NC_STRING)
    return {};
  std::vector<double> v(len);
  if (nc_get_att_double(nc, var, name, v.data()) != NC_NOERR) return {};
  return v;
}

// The coordinate variable of dimension `dim` (a 1D variable of the same name), in its units:
// metres for x/y (m, or km converted; no units is taken as metres), as written for the others.
std::vector<double> coordinate(int nc, int dim, const std::string& where) {
  char name[NC_MAX_NAME + 1];
  size_t len;
  check(nc_inq_dim(nc, dim, name, &len), where, "cannot read a dimension");
  int var, ndims;
  if (nc_inq_varid(nc, name, &var) != NC_NOERR || nc_inq_varndims(nc, var, &ndims) != NC_NOERR ||
      ndims != 1)
    throw Error(where, fmt::format("dimension '{}' has no coordinate variable '{}'", name, name));
  std::vector<double> v(len);
  check(nc_get_var_double(nc, var, v.data()), where, fmt::format("cannot read '{}'", name));
  const std::string n = name;
  if (n == "x" || n == "y") {
    const auto units = text_attribute(nc, var, "units").value_or("m");
    const double to_m = units == "km" ? 1e3 : 1.0;
    if (units != "km" && units != "m" && units != "metre" && units != "metres" &&
        units != "meter" && units != "meters")
      throw Error(where, fmt::format("coordinate '{}' is in '{}', not metres", n, units));
    for (double& c : v) c *= to_m;
  }
  return v;
}

// A regular axis of at least two cells: the nearest-cell rule needs one spacing.
void check_regular(const std::vector<double>& c, const char* axis, const std::string& where) {
  if (c.size() < 2)
    throw Error(where,
                fmt::format("the {} axis has {} cell(s); at least 2 are needed", axis, c.size()));
  const double step = c[1] - c[0];
  for (size_t k = 1; k < c.size(); ++k)
    if (!std::isfinite(c[k]) || !(step != 0) ||
        std::fabs((c[k] - c[k - 1]) - step) > 1e-6 * std::fabs(step))
      throw Error(where,
                  fmt::format("the {} coordinate is not regularly spaced (at index {})", axis, k));
}

std::string dim_name(int nc, int dim) {
  char name[NC_MAX_NAME + 1];
  nc_inq_dimname(nc, dim, name);
  return name;
}

// Dimensions (time, y, x) or (time, lat, lon); sets `geographic`.
void check_dimensions(int nc, const int dims[3], NetcdfRain& r) {
  const std::string d1 = dim_name(nc, dims[1]), d2 = dim_name(nc, dims[2]);
  const auto is_y = [](const std::string& n) { return n == "y" || n == "lat" || n == "latitude"; };
  const auto is_x = [](const std::string& n) { return n == "x" || n == "lon" || n == "longitude"; };
  if (!is_y(d1) || !is_x(d2))
    throw Error(r.where(), fmt::format("has dimensions ({}, {}, {}); expected (time, y, x) or "
                                       "(time, lat, lon) (reorder with: ncpdq -a time,y,x)",
                                       dim_name(nc, dims[0]), d1, d2));
  r.geographic = d2 != "x";
  if (r.geographic != (d1 != "y"))
    throw Error(r.where(), fmt::format("mixes projected and geographic axes ({}, {})", d1, d2));
}

void read_times(int nc, int dim, NetcdfRain& r) {
  const auto t = coordinate(nc, dim, r.where());
  int var;
  nc_inq_varid(nc, dim_name(nc, dim).c_str(), &var);
  const auto units = text_attribute(nc, var, "units");
  if (!units) throw Error(r.where(), "the time coordinate has no units attribute");
  const double seconds = parse_time_units(*units, r.where());
  if (t.empty()) throw Error(r.where(), "has no frames (the time dimension is empty)");
  for (size_t k = 0; k < t.size(); ++k) {
    if (!std::isfinite(t[k]))
      throw Error(r.where(), fmt::format("time {} is not a finite number", k));
    if (k > 0 && !(t[k] > t[k - 1]))
      throw Error(r.where(), fmt::format("times must increase (frame {}: {} after {} {})", k, t[k],
                                         t[k - 1], *units));
    r.time_s.push_back((t[k] - t[0]) * seconds);
  }
}

// Packing and missing values, as CF and the NetCDF user guide define them.
void read_packing(int nc, int var, NetcdfRain& r) {
  const auto scale = number_attribute(nc, var, "scale_factor");
  const auto offset = number_attribute(nc, var, "add_offset");
  if (!scale.empty()) r.scale = scale[0];
  if (!offset.empty()) r.offset = offset[0];
  r.missing = number_attribute(nc, var, "missing_value");
  auto fill = number_attribute(nc, var, "_FillValue");
  nc_type type;
  nc_inq_vartype(nc, var, &type);
  // Without _FillValue, unwritten values hold the type's default fill (bytes have none in use).
  if (fill.empty() && type == NC_FLOAT) fill = {double(NC_FILL_FLOAT)};
  if (fill.empty() && type == NC_DOUBLE) fill = {NC_FILL_DOUBLE};
  if (fill.empty() && type == NC_SHORT) fill = {double(NC_FILL_SHORT)};
  if (fill.empty() && type == NC_INT) fill = {double(NC_FILL_INT)};
  r.missing.insert(r.missing.end(), fill.begin(), fill.end());
}

}  // namespace

NetcdfRain open_netcdf_rain(const std::string& path, const std::string& variable) {
  NetcdfRain r;
  r.path = path;
  r.variable = variable;
  const NcFile file(path);
  const int nc = file.id();
  int var, ndims;
  if (nc_inq_varid(nc, variable.c_str(), &var) != NC_NOERR)
    throw Error(r.where(), "variable not found (ncdump -h lists the file's variables)");
  check(nc_inq_varndims(nc, var, &ndims), r.where(), "cannot read the variable");
  if (ndims != 3)
    throw Error(r.where(), fmt::format("has {} dimensions; expected 3 (time, y, x)", ndims));
  int dims[3];
  check(nc_inq_vardimid(nc, var, dims), r.where(), "cannot read the dimensions");
  check_dimensions(nc, dims, r);
  const auto units = text_attribute(nc, var, "units");
  if (!units) throw Error(r.where(), "has no units attribute (mm/h, mm, kg m-2 s-1, ...)");
  r.units = *units;
  r.rain_units = parse_rain_units(r.units, r.where());
  read_times(nc, dims[0], r);
  r.y = coordinate(nc, dims[1], r.where());
  r.x = coordinate(nc, dims[2], r.where());
  check_regular(r.y, "y", r.where());
  check_regular(r.x, "x", r.where());
  read_packing(nc, var, r);
  return r;
}

std::vector<double> read_rain_frame(const NetcdfRain& r, size_t k, size_t y_begin, size_t y_end,
                                    size_t x_begin, size_t x_end) {
  const NcFile file(r.path);
  int var;
  check(nc_inq_varid(file.id(), r.variable.c_str(), &var), r.where(), "variable not found");
  const size_t start[3] = {k, y_begin, x_begin};
  const size_t count[3] = {1, y_end - y_begin, x_end - x_begin};
  std::vector<double> v(count[1] * count[2]);
  check(nc_get_vara_double(file.id(), var, start, count, v.data()), r.where(),
        fmt::format("cannot read frame {}", k));
  for (size_t n = 0; n < v.size(); ++n) {
    const size_t row = y_begin + n / count[2], col = x_begin + n % count[2];
    bool missing = std::isnan(v[n]);
    for (double m : r.missing) missing = missing || v[n] == m;
    if (missing)
      throw Error(r.where(), fmt::format("frame {} (t = {} s) has a missing value at y index {}, "
                                         "x index {}, inside the DEM's extent",
                                         k, r.time_s[k], row, col));
    v[n] = v[n] * r.scale + r.offset;
    if (!(v[n] >= 0) || !std::isfinite(v[n]))
      throw Error(r.where(), fmt::format("frame {} (t = {} s) has rain {} {} at y index {}, x "
                                         "index {}",
                                         k, r.time_s[k], v[n], r.units, row, col));
  }
  return v;
}

#else

namespace {
[[noreturn]] void no_netcdf(const std::string& path) {
  throw Error(path,
              "Karst was built without NetCDF, so it cannot read gridded rain "
              "(apt-get install libnetcdf-dev, then rebuild)");
}
}  // namespace

NetcdfRain open_netcdf_rain(const std::string& path, const std::string&) {
  no_netcdf(path);
}

std::vector<double> read_rain_frame(const NetcdfRain& r, size_t, size_t, size_t, size_t, size_t) {
  no_netcdf(r.path);
}

#endif

}  // namespace karst::io
