#pragma once
//! Small RAII wrappers around MPI: the MPI lifetime, communicators and the reductions Karst uses.
//! Everything MPI goes through here so that abort-on-failure and error context live in one place.

#include <mpi.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace karst::mpi {

//! Owns MPI_Init_thread/MPI_Finalize. Errors on communicators are returned, not fatal, so that
//! they become exceptions with context; the CLI edge then aborts the whole job.
class Session {
 public:
  Session(int& argc, char**& argv);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
};

class Comm {
 public:
  //! A non-owning view of an existing communicator (MPI_COMM_WORLD by default).
  explicit Comm(MPI_Comm comm = MPI_COMM_WORLD);
  static Comm world() { return Comm(MPI_COMM_WORLD); }
  static Comm self() { return Comm(MPI_COMM_SELF); }
  //! An owned duplicate, freed when the last copy goes: libraries never share tags with the app.
  Comm dup() const;

  MPI_Comm get() const { return comm_; }
  int rank() const;
  int size() const;
  bool is_root() const { return rank() == 0; }

  void barrier() const;
  double allreduce_min(double v) const;
  double allreduce_max(double v) const;
  double allreduce_sum(double v) const;
  long long allreduce_sum(long long v) const;
  //! Integer min/max under their own names: an overload would make calls with an int ambiguous.
  std::int64_t allreduce_min_int64(std::int64_t v) const;
  std::int64_t allreduce_max_int64(std::int64_t v) const;
  //! Element-wise sum in place; every rank passes the same length.
  void allreduce_sum(std::vector<double>& v) const;
  //! Every rank's vector concatenated in rank order: combining partial sums in a fixed global
  //! order makes a statistic bitwise independent of the number of ranks.
  std::vector<double> allgatherv(const std::vector<double>& mine) const;
  //! Integer version: ids and distances must not pass through a double.
  std::vector<std::int64_t> allgatherv(const std::vector<std::int64_t>& mine) const;
  //! Personalised all-to-all of a few ints per rank: `send` holds the same number k of ints for
  //! each rank, in rank order; the result holds the k ints each rank sent to this one, in rank
  //! order. The usual first half of a sparse exchange (k = 1: the counts), with room for flags.
  std::vector<int> alltoall(const std::vector<int>& send) const;
  //! Personalised all-to-all of items packed by destination: `send` holds send_counts[0] items
  //! for rank 0, then send_counts[1] for rank 1, ...; `recv` receives recv_counts[r] items from
  //! rank r in rank order (recv_counts as returned by alltoall()). Pointers, not vectors, so
  //! host mirrors of Kokkos views go out without a copy.
  void alltoallv(const std::int64_t* send, const std::vector<int>& send_counts, std::int64_t* recv,
                 const std::vector<int>& recv_counts) const;
  //! Every rank gets the root's string.
  std::string broadcast(const std::string& s, int root = 0) const;
  //! Every rank gets every rank's string, in rank order.
  std::vector<std::string> allgather(const std::string& s) const;
  //! Ends the whole job: used when one rank has failed and the others must not wait for it.
  [[noreturn]] void abort(int code) const;

 private:
  struct OwnedComm {
    MPI_Comm comm = MPI_COMM_NULL;
    ~OwnedComm();
  };
  MPI_Comm comm_;
  std::shared_ptr<OwnedComm> owned_;
};

//! Throws karst::Error with the MPI error string when `rc` is not MPI_SUCCESS.
void check(int rc, const char* what);

}  // namespace karst::mpi
