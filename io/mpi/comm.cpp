#include "io/mpi/comm.hpp"

#include "kernels/common/error.hpp"

#include <cstdlib>

namespace karst::mpi {

void check(int rc, const char* what) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int len = 0;
  MPI_Error_string(rc, text, &len);
  throw Error("mpi", std::string(what) + " failed: " + std::string(text, len));
}

Session::Session(int& argc, char**& argv) {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) {
    int provided = 0;
    // FUNNELED: only the main thread calls MPI; OpenMP threads live inside Kokkos kernels.
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  }
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
}

Session::~Session() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

Comm::OwnedComm::~OwnedComm() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized && comm != MPI_COMM_NULL) MPI_Comm_free(&comm);
}

Comm::Comm(MPI_Comm comm) : comm_(comm) {}

Comm Comm::dup() const {
  auto owned = std::make_shared<OwnedComm>();
  check(MPI_Comm_dup(comm_, &owned->comm), "MPI_Comm_dup");
  MPI_Comm_set_errhandler(owned->comm, MPI_ERRORS_RETURN);
  Comm result(owned->comm);
  result.owned_ = std::move(owned);
  return result;
}

int Comm::rank() const {
  int r = 0;
  check(MPI_Comm_rank(comm_, &r), "MPI_Comm_rank");
  return r;
}

int Comm::size() const {
  int s = 0;
  check(MPI_Comm_size(comm_, &s), "MPI_Comm_size");
  return s;
}

void Comm::barrier() const {
  check(MPI_Barrier(comm_), "MPI_Barrier");
}

namespace {
template <class T>
T allreduce(MPI_Comm comm, T v, MPI_Datatype type, MPI_Op op) {
  T out{};
  check(MPI_Allreduce(&v, &out, 1, type, op, comm), "MPI_Allreduce");
  return out;
}
}  // namespace

double Comm::allreduce_min(double v) const {
  return allreduce(comm_, v, MPI_DOUBLE, MPI_MIN);
}
double Comm::allreduce_max(double v) const {
  return allreduce(comm_, v, MPI_DOUBLE, MPI_MAX);
}
double Comm::allreduce_sum(double v) const {
  return allreduce(comm_, v, MPI_DOUBLE, MPI_SUM);
}
long long Comm::allreduce_sum(long long v) const {
  return allreduce(comm_, v, MPI_LONG_LONG, MPI_SUM);
}

void Comm::allreduce_sum(std::vector<double>& v) const {
  if (v.empty()) return;
  check(
      MPI_Allreduce(MPI_IN_PLACE, v.data(), static_cast<int>(v.size()), MPI_DOUBLE, MPI_SUM, comm_),
      "MPI_Allreduce");
}

std::vector<double> Comm::allgatherv(const std::vector<double>& mine) const {
  const int n = size();
  int count = static_cast<int>(mine.size());
  std::vector<int> counts(n), displs(n, 0);
  check(MPI_Allgather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, comm_), "MPI_Allgather");
  int total = 0;
  for (int r = 0; r < n; ++r) {
    displs[r] = total;
    total += counts[r];
  }
  std::vector<double> all(static_cast<size_t>(total));
  check(MPI_Allgatherv(mine.data(), count, MPI_DOUBLE, all.data(), counts.data(), displs.data(),
                       MPI_DOUBLE, comm_),
        "MPI_Allgatherv");
  return all;
}

std::string Comm::broadcast(const std::string& s, int root) const {
  long long n = static_cast<long long>(s.size());
  check(MPI_Bcast(&n, 1, MPI_LONG_LONG, root, comm_), "MPI_Bcast");
  std::string out = rank() == root ? s : std::string(static_cast<size_t>(n), '\0');
  if (n > 0) check(MPI_Bcast(out.data(), static_cast<int>(n), MPI_CHAR, root, comm_), "MPI_Bcast");
  return out;
}

std::vector<std::string> Comm::allgather(const std::string& s) const {
  const int n = size();
  int mine = static_cast<int>(s.size());
  std::vector<int> lengths(n), displs(n, 0);
  check(MPI_Allgather(&mine, 1, MPI_INT, lengths.data(), 1, MPI_INT, comm_), "MPI_Allgather");
  int total = 0;
  for (int r = 0; r < n; ++r) {
    displs[r] = total;
    total += lengths[r];
  }
  std::string all(static_cast<size_t>(total), '\0');
  check(MPI_Allgatherv(s.data(), mine, MPI_CHAR, all.data(), lengths.data(), displs.data(),
                       MPI_CHAR, comm_),
        "MPI_Allgatherv");
  std::vector<std::string> out;
  out.reserve(n);
  for (int r = 0; r < n; ++r) out.push_back(all.substr(displs[r], lengths[r]));
  return out;
}

void Comm::abort(int code) const {
  MPI_Abort(comm_, code);
  std::abort();  // MPI_Abort does not return; this satisfies [[noreturn]].
}

}  // namespace karst::mpi
