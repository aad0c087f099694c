#include "base/mpi/comm.hpp"

#include "base/error.hpp"

#include <climits>
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

std::int64_t Comm::allreduce_min_int64(std::int64_t v) const {
  return allreduce(comm_, v, MPI_INT64_T, MPI_MIN);
}
std::int64_t Comm::allreduce_max_int64(std::int64_t v) const {
  return allreduce(comm_, v, MPI_INT64_T, MPI_MAX);
}

void Comm::allreduce_sum(std::vector<double>& v) const {
  if (v.empty()) return;
  check(
      MPI_Allreduce(MPI_IN_PLACE, v.data(), static_cast<int>(v.size()), MPI_DOUBLE, MPI_SUM, comm_),
      "MPI_Allreduce");
}

namespace {
// Every rank's items concatenated in rank order: counts first, then one MPI_Allgatherv.
template <class T>
std::vector<T> allgatherv_of(const std::vector<T>& mine, MPI_Datatype type, MPI_Comm comm,
                             int ranks) {
  int count = static_cast<int>(mine.size());
  std::vector<int> counts(ranks), displs(ranks, 0);
  check(MPI_Allgather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, comm), "MPI_Allgather");
  int total = 0;
  for (int r = 0; r < ranks; ++r) {
    displs[r] = total;
    total += counts[r];
  }
  std::vector<T> all(static_cast<size_t>(total));
  check(MPI_Allgatherv(mine.data(), count, type, all.data(), counts.data(), displs.data(), type,
                       comm),
        "MPI_Allgatherv");
  return all;
}
}  // namespace

std::vector<double> Comm::allgatherv(const std::vector<double>& mine) const {
  return allgatherv_of(mine, MPI_DOUBLE, comm_, size());
}

std::vector<std::int64_t> Comm::allgatherv(const std::vector<std::int64_t>& mine) const {
  return allgatherv_of(mine, MPI_INT64_T, comm_, size());
}

std::vector<int> Comm::alltoall(const std::vector<int>& send) const {
  const auto n = static_cast<size_t>(size());
  if (send.empty() || send.size() % n != 0)
    throw Error("mpi", "alltoall needs the same number of ints for every rank");
  const int k = static_cast<int>(send.size() / n);
  std::vector<int> recv(send.size());
  check(MPI_Alltoall(send.data(), k, MPI_INT, recv.data(), k, MPI_INT, comm_), "MPI_Alltoall");
  return recv;
}

namespace {
// Displacements of items packed in rank order; MPI counts them in int.
std::vector<int> packed_displacements(const std::vector<int>& counts, const char* what) {
  std::vector<int> displs(counts.size(), 0);
  long long total = 0;
  for (size_t r = 0; r < counts.size(); ++r) {
    displs[r] = static_cast<int>(total);
    total += counts[r];
  }
  if (total > INT_MAX)
    throw Error("mpi", std::string(what) + ": more than 2^31 items in one exchange");
  return displs;
}
}  // namespace

void Comm::alltoallv(const std::int64_t* send, const std::vector<int>& send_counts,
                     std::int64_t* recv, const std::vector<int>& recv_counts) const {
  const auto n = static_cast<size_t>(size());
  if (send_counts.size() != n || recv_counts.size() != n)
    throw Error("mpi", "alltoallv needs one send and one receive count per rank");
  const auto send_displs = packed_displacements(send_counts, "MPI_Alltoallv (send)");
  const auto recv_displs = packed_displacements(recv_counts, "MPI_Alltoallv (receive)");
  check(MPI_Alltoallv(send, send_counts.data(), send_displs.data(), MPI_INT64_T, recv,
                      recv_counts.data(), recv_displs.data(), MPI_INT64_T, comm_),
        "MPI_Alltoallv");
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
