#include "resolve/spsc_ring.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace pt::resolve {
namespace {

TEST(SpscRingTest, FifoAndFullRefuses) {
  SpscRing<int> ring(3);  // rounds to 4
  EXPECT_EQ(ring.capacity(), 4U);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(ring.try_push(i));
  EXPECT_FALSE(ring.try_push(99));
  EXPECT_EQ(ring.dropped(), 1U);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(ring.try_pop(), i);
  EXPECT_FALSE(ring.try_pop());
  EXPECT_TRUE(ring.try_push(5));
  EXPECT_EQ(ring.size(), 1U);
}

TEST(SpscRingTest, TwoThreadsLoseNothingThatWasAccepted) {
  SpscRing<std::uint64_t> ring(64);
  constexpr std::uint64_t kCount = 200000;
  std::uint64_t accepted_sum = 0;
  std::atomic<bool> done{false};
  std::thread producer([&] {
    for (std::uint64_t i = 1; i <= kCount; ++i) {
      if (ring.try_push(i)) accepted_sum += i;
    }
    done.store(true);
  });
  std::uint64_t popped_sum = 0;
  std::uint64_t last = 0;
  bool ordered = true;
  while (true) {
    const bool finished = done.load();
    while (auto v = ring.try_pop()) {
      ordered = ordered && *v > last;
      last = *v;
      popped_sum += *v;
    }
    if (finished) break;
  }
  producer.join();
  EXPECT_TRUE(ordered);
  EXPECT_EQ(popped_sum, accepted_sum);
  EXPECT_GT(popped_sum, 0U);
}

}  // namespace
}  // namespace pt::resolve
