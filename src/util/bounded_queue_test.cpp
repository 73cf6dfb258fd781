#include "util/bounded_queue.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <thread>

namespace pt::util {
namespace {

using namespace std::chrono_literals;

TEST(BoundedQueue, FifoWithinCapacityAndDropsBeyond) {
  BoundedQueue<int> q(2);
  EXPECT_EQ(q.capacity(), 2U);
  EXPECT_TRUE(q.try_push(1));
  EXPECT_TRUE(q.try_push(2));
  EXPECT_FALSE(q.try_push(3));
  EXPECT_FALSE(q.try_push(4));
  EXPECT_EQ(q.dropped(), 2U);
  EXPECT_EQ(q.size(), 2U);
  EXPECT_EQ(q.pop_for(0ms), 1);
  EXPECT_EQ(q.pop_for(0ms), 2);
  EXPECT_FALSE(q.pop_for(0ms).has_value());  // empty: times out at once
}

TEST(BoundedQueue, DrainTakesUpToMax) {
  BoundedQueue<int> q(10);
  for (int i = 0; i < 5; ++i) q.try_push(i);
  std::vector<int> out;
  EXPECT_EQ(q.drain(out, 3), 3U);
  EXPECT_EQ(out, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(q.drain(out, 10), 2U);
  EXPECT_EQ(q.size(), 0U);
}

TEST(BoundedQueue, CloseWakesConsumersAndRefusesProducers) {
  BoundedQueue<int> q(4);
  q.try_push(7);
  std::optional<int> first;
  std::optional<int> second;
  std::thread consumer([&] {
    first = q.pop_for(10s);
    second = q.pop_for(10s);  // blocks until close, far less than 10 s
  });
  // The consumer sees the queued item, then close() ends its wait.
  while (q.size() != 0) std::this_thread::yield();
  q.close();
  consumer.join();
  EXPECT_EQ(first, 7);
  EXPECT_FALSE(second.has_value());
  EXPECT_TRUE(q.closed());
  EXPECT_FALSE(q.try_push(8));
  EXPECT_EQ(q.dropped(), 1U);
}

TEST(BoundedQueue, ItemsQueuedBeforeCloseAreStillDelivered) {
  BoundedQueue<std::unique_ptr<int>> q(4);  // move-only items work
  q.try_push(std::make_unique<int>(1));
  q.close();
  auto item = q.pop_for(0ms);
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ(**item, 1);
  EXPECT_FALSE(q.pop_for(0ms).has_value());
}

TEST(BoundedQueue, ZeroCapacityHoldsOne) {
  BoundedQueue<int> q(0);
  EXPECT_TRUE(q.try_push(1));
  EXPECT_FALSE(q.try_push(2));
}

}  // namespace
}  // namespace pt::util
