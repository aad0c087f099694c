// A NaN or Inf in the flood state is caught in the step where it appears: every rank stops with
// the same error, naming the global cell and the time, instead of spreading NaN through the maps.
#include "apps/flood/flood_model.hpp"
#include "flood_cases.hpp"
#include "support/error_of.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <regex>
#include <string>

using namespace karst;

namespace {

// Corrupts one global cell of the depth, on whichever rank owns it.
void poison(flood::FloodModel& m, long long gi, long long gj, double value) {
  const auto& d = m.decomposition();
  if (!d.owns(gi, gj)) return;
  auto h = Kokkos::create_mirror_view_and_copy(HostSpace(), m.state().h);
  h(gi - d.i0 + 1, gj - d.j0 + 1) = value;
  Kokkos::deep_copy(m.mutable_state().h, h);
}

}  // namespace

TEST(FloodBlowup, NanAndInfStopTheRunWithCellAndTime) {
  const auto world = mpi::Comm::world();
  for (double bad :
       {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    flood::FloodModel m(test::small_catchment(30, 41, 400.0), world);
    for (int k = 0; k < 5; ++k) m.step();  // healthy steps raise nothing
    poison(m, 17, 23, bad);
    poison(m, 25, 5, bad);  // a later cell in row-major order: the first one is named
    const auto message = test::error_of([&] { m.step(); });
    // The poisoned cell spoils its neighbours' fluxes in the same step: the first bad cell in
    // row-major order is the poisoned one or a neighbour above or beside it.
    std::smatch at;
    ASSERT_TRUE(std::regex_search(
        message, at,
        std::regex(
            R"re(^flood: the water state became NaN or infinite at cell \(row (\d+), column (\d+)\) in the step to t = [0-9.]+ s)re")))
        << message;
    EXPECT_LE(std::abs(std::stoi(at[1]) - 17), 1) << message;
    EXPECT_LE(std::abs(std::stoi(at[2]) - 23), 1) << message;
    EXPECT_NE(message.find("(step 6)"), std::string::npos) << message;
  }
}
