#include "util/lru_ttl_cache.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace pt::util {
namespace {

using Cache = LruTtlCache<std::string, int>;
using namespace std::chrono_literals;

const Cache::Clock::time_point kT0{};  // injected time: the tests never sleep

TEST(LruTtlCache, GetPutAndStats) {
  Cache cache(4, 10s);
  EXPECT_FALSE(cache.get("a", kT0).has_value());
  cache.put("a", 1, kT0);
  EXPECT_EQ(cache.get("a", kT0), 1);
  cache.put("a", 2, kT0);  // replaces
  EXPECT_EQ(cache.get("a", kT0), 2);
  const auto s = cache.stats();
  EXPECT_EQ(s.hits, 2U);
  EXPECT_EQ(s.misses, 1U);
  EXPECT_EQ(s.size, 1U);
  EXPECT_EQ(s.capacity, 4U);
}

TEST(LruTtlCache, EvictsTheLeastRecentlyUsed) {
  Cache cache(3, 1h);
  cache.put("a", 1, kT0);
  cache.put("b", 2, kT0);
  cache.put("c", 3, kT0);
  EXPECT_TRUE(cache.get("a", kT0).has_value());  // a is now the most recent
  cache.put("d", 4, kT0);                        // evicts b
  EXPECT_FALSE(cache.contains("b", kT0));
  EXPECT_TRUE(cache.contains("a", kT0));
  EXPECT_TRUE(cache.contains("c", kT0));
  EXPECT_TRUE(cache.contains("d", kT0));
  cache.put("c", 30, kT0);  // a put refreshes recency too
  cache.put("e", 5, kT0);   // evicts a
  EXPECT_FALSE(cache.contains("a", kT0));
  EXPECT_EQ(cache.stats().evicted, 2U);
  EXPECT_EQ(cache.stats().size, 3U);
}

TEST(LruTtlCache, EntriesExpireAfterTheirTtl) {
  Cache cache(8, 10s);
  cache.put("a", 1, kT0);
  cache.put("neg", 0, kT0, 2s);  // a negative answer kept for less time
  EXPECT_TRUE(cache.get("neg", kT0 + 1s).has_value());
  EXPECT_FALSE(cache.get("neg", kT0 + 2s).has_value());
  EXPECT_TRUE(cache.contains("a", kT0 + 9s));
  EXPECT_FALSE(cache.contains("a", kT0 + 10s));
  EXPECT_FALSE(cache.get("a", kT0 + 10s).has_value());
  const auto s = cache.stats();
  EXPECT_EQ(s.expired, 2U);
  EXPECT_EQ(s.size, 0U);         // expired entries are dropped when met
  cache.put("a", 3, kT0 + 20s);  // re-put restarts the clock
  EXPECT_EQ(cache.get("a", kT0 + 29s), 3);
}

TEST(LruTtlCache, ZeroCapacityKeepsOneEntryAndClearEmpties) {
  Cache cache(0, 1s);
  cache.put("a", 1, kT0);
  cache.put("b", 2, kT0);
  EXPECT_EQ(cache.stats().size, 1U);
  EXPECT_TRUE(cache.contains("b", kT0));
  cache.clear();
  EXPECT_EQ(cache.stats().size, 0U);
}

TEST(LruTtlCache, ConcurrentWritersAndReaders) {
  LruTtlCache<int, int> cache(64, 1h);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 1000; ++i) {
        cache.put((t * 1000 + i) % 100, i, kT0);
        (void)cache.get(i % 100, kT0);
      }
    });
  }
  for (auto& th : threads) th.join();
  const auto s = cache.stats();
  EXPECT_EQ(s.size, 64U);
  EXPECT_EQ(s.hits + s.misses, 4000U);
}

}  // namespace
}  // namespace pt::util
