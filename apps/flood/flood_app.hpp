#pragma once
//! `karst flood`: the time loop with its outputs, progress line, checkpoints and run record.

#include "apps/common/memory_check.hpp"
#include "apps/common/workload.hpp"
#include "apps/flood/flood_config.hpp"
#include "apps/flood/flood_outputs.hpp"

#include <functional>

namespace karst::flood {

struct FloodRunResult {
  double wall_seconds = 0.0;  //!< the time loop on the slowest rank
  double cell_updates = 0.0;
  MassBudget budget;
  nlohmann::json warnings;
  double max_depth = 0.0;
  long long steps = 0;        //!< time steps this run took (the rates use these)
  long long total_steps = 0;  //!< of the whole simulation, counting those before a restart
  bool interrupted = false;   //!< stopped early after a checkpoint (preemption)
  std::string maps_note;      //!< why the GeoTIFFs and the PNG were skipped ("" if written)
};

//! Lets another workload watch the time loop without copying it (`karst stormday` records the
//! flood hazard along roads). Both run on every rank and may be collective; they see the model,
//! never change it, so a watched run takes exactly the steps of an unwatched one.
struct FloodObserver {
  std::function<void(const FloodModel&)> started;  //!< once, before the first step
  std::function<void(const FloodModel&)> stepped;  //!< after every step
};

//! What the model holds per rank for an ny x nx grid on `ranks` ranks (apps/common/memory_check).
apps::MemoryNeed flood_memory_need(long long ny, long long nx, int ranks, bool fp32 = false);

//! Collective: runs the simulation into `env.out_dir`, from t = 0 or from `config.restart_file`.
//! With `stop_after_checkpoint`, returns after the first checkpoint it writes (tests use it to
//! stand in for a preempted job); on SIGUSR1 it writes one and throws apps::Preempted.
FloodRunResult simulate_flood(const FloodRunConfig& config, const apps::RunEnv& env,
                              bench::Profile& profile, bool stop_after_checkpoint = false,
                              const FloodObserver& observer = {});

apps::WorkloadRun run_flood(const apps::Config& config, const apps::RunEnv& env);

}  // namespace karst::flood
