#include "resolve/token_bucket.hpp"

#include <gtest/gtest.h>

namespace pt::resolve {
namespace {

using namespace std::chrono_literals;

TEST(TokenBucketTest, FortyFivePerMinute) {
  const auto t0 = TokenBucket::Clock::time_point{} + 1h;
  TokenBucket bucket(45, 1min, 45, t0);
  int taken = 0;
  while (bucket.try_take(t0)) ++taken;
  EXPECT_EQ(taken, 45);
  EXPECT_FALSE(bucket.try_take(t0 + 1s));  // 0.75 tokens after one second
  EXPECT_TRUE(bucket.try_take(t0 + 1400ms));
  // 1.05 tokens at 1.4 s, one taken: 0.95 more at 0.75 per second.
  EXPECT_NEAR(std::chrono::duration<double>(bucket.wait_time(t0 + 1400ms)).count(), 0.95 / 0.75, 0.01);
}

TEST(TokenBucketTest, BlockUntilHonorsTheServer) {
  const auto t0 = TokenBucket::Clock::time_point{} + 1h;
  TokenBucket bucket(45, 1min, 45, t0);
  bucket.block_until(t0 + 30s);
  EXPECT_FALSE(bucket.try_take(t0 + 29s));
  EXPECT_TRUE(bucket.try_take(t0 + 32s));
}

}  // namespace
}  // namespace pt::resolve
