#include "apps/common/error_edge.hpp"

#include "apps/common/preemption.hpp"
#include "kernels/common/error.hpp"

#include <cstdio>
#include <exception>
#include <new>
#include <string>

namespace karst::apps {

namespace {
int fail(const mpi::Comm& comm, int code, const std::string& message) {
  const std::string prefix = comm.size() > 1 ? "karst: rank " + std::to_string(comm.rank()) + ": "
                                             : std::string("karst: ");
  std::fprintf(stderr, "%s%s\n", prefix.c_str(), message.c_str());
  std::fflush(stderr);
  if (comm.size() > 1) comm.abort(code);  // the other ranks may be blocked in a collective
  return code;
}
}  // namespace

int run_guarded(const mpi::Comm& comm, const std::function<int()>& body) {
  try {
    return body();
  } catch (const Preempted& e) {
    // Every rank stopped at the same step by agreement: a clean exit, no MPI_Abort.
    if (comm.is_root()) std::fprintf(stderr, "karst: %s\n", e.what());
    return kExitPreempted;
  } catch (const UsageError& e) {
    return fail(comm, kExitUsage, std::string(e.what()) + " (see --help)");
  } catch (const Error& e) {
    return fail(comm, kExitError, e.what());
  } catch (const std::bad_alloc&) {
    return fail(comm, kExitError, "out of memory; try a smaller --size or more ranks");
  } catch (const std::exception& e) {
    return fail(comm, kExitInternal, std::string("internal error: ") + e.what());
  }
}

}  // namespace karst::apps
