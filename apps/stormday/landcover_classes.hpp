#pragma once
//! The land-cover class table of `karst stormday`: which NDVI and brightness make a class, and
//! what the flood model takes from it (Manning's n, the infiltration rate). The table is data, so
//! it lives in the configuration (`stormday.landcover.classes`); a default is built in.
//!
//! Classification is "first matching row wins" over closed ranges; a pixel no row matches, or a
//! missing one (STARFM found no candidate), takes the fallback class
//! (`stormday.landcover.fallback`, default `cropland`: the county's middling class, Manning's n as
//! the flood scenario's fields).

#include "apps/common/config.hpp"
#include "kernels/fusion/land_cover.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace karst::stormday {

struct LandClass {
  std::string name;
  double ndvi_min = -1.0, ndvi_max = 1.0;
  double brightness_min = 0.0, brightness_max = 1.0;  //!< mean of blue, green, red reflectance
  double manning = 0.0;                               //!< s/m^(1/3)
  double infiltration_mm_per_h = 0.0;                 //!< Horton final (saturated) rate
  std::string colour = "#808080";                     //!< for maps, "#rrggbb"
};

struct ClassTable {
  std::vector<LandClass> classes;
  int fallback = 0;  //!< index into classes

  //! Row index of (ndvi, brightness): the same rule as the kernel (kernels/fusion/land_cover.hpp).
  int classify(double ndvi, double brightness) const;
  //! Row index of the class called `name`, or -1.
  int index_of(const std::string& name) const;
  //! The plain-data copy the kernel takes.
  fusion::LandCoverTable kernel_table() const;
  //! {"fallback": name, "classes": [{name, ndvi_min, ...}, ...]}: the /classes group of
  //! landcover.h5 and the run record.
  nlohmann::json to_json() const;
};

//! Water, bare karst, built-up, forest, cropland (in matching order); fallback cropland.
//! docs/stormday-landcover.md explains the thresholds.
ClassTable default_class_table();

//! Throws karst::Error naming the key ("<origin>: key 'stormday.landcover.classes[2].manning'",
//! the bare key when `origin` is empty; `prefix` is "stormday.landcover") for
//! an empty table, more than fusion::kMaxLandClasses rows, a duplicate or empty name, NDVI outside
//! [-1, 1], a negative brightness, min > max, a Manning's n outside [0, 1), a negative or
//! non-finite infiltration rate, a colour that is not "#rrggbb", or a fallback outside the table.
void validate(const ClassTable& table, const std::string& prefix = "stormday.landcover",
              const std::string& origin = "");

//! `<prefix>.classes` (a YAML list of maps with the fields of LandClass; name, manning and
//! infiltration_mm_per_h required, the ranges default to everything) and `<prefix>.fallback` (a
//! class name). Without `classes`, the default table. Errors name the file, the key, the entry
//! index and the field.
ClassTable parse_class_table(const apps::Config& config,
                             const std::string& prefix = "stormday.landcover");

}  // namespace karst::stormday
