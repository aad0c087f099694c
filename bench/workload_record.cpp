#include "bench/workload_record.hpp"

#include "bench/system_info.hpp"

namespace karst::bench {

RunRecord workload_record(const RunIdentity& identity, const Profile& profile, double wall_seconds,
                          const mpi::Comm& comm) {
  RunRecord record(identity.workload, identity.scenario, collect_system_info(comm),
                   identity.config);
  record.set_measurements(profile.reduce(comm), wall_seconds);
  return record;
}

}  // namespace karst::bench
