#include "engine/classifier_state.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string_view>
#include <vector>

namespace pt::engine {
namespace {

std::vector<std::uint8_t> random_bytes(std::size_t n) {
  std::mt19937 gen(42);
  std::vector<std::uint8_t> out(n);
  for (auto& b : out) b = static_cast<std::uint8_t>(gen());
  return out;
}

std::span<const std::uint8_t> as_bytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

TEST(EntropySample, RandomBytesLookRandom) {
  EntropySample sample;
  const auto bytes = random_bytes(1024);
  sample.add(bytes);
  EXPECT_EQ(sample.size(), 1024U);
  EXPECT_GT(sample.bits_per_byte(), 7.6);
  EXPECT_TRUE(sample.looks_random());
}

TEST(EntropySample, TextDoesNotLookRandom) {
  EntropySample sample;
  const std::string_view line = "GET /index.html HTTP/1.1\r\nHost: www.example.org\r\nAccept: text/html\r\n\r\n";
  while (sample.size() < 2048) sample.add(as_bytes(line));
  EXPECT_LT(sample.bits_per_byte(), 5.5);
  EXPECT_FALSE(sample.looks_random());
}

TEST(EntropySample, TooFewBytesDecideNothing) {
  EntropySample sample;
  sample.add(random_bytes(EntropySample::kMinimum - 1));
  EXPECT_FALSE(sample.looks_random());
  EntropySample empty;
  EXPECT_EQ(empty.bits_per_byte(), 0.0);
}

TEST(EntropySample, StopsAtCapacityAndClears) {
  EntropySample sample;
  const std::vector<std::uint8_t> zeros(EntropySample::kCapacity + 500, 0);
  sample.add(zeros);
  sample.add(zeros);
  EXPECT_EQ(sample.size(), EntropySample::kCapacity);
  EXPECT_EQ(sample.bits_per_byte(), 0.0);
  sample.clear();
  EXPECT_EQ(sample.size(), 0U);
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
  held[3]->entropy.add(random_bytes(10));
  pool.release(held[3]);
  pool.release(held[3]);  // releasing twice is harmless
  EXPECT_EQ(pool.in_use(), 9U);
  auto* again = pool.acquire();
  EXPECT_EQ(again, held[3]);
  EXPECT_EQ(again->packets, 0U);
  EXPECT_EQ(again->ndpi.num_processed_pkts, 0U);
  EXPECT_EQ(again->entropy.size(), 0U);
  EXPECT_EQ(pool.capacity(), 12U) << "reused, not grown";
  EXPECT_EQ(pool.bytes(), 12 * sizeof(ClassifierFlowState));
}

}  // namespace
}  // namespace pt::engine
