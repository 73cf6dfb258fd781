#include "engine/distinct_counter.hpp"

#include <gtest/gtest.h>

#include <cstdint>

#include "engine/lru_table.hpp"

namespace pt::engine {
namespace {

std::uint32_t h(std::uint64_t i) { return static_cast<std::uint32_t>(mix_hash(i) >> 32U); }

TEST(DistinctCounterTest, ExactUpToTheInlineCapacity) {
  DistinctCounter c;
  EXPECT_EQ(c.count(), 0U);
  for (std::uint64_t i = 0; i < DistinctCounter::kExact; ++i) {
    EXPECT_TRUE(c.insert(h(i)));
    EXPECT_FALSE(c.insert(h(i)));  // a repeat never counts
    EXPECT_EQ(c.count(), i + 1);
  }
  EXPECT_TRUE(c.exact());
  EXPECT_TRUE(c.insert(h(1000)));
  EXPECT_FALSE(c.exact());
  EXPECT_GE(c.count(), DistinctCounter::kExact + 1);
}

TEST(DistinctCounterTest, EstimatesLargeCountsWithinTheSketchError) {
  for (const std::uint64_t n : {50ULL, 100ULL, 1000ULL, 10000ULL, 1000000ULL}) {
    DistinctCounter c;
    for (std::uint64_t i = 0; i < n; ++i) c.insert(h(i + n * 7919));
    for (std::uint64_t i = 0; i < n; i += 3) c.insert(h(i + n * 7919));  // repeats change nothing
    // 1.04/sqrt(128) ≈ 9 % standard error; 3 sigma.
    EXPECT_NEAR(static_cast<double>(c.count()), static_cast<double>(n), static_cast<double>(n) * 0.28) << n;
  }
}

TEST(DistinctCounterTest, ClearStartsOver) {
  DistinctCounter c;
  for (std::uint64_t i = 0; i < 100; ++i) c.insert(h(i));
  c.clear();
  EXPECT_EQ(c.count(), 0U);
  EXPECT_TRUE(c.exact());
}

}  // namespace
}  // namespace pt::engine
