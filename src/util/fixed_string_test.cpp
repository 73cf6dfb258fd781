#include "util/fixed_string.hpp"

#include <gtest/gtest.h>

namespace pt::util {
namespace {

TEST(FixedString, HoldsShortTextWhole) {
  const FixedString<16> s("example.com");
  EXPECT_EQ(s.view(), "example.com");
  EXPECT_EQ(s.size(), 11U);
  EXPECT_FALSE(s.empty());
  EXPECT_EQ(s.str(), "example.com");
  EXPECT_EQ(FixedString<16>::capacity(), 16U);
  EXPECT_TRUE(FixedString<4>().empty());
}

TEST(FixedString, CutsAsciiAtCapacity) {
  const FixedString<4> s("abcdef");
  EXPECT_EQ(s.view(), "abcd");
}

TEST(FixedString, NeverCutsInsideAUtf8Sequence) {
  // "aé" is 3 bytes; a 2-byte buffer must not keep half of the é.
  EXPECT_EQ(FixedString<2>("a\xc3\xa9").view(), "a");
  // Three 3-byte characters in 8 bytes: two whole ones fit.
  EXPECT_EQ(FixedString<8>("日本語").view(), "日本");
  // A 4-byte emoji after one ASCII byte in a 4-byte buffer: only the ASCII byte.
  EXPECT_EQ(FixedString<4>("x\xf0\x9f\x98\x80").view(), "x");
  EXPECT_EQ(FixedString<5>("x\xf0\x9f\x98\x80").view(), "x\xf0\x9f\x98\x80");
}

TEST(FixedString, AssignClearAndCompare) {
  FixedString<8> a("one");
  FixedString<8> b("one");
  EXPECT_EQ(a, b);
  b.assign("two");
  EXPECT_FALSE(a == b);
  b.clear();
  EXPECT_TRUE(b.empty());
  constexpr FixedString<8> c("const");
  static_assert(c.size() == 5);
}

}  // namespace
}  // namespace pt::util
