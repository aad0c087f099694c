#pragma once
//! The end of every workload's story: its run record. The identity (workload, scenario, this
//! system, the effective configuration) and the measurements (the profile reduced over ranks,
//! the run's wall time from a PhaseClock) are filled the same way for all; the workload adds its
//! figures of merit and results.

#include "bench/profile.hpp"
#include "bench/run_record.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace karst::bench {

//! What ran: the record's identity.
struct RunIdentity {
  std::string workload;   //!< e.g. "flood"
  std::string scenario;   //!< e.g. "guizhou-karst", "dem"
  nlohmann::json config;  //!< the effective configuration (apps::Config::effective())
};

//! Collective: the run record of one run, its identity and measurements filled in.
RunRecord workload_record(const RunIdentity& identity, const Profile& profile, double wall_seconds,
                          const mpi::Comm& comm);

//! The one rule for a rate among the figures of merit: the work of a phase over the slowest
//! rank's time for exactly that work, both from one measurement (a profile region, or a
//! PhaseClock around exactly that work); zero when nothing was timed.
inline double per_second(double work, double seconds) {
  return seconds > 0 ? work / seconds : 0.0;
}

}  // namespace karst::bench
