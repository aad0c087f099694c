// The ceiling kernels compute what STREAM and the FMA loop say they compute, and their declared
// costs follow STREAM's counting rules.
#include "kernels/ceilings/fma_peak.hpp"
#include "kernels/ceilings/stream.hpp"
#include "kernels/common/views.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace karst;

TEST(StreamKernels, TriadAndCopyProduceStreamValues) {
  const int n = 1000;
  Field1D a("a", n), b("b", n), c("c", n);
  auto bh = Kokkos::create_mirror_view(b), ch = Kokkos::create_mirror_view(c);
  for (int i = 0; i < n; ++i) {
    bh(i) = i;
    ch(i) = 0.5 * i;
  }
  Kokkos::deep_copy(b, bh);
  Kokkos::deep_copy(c, ch);
  ceilings::stream_triad(ExecSpace(), a, b, c, 3.0);
  auto ah = Kokkos::create_mirror_view_and_copy(HostSpace(), a);
  for (int i = 0; i < n; ++i) ASSERT_DOUBLE_EQ(ah(i), i + 3.0 * 0.5 * i) << i;
  ceilings::stream_copy(ExecSpace(), a, c);
  Kokkos::deep_copy(ah, a);
  for (int i = 0; i < n; ++i) ASSERT_EQ(ah(i), 0.5 * i);
}

TEST(StreamKernels, CostsFollowStreamCountingRules) {
  // STREAM counts the named words only: copy moves 2 doubles, triad 3; triad does 1 mul + 1 add.
  EXPECT_EQ(ceilings::kStreamCopyCost.bytes_per_item, 16.0);
  EXPECT_EQ(ceilings::kStreamCopyCost.flops_per_item, 0.0);
  EXPECT_EQ(ceilings::kStreamTriadCost.bytes_per_item, 24.0);
  EXPECT_EQ(ceilings::kStreamTriadCost.flops_per_item, 2.0);
  EXPECT_DOUBLE_EQ(ceilings::kStreamTriadCost.intensity(), 2.0 / 24.0);
  // 10^7 elements of triad: 2e7 FLOPs and 2.4e8 bytes.
  EXPECT_DOUBLE_EQ(ceilings::kStreamTriadCost.flops(1e7), 2e7);
  EXPECT_DOUBLE_EQ(ceilings::kStreamTriadCost.bytes(1e7), 2.4e8);
}

TEST(FmaPeak, MatchesSerialReferenceAndCost) {
  const int items = 64, iterations = 100;
  Kokkos::View<double*, MemSpace> out("out", items);
  ceilings::fma_peak<double>(ExecSpace(), out, iterations);
  auto h = Kokkos::create_mirror_view_and_copy(HostSpace(), out);
  for (int i = 0; i < items; ++i) {
    double sum = 0;
    for (int c = 0; c < ceilings::kFmaChains; ++c) {
      double x = (i % 7) * 1e-3 + c;
      for (int it = 0; it < iterations; ++it) x = x * 0.999999 + 1e-6;
      sum += x;
    }
    ASSERT_NEAR(h(i), sum, 1e-12 * std::abs(sum)) << i;  // contraction may round differently
  }
  const auto cost = ceilings::fma_peak_cost<double>(iterations);
  EXPECT_EQ(cost.flops_per_item, 2.0 * ceilings::kFmaChains * iterations + ceilings::kFmaChains);
  EXPECT_EQ(cost.bytes_per_item, 8.0);
  EXPECT_EQ(ceilings::fma_peak_cost<float>(iterations).bytes_per_item, 4.0);
}
