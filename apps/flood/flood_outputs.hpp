#pragma once
//! What a flood run leaves behind: HDF5 snapshots of h, hu, hv; the final maps (max depth,
//! max speed, max hazard rating and class, first inundation time); an XDMF sidecar so ParaView
//! opens them; gauge hydrographs (HDF5 and CSV); warnings.json; and checkpoints to restart from.

#include "apps/flood/flood_model.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace karst::flood {

//! Gauge depths sampled over time, kept on every rank (it is small).
struct GaugeSeries {
  std::vector<double> time;
  std::vector<std::vector<double>> depth;  //!< [sample][gauge]
};

//! This rank's owned cells of a model field (ghosts stripped), on the host.
Field2DHost owned_host(const FloodModel& m, const Field2D& field);

//! Hazard class from the max hazard rating (Defra/EA FD2320): 0 dry, 1 low (< 0.75),
//! 2 moderate (< 1.25), 3 significant (< 2), 4 extreme.
int hazard_class(double depth, double rating);

//! Collective: writes `<dir>/snapshots/flood_<index>.h5` with h, hu, hv at the model's time: an
//! output frame for viewing (checkpoints, not snapshots, are what a run restarts from). Returns
//! the file's path relative to `dir`.
std::string write_snapshot(const FloodModel& m, const std::string& dir, int index);
//! Collective: writes `<dir>/maps.h5` (maps, bed, gauge series).
void write_maps(const FloodModel& m, const GaugeSeries& series, const std::string& dir);
//! Rank 0: `<dir>/flood.xdmf` describing maps.h5 and the snapshots.
void write_xdmf(const FloodModel& m, const std::vector<std::pair<double, std::string>>& snapshots,
                const std::string& dir);
//! Rank 0: `<dir>/gauges.csv`.
void write_gauge_csv(const FloodModel& m, const GaugeSeries& series, const std::string& dir);
//! Warning events: every level each gauge reached, in time order; lead time from rain start.
nlohmann::json warning_events(const FloodModel& m);

//! Collective: everything a restart needs, atomically. `extra` is the runner's own progress.
void write_checkpoint(const FloodModel& m, const std::string& path, const nlohmann::json& extra);
//! Collective: restores state, maps and counters; returns the runner's progress.
nlohmann::json read_checkpoint(FloodModel& m, const std::string& path);

}  // namespace karst::flood
