#include "engine/lru_table.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>

namespace pt::engine {
namespace {

using Table = LruTable<std::uint32_t, int>;

TEST(LruTableTest, InsertsFindsAndEvictsTheLeastRecentlyUsed) {
  Table t(3);
  for (std::uint32_t k = 1; k <= 3; ++k) *t.upsert(k).value = static_cast<int>(k * 10);
  EXPECT_EQ(t.size(), 3U);
  auto again = t.upsert(1);  // touch 1: now 2 is the oldest
  EXPECT_FALSE(again.inserted);
  EXPECT_EQ(*again.value, 10);
  const auto fresh = t.upsert(4);
  EXPECT_TRUE(fresh.inserted);
  EXPECT_TRUE(fresh.evicted);
  EXPECT_EQ(t.find(2), nullptr);
  EXPECT_NE(t.find(1), nullptr);
  EXPECT_NE(t.find(3), nullptr);
  EXPECT_EQ(t.size(), 3U);
  EXPECT_EQ(t.evictions(), 1U);
}

TEST(LruTableTest, EvictionPrefersEntriesTheCallerMayLose) {
  Table t(4);
  for (std::uint32_t k = 1; k <= 4; ++k) *t.upsert(k).value = k == 1 ? 1 : 0;  // 1 is "precious"
  t.upsert(5, [](const int& v) { return v == 0; });
  EXPECT_NE(t.find(1), nullptr);  // the oldest, kept
  EXPECT_EQ(t.find(2), nullptr);
  // When none of the scanned entries may go, the oldest goes anyway.
  Table all(2);
  *all.upsert(1).value = 1;
  *all.upsert(2).value = 1;
  all.upsert(3, [](const int& v) { return v == 0; });
  EXPECT_EQ(all.find(1), nullptr);
}

TEST(LruTableTest, EraseKeepsProbeChainsIntact) {
  Table t(1000);
  for (std::uint32_t k = 0; k < 1000; ++k) *t.upsert(k).value = static_cast<int>(k);
  EXPECT_EQ(t.erase_if([](std::uint32_t k, const int&) { return k % 3 == 0; }), 334U);
  for (std::uint32_t k = 0; k < 1000; ++k) {
    const int* v = t.find(k);
    if (k % 3 == 0) {
      EXPECT_EQ(v, nullptr) << k;
    } else {
      ASSERT_NE(v, nullptr) << k;
      EXPECT_EQ(*v, static_cast<int>(k));
    }
  }
  // Freed nodes are reused without growing past the capacity.
  for (std::uint32_t k = 5000; k < 5334; ++k) EXPECT_FALSE(t.upsert(k).evicted);
  EXPECT_EQ(t.size(), 1000U);
  EXPECT_TRUE(t.upsert(9999).evicted);
}

TEST(LruTableTest, ChurnThroughManyKeysStaysConsistent) {
  Table t(64);
  std::set<std::uint32_t> live;
  for (std::uint32_t k = 0; k < 100000; ++k) {
    const auto up = t.upsert(k * 2654435761U);
    ASSERT_TRUE(up.inserted);
    *up.value = static_cast<int>(k);
  }
  EXPECT_EQ(t.size(), 64U);
  std::size_t found = 0;
  t.for_each([&](std::uint32_t key, const int& v) {
    EXPECT_EQ(key, static_cast<std::uint32_t>(v) * 2654435761U);
    EXPECT_GE(v, 100000 - 64);
    ++found;
  });
  EXPECT_EQ(found, 64U);
}

}  // namespace
}  // namespace pt::engine
