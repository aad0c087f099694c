#include "apps/flood/root_stream.hpp"

#include "base/error.hpp"

#include <exception>
#include <string>

namespace karst::flood {

namespace {

constexpr int kHeaderTag = 1801, kValuesTag = 1802;

// Every rank throws rank 0's error, if any, as the same karst::Error ("where: what").
void share_error(const mpi::Comm& comm, std::string why) {
  why = comm.broadcast(why);
  if (why.empty()) return;
  const auto colon = why.find(": ");
  if (colon == std::string::npos) throw Error("flood::maps", why);
  throw Error(why.substr(0, colon), why.substr(colon + 2));
}

}  // namespace

void stream_to_root(const mpi::Comm& comm, const Window& mine, const std::vector<float>& values,
                    const WindowSink& sink) {
  if (!comm.is_root()) {
    const long long header[5] = {mine.row0, mine.col0, mine.rows, mine.cols,
                                 static_cast<long long>(values.size())};
    mpi::check(MPI_Send(header, 5, MPI_LONG_LONG, 0, kHeaderTag, comm.get()), "MPI_Send (map)");
    mpi::check(MPI_Send(values.data(), int(values.size()), MPI_FLOAT, 0, kValuesTag, comm.get()),
               "MPI_Send (map)");
    share_error(comm, "");
    return;
  }
  std::string why;
  auto deliver = [&](const Window& w, const std::vector<float>& v) {
    if (!why.empty()) return;  // keep receiving, stop writing
    try {
      sink(w, v);
    } catch (const std::exception& e) {
      why = e.what();
    }
  };
  deliver(mine, values);
  std::vector<float> buffer;
  for (int r = 1; r < comm.size(); ++r) {
    long long h[5];
    mpi::check(MPI_Recv(h, 5, MPI_LONG_LONG, r, kHeaderTag, comm.get(), MPI_STATUS_IGNORE),
               "MPI_Recv (map)");
    buffer.resize(size_t(h[4]));
    mpi::check(
        MPI_Recv(buffer.data(), int(h[4]), MPI_FLOAT, r, kValuesTag, comm.get(), MPI_STATUS_IGNORE),
        "MPI_Recv (map)");
    deliver(Window{h[0], h[1], int(h[2]), int(h[3])}, buffer);
  }
  share_error(comm, why);
}

void on_root(const mpi::Comm& comm, const std::function<void()>& work) {
  std::string why;
  if (comm.is_root()) try {
      work();
    } catch (const std::exception& e) {
      why = e.what();
    }
  share_error(comm, why);
}

}  // namespace karst::flood
