#include "apps/common/error_edge.hpp"

#include "apps/common/preemption.hpp"
#include "apps/common/run_directory.hpp"
#include "base/error.hpp"

#include <chrono>
#include <cstdio>
#include <exception>
#include <new>
#include <string>
#include <thread>

namespace karst::apps {

namespace {

// How long a failing rank waits for the others to fail too before it speaks for itself. Ranks
// that fail on the same input (a bad --set, a missing file every rank opens) get there within
// milliseconds of each other; a rank that fails alone pays this once before MPI_Abort.
constexpr auto kAgreementWait = std::chrono::seconds(2);

// Collective on `errors` but never blocking: true when every rank has reached its error path
// within kAgreementWait. A rank that is waiting in another collective never joins, so the
// non-blocking barrier simply does not complete.
bool every_rank_failed(const mpi::Comm& errors) {
  MPI_Request request;
  if (MPI_Ibarrier(errors.get(), &request) != MPI_SUCCESS) return false;
  const auto until = std::chrono::steady_clock::now() + kAgreementWait;
  int done = 0;
  while (!done && std::chrono::steady_clock::now() < until) {
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (!done) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return done != 0;  // an incomplete request is left behind: MPI_Abort follows
}

void print(const std::string& prefix, const std::string& message) {
  std::fprintf(stderr, "karst: %s%s\n", prefix.c_str(), message.c_str());
  std::fflush(stderr);
}

// One line per job, not one per rank: when every rank failed (the usual case: they all read the
// same configuration and input), rank 0 speaks for all of them. When only some failed, the
// others are blocked in a collective: each failing rank names itself and removes the unfinished
// run directory (rank 0, which would have, may be among the blocked). Either way MPI_Abort ends
// the job with the code: Open MPI takes a second or two to wind up a job whose ranks returned
// an error code normally, and a rank with a request still pending could hang in MPI_Finalize.
int fail(const mpi::Comm& comm, const mpi::Comm& errors, int code, const std::string& message) {
  if (comm.size() == 1) {
    print("", message);
    return code;
  }
  if (every_rank_failed(errors)) {
    if (comm.is_root()) print("", message);
    MPI_Barrier(errors.get());  // the line is out before any rank's MPI_Abort ends rank 0
    comm.abort(code);
  }
  print("rank " + std::to_string(comm.rank()) + ": ", message);
  discard_unfinished_run_directories();
  comm.abort(code);
}

// Exception texts from libraries may span lines (Kokkos appends a traceback note): the error
// stays one line.
std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

}  // namespace

int run_guarded(const mpi::Comm& comm, const std::function<int()>& body) {
  // Made before anything can fail, so the error path has a communicator no workload uses.
  const mpi::Comm errors = comm.dup();
  try {
    return body();
  } catch (const Preempted& e) {
    // Every rank stopped at the same step by agreement: a clean exit, no MPI_Abort.
    if (comm.is_root()) std::fprintf(stderr, "karst: %s\n", e.what());
    return kExitPreempted;
  } catch (const UsageError& e) {
    return fail(comm, errors, kExitUsage, std::string(e.what()) + " (see --help)");
  } catch (const Error& e) {
    return fail(comm, errors, kExitError, e.what());
  } catch (const std::bad_alloc&) {
    return fail(comm, errors, kExitError, "out of memory; try a smaller --size or more ranks");
  } catch (const std::exception& e) {
    // Kokkos reports a failed View allocation as a runtime_error: running out of memory is a
    // limit of the case, not a bug in Karst.
    const std::string what = first_line(e.what());
    if (what.rfind("Kokkos failed to allocate memory", 0) == 0)
      return fail(comm, errors, kExitError,
                  "out of memory: " + what + "; try a smaller case or more ranks");
    return fail(comm, errors, kExitInternal, "internal error: " + what);
  }
}

}  // namespace karst::apps
