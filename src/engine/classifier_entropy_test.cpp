#include "engine/classifier_entropy.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace pt::engine {
namespace {

std::vector<std::uint8_t> random_bytes(std::size_t n, std::uint32_t seed = 42) {
  std::mt19937 gen(seed);
  std::vector<std::uint8_t> out(n);
  for (auto& b : out) b = static_cast<std::uint8_t>(gen());
  return out;
}

std::vector<std::uint8_t> text_bytes(std::size_t n) {
  const std::string_view line = "GET /index.html HTTP/1.1\r\nHost: www.example.org\r\nAccept: text/html\r\n\r\n";
  std::vector<std::uint8_t> out;
  while (out.size() < n) out.insert(out.end(), line.begin(), line.end());
  out.resize(n);
  return out;
}

TEST(EntropySample, RandomBytesLookRandomAtEverySize) {
  for (const std::size_t n : {128U, 256U, 1024U, 4096U}) {
    for (std::uint32_t seed = 0; seed < 20; ++seed) {
      EntropySample sample;
      sample.add(random_bytes(n, seed));
      EXPECT_TRUE(sample.looks_random()) << n << " bytes, seed " << seed << ": " << sample.bits_per_byte();
    }
  }
}

TEST(EntropySample, TextDoesNotLookRandom) {
  EntropySample sample;
  sample.add(text_bytes(2048));
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

TEST(EntropyTally, RandomPayloadsMakeARandomFlow) {
  EntropyTally tally;
  tally.add(random_bytes(300, 1));
  EXPECT_TRUE(tally.looks_random());
  tally.add(text_bytes(300));  // one text payload in two: not three in four
  EXPECT_FALSE(tally.looks_random());
  tally.add(random_bytes(300, 2));
  tally.add(random_bytes(300, 3));
  EXPECT_TRUE(tally.looks_random()) << "a cleartext header packet among random ones";
}

TEST(EntropyTally, ShortPayloadsAreNotJudged) {
  EntropyTally tally;
  for (int i = 0; i < 20; ++i) tally.add(random_bytes(EntropySample::kMinimum - 1, static_cast<std::uint32_t>(i)));
  EXPECT_EQ(tally.judged(), 0U);
  EXPECT_FALSE(tally.looks_random());
  tally.add(random_bytes(EntropySample::kMinimum, 5));
  EXPECT_EQ(tally.judged(), 1U);
  EXPECT_FALSE(tally.looks_random()) << "fewer than kMinimumBytes judged";
}

TEST(EntropyTally, StopsAfterItsPackets) {
  EntropyTally tally;
  for (int i = 0; i < 3 * EntropyTally::kMaxPackets; ++i) tally.add(text_bytes(500));
  EXPECT_EQ(tally.judged(), EntropyTally::kMaxPackets);
  EXPECT_FALSE(tally.looks_random());
}

}  // namespace
}  // namespace pt::engine
