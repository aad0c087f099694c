#pragma once
//! Everything that defines a flood simulation, independent of how it is decomposed: the grid, the
//! fields (as functions that fill any block, so no rank ever holds the whole domain), forcing,
//! boundaries and numerics. Scenarios, file importers and tests all produce a FloodSetup.

#include "kernels/hydro/boundary_ghosts.hpp"

#include <cstddef>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace karst::flood {

//! Fills rows [i0, i0+ny) x columns [j0, j0+nx) of a global field into `out` (row-major, ny*nx).
using BlockFiller = std::function<void(long long i0, long long j0, int ny, int nx, double* out)>;

//! A BlockFiller of one constant value.
BlockFiller constant_field(double value);

//! A piecewise-constant time series: value[k] holds on [time[k], time[k+1]); the last one holds
//! on. Used for the hyetograph (mm/h) and inflow hydrographs (m3/s).
struct TimeSeries {
  std::vector<double> time;  //!< s, strictly increasing, time[0] = 0
  std::vector<double> value;
  double at(double t) const;
  //! The first time at or after t where the value changes (infinity if never): the time step
  //! stops there, so forcing changes exactly at its breakpoints on every decomposition.
  double next_change(double t) const;
};

//! Rain that varies in space and time (a radar or forecast grid): frame k, in mm/h per cell,
//! holds on [start_s[k], start_s[k+1]). With it, the hyetograph is a unit multiplier (1 while a
//! frame holds, 0 after the last) and the rain pattern multiplies the frame (a mask, 1 by
//! default). Empty (no `fill`) when rain is the hyetograph times the rain pattern.
struct GriddedRain {
  std::vector<double> start_s;  //!< s, strictly increasing, start_s[0] = 0
  //! Fills frame k's rain (mm/h, >= 0) into a block, as a BlockFiller does.
  std::function<void(size_t k, long long i0, long long j0, int ny, int nx, double* out)> fill;
  explicit operator bool() const { return static_cast<bool>(fill); }
  //! The frame that holds at time t (the first before start_s[0], the last after its end).
  size_t frame_at(double t) const;
};

struct Infiltration {
  enum class Model { none, constant, horton } model = Model::none;
  double rate_mm_per_h = 0.0;     //!< constant model; Horton's final rate fc
  double initial_mm_per_h = 0.0;  //!< Horton's initial rate f0
  double decay_per_h = 0.0;       //!< Horton's k
  //! Potential infiltration rate at time t, in m/s.
  double rate(double t) const;
};

struct EdgeSpec {
  hydro::EdgeKind kind = hydro::EdgeKind::wall;
  //! Inflow hydrograph on [begin, end) of the side's global cells (begin < end to enable).
  long long inflow_begin = 0, inflow_end = 0;
  TimeSeries inflow_m3_per_s;
};

//! A discharge injected at one cell (a tributary, a culvert, a spillway), at rest: it adds
//! volume, not momentum. The cell is the one containing (x, y).
struct PointInflow {
  std::string name;
  double x = 0, y = 0;  //!< map coordinates, m
  TimeSeries m3_per_s;
};

struct Gauge {
  std::string name;
  double x = 0, y = 0;  //!< map coordinates, m
  //! Depth thresholds of the blue, yellow, orange and red warning levels, m (increasing).
  std::vector<double> thresholds_m = {0.3, 0.6, 1.0, 1.5};
};

//! Where each forcing and field came from, in words, for the run record: a run must say what it
//! was given ("none", "dry", "uniform 0.04", a file's path, "built-in guizhou-karst", ...).
struct ForcingSources {
  std::string rain = "none";
  std::string infiltration = "none";
  std::string roughness;
  std::string initial_water = "dry";
  std::string inflows = "none";
};

struct FloodSetup {
  std::string name = "custom";
  std::string crs_wkt;  //!< the grid's coordinate reference system (WKT); empty when unknown
  long long ny = 0, nx = 0;
  double dx = 1.0;            //!< square cells, m
  double x0 = 0.0, y0 = 0.0;  //!< map coordinates of the north-west corner of cell (0,0), m
  BlockFiller bed;            //!< bed elevation z, m
  BlockFiller roughness;      //!< Manning's n, s/m^(1/3)
  BlockFiller initial_depth;  //!< h at t = 0, m
  //! Per-cell multiplier of the hyetograph (1 = uniform; FloodModel sets it to 0 on walls).
  BlockFiller rain_pattern = constant_field(1.0);
  //! Per-cell multiplier (>= 0) of the potential infiltration rate: land cover makes soils
  //! differ (0 on pavement and rock). Uniform by default.
  BlockFiller infiltration_pattern = constant_field(1.0);
  TimeSeries rain_mm_per_h;  //!< the hyetograph
  //! Cells whose bed is at or above this are walls (a DEM's nodata): no rain falls on them, and
  //! the GeoTIFF maps write their nodata value there.
  double wall_elevation = std::numeric_limits<double>::infinity();
  GriddedRain gridded_rain;  //!< optional: rain from a gridded file (flood.rain.file)
  Infiltration infiltration;
  EdgeSpec north, south, west, east;
  std::vector<PointInflow> inflows;
  std::vector<Gauge> gauges;
  double g = 9.81;
  double cfl = 0.375;           //!< 3/8: the largest Courant number that keeps depths non-negative
  double max_dt = 10.0;         //!< s: caps the step when everything is dry or still
  double t_end = 3600.0;        //!< s
  double arrival_depth = 0.05;  //!< m: depth that counts as inundated
  //! How the cell update gets its face fluxes: `automatic` picks the row sweep on CPUs and the
  //! fused form on GPUs (kernels/hydro/row_sweep_update.hpp); the two give the same state.
  enum class UpdateForm { automatic, fused, row_sweep } update_form = UpdateForm::automatic;
  //! The type of every per-cell field and of the update's arithmetic (flood.precision). fp32
  //! halves the bytes per cell; the mass budget, time step and outputs stay double either way.
  enum class Precision { fp64, fp32 } precision = Precision::fp64;
  //! "fp64" or "fp32": the value of flood.precision, in records and checkpoints.
  const char* precision_name() const { return precision == Precision::fp32 ? "fp32" : "fp64"; }
  ForcingSources sources;

  //! Throws karst::Error naming the first invalid field.
  void validate() const;
  //! Map coordinates of the centre of global cell (i, j): x grows with j, y falls with i.
  double cell_x(long long j) const { return x0 + (j + 0.5) * dx; }
  double cell_y(long long i) const { return y0 - (i + 0.5) * dx; }
  //! The global cell containing map point (x, y), and whether the point lies on the grid.
  bool cell_of(double x, double y, long long& i, long long& j) const;
};

}  // namespace karst::flood
