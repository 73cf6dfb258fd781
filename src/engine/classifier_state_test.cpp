#include "engine/classifier_state.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <vector>

namespace pt::engine {
namespace {

std::vector<std::uint8_t> random_bytes(std::size_t n) {
  std::mt19937 gen(42);
  std::vector<std::uint8_t> out(n);
  for (auto& b : out) b = static_cast<std::uint8_t>(gen());
  return out;
}

TEST(ClassifierStatePool, HandsOutZeroedStatesAndReusesReleasedOnes) {
  ClassifierStatePool pool(4);
  std::set<ClassifierFlowState*> seen;
  std::vector<ClassifierFlowState*> held;
  for (int i = 0; i < 10; ++i) {
    auto* s = pool.acquire();
    EXPECT_TRUE(s->in_use);
    EXPECT_EQ(s->packets, 0U);
    EXPECT_EQ(s->ndpi.num_processed_pkts, 0U);
    EXPECT_TRUE(seen.insert(s).second) << "a state in use is never handed out twice";
    held.push_back(s);
  }
  EXPECT_EQ(pool.in_use(), 10U);
  EXPECT_EQ(pool.capacity(), 12U);  // three slabs of four
  held[3]->packets = 7;
  held[3]->ndpi.num_processed_pkts = 9;
  held[3]->entropy.add(random_bytes(500));
  pool.release(held[3]);
  pool.release(held[3]);  // releasing twice is harmless
  EXPECT_EQ(pool.in_use(), 9U);
  auto* again = pool.acquire();
  EXPECT_EQ(again, held[3]);
  EXPECT_EQ(again->packets, 0U);
  EXPECT_EQ(again->ndpi.num_processed_pkts, 0U);
  EXPECT_EQ(again->entropy.judged(), 0U);
  EXPECT_EQ(pool.capacity(), 12U) << "reused, not grown";
  EXPECT_EQ(pool.bytes(), 12 * sizeof(ClassifierFlowState));
}

}  // namespace
}  // namespace pt::engine
