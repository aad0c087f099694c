#pragma once
//! A barrier for host threads that meet often and briefly (a search that settles a bucket in tens
//! of microseconds between barriers). Kokkos' team_barrier on host backs off into sleeps of tens
//! of microseconds after a short spin, which such a loop pays at nearly every meeting; this one
//! spins for about kSpins pauses (tens of microseconds), then yields, so a thread waiting for one
//! that lost its core gives the core back. With more threads than the hardware runs at once it
//! yields at once. The threads must run concurrently: members of one Kokkos team.

#include <atomic>
#include <thread>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace karst {

class SpinBarrier {
 public:
  explicit SpinBarrier(int size) : size_(size), spins_(oversubscribed(size) ? 0 : kSpins) {}

  void arrive_and_wait() {
    // The generation is read before arriving: the last thread to arrive moves it on.
    const unsigned generation = generation_.load(std::memory_order_acquire);
    if (waiting_.fetch_add(1, std::memory_order_acq_rel) == size_ - 1) {
      waiting_.store(0, std::memory_order_relaxed);
      generation_.store(generation + 1, std::memory_order_release);
      return;
    }
    for (int spins = 0; generation_.load(std::memory_order_acquire) == generation;) {
      if (spins < spins_) {
        pause();
        ++spins;
      } else {
        std::this_thread::yield();
      }
    }
  }

 private:
  static constexpr int kSpins = 1 << 11;
  // More threads than the hardware runs at once (0: the count is unknown, so assume not).
  static bool oversubscribed(int size) {
    const unsigned hardware = std::thread::hardware_concurrency();
    return hardware != 0 && static_cast<unsigned>(size) > hardware;
  }
  static void pause() {
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#endif
  }

  alignas(64) std::atomic<int> waiting_{0};
  alignas(64) std::atomic<unsigned> generation_{0};
  int size_;
  int spins_;
};

}  // namespace karst
