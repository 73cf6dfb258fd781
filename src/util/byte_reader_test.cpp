#include "util/byte_reader.hpp"

#include <gtest/gtest.h>

#include <array>

namespace pt::util {
namespace {

constexpr std::array<std::uint8_t, 8> kBytes{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};

TEST(ByteReader, ReadsBigAndLittleEndian) {
  ByteReader r{kBytes};
  EXPECT_EQ(r.u8(), 0x01);
  EXPECT_EQ(r.be16(), 0x0203);
  EXPECT_EQ(r.le16(), 0x0504);
  EXPECT_EQ(r.be24(), 0x060708U);
  EXPECT_EQ(r.remaining(), 0U);
  EXPECT_FALSE(r.failed());
  ByteReader r32{kBytes};
  EXPECT_EQ(r32.be32(), 0x01020304U);
  EXPECT_EQ(r32.le32(), 0x08070605U);
  EXPECT_EQ(r32.offset(), 8U);
}

TEST(ByteReader, ShortReadFailsReturnsZeroAndStaysFailed) {
  ByteReader r{std::span<const std::uint8_t>(kBytes.data(), 3)};
  EXPECT_EQ(r.be32(), 0U);
  EXPECT_TRUE(r.failed());
  EXPECT_EQ(r.offset(), 0U);     // nothing consumed
  EXPECT_EQ(r.remaining(), 0U);  // and nothing readable any more
  EXPECT_EQ(r.u8(), 0U);         // even what would have fit
  EXPECT_TRUE(r.rest().empty());
}

TEST(ByteReader, BytesSkipAndSub) {
  ByteReader r{kBytes};
  const auto view = r.bytes(3);
  ASSERT_EQ(view.size(), 3U);
  EXPECT_EQ(view.data(), kBytes.data());  // a view, not a copy
  EXPECT_TRUE(r.skip(1));
  auto sub = r.sub(2);
  EXPECT_EQ(sub.size(), 2U);
  EXPECT_EQ(sub.be16(), 0x0506);
  EXPECT_EQ(sub.u8(), 0U);  // the sub-reader ends at its own end
  EXPECT_TRUE(sub.failed());
  EXPECT_FALSE(r.failed());  // without failing its parent
  EXPECT_EQ(r.rest().size(), 2U);
  EXPECT_FALSE(r.skip(3));
  EXPECT_TRUE(r.failed());
  ByteReader empty{kBytes};
  EXPECT_TRUE(empty.bytes(9).empty());
  EXPECT_TRUE(empty.failed());
}

TEST(ByteReader, HasAndAbsoluteAccess) {
  ByteReader r{kBytes};
  EXPECT_TRUE(r.has(8));
  EXPECT_FALSE(r.has(9));
  r.skip(6);
  EXPECT_TRUE(r.has(2));
  EXPECT_FALSE(r.has(SIZE_MAX));  // no overflow in the bound check
  auto at = r.at(1);
  EXPECT_EQ(at.u8(), 0x02);
  EXPECT_EQ(r.at(8).remaining(), 0U);
  EXPECT_FALSE(r.at(8).failed());
  EXPECT_TRUE(r.at(9).failed());
}

TEST(ByteReader, FixedHeaderViewIsCheckedOnce) {
  ByteReader r{kBytes};
  r.skip(1);
  const auto h = r.fixed<6>();
  ASSERT_TRUE(h);
  EXPECT_EQ(h.u8<0>(), 0x02);
  EXPECT_EQ(h.be16<1>(), 0x0304);
  EXPECT_EQ(h.be32<2>(), 0x04050607U);
  EXPECT_EQ((h.bytes<4, 2>()[1]), 0x07);
  EXPECT_EQ(r.offset(), 7U);
  const auto cut = r.fixed<2>();  // one byte left
  EXPECT_FALSE(cut);
  EXPECT_TRUE(r.failed());
  EXPECT_FALSE(FixedBytes<4>{});
}

TEST(ByteReader, UsableAtCompileTime) {
  constexpr auto value = [] {
    ByteReader r{kBytes};
    r.skip(2);
    return r.be16();
  }();
  static_assert(value == 0x0304);
}

}  // namespace
}  // namespace pt::util
