#include "ui/text.hpp"

#include <gtest/gtest.h>

#include "ui/canvas.hpp"
#include "ui/format.hpp"

namespace pt::ui {
namespace {

TEST(Text, WidthCountsWideAndZeroWidthCodePoints) {
  EXPECT_EQ(text_width("abc"), 3);
  EXPECT_EQ(text_width("日本"), 4);
  EXPECT_EQ(text_width("e\xCC\x81"), 1);  // e + combining acute
  EXPECT_EQ(text_width("\xFF"), 1);       // invalid byte: one replacement cell
}

TEST(Text, FitCutsWithEllipsisOnEitherSide) {
  EXPECT_EQ(fit("example.com", 20), "example.com");
  EXPECT_EQ(fit("example.com", 8), "example…");
  EXPECT_EQ(fit("server1.us-west-2.compute.amazonaws.com", 16, Elide::Left), "…e.amazonaws.com");
  EXPECT_EQ(fit("abc", 1), "…");
  EXPECT_EQ(fit("abc", 0), "");
  // A wide glyph that does not fit whole is not split.
  EXPECT_EQ(fit("日本語", 4), "日…");
  EXPECT_EQ(text_width(fit("日本語", 4)), 3);
}

TEST(Text, PadAligns) {
  EXPECT_EQ(pad("ab", 5), "ab   ");
  EXPECT_EQ(pad("ab", 5, Align::Right), "   ab");
  EXPECT_EQ(pad("ab", 6, Align::Center), "  ab  ");
  EXPECT_EQ(pad("abcdef", 4), "abc…");
}

TEST(Canvas, TextIsClippedToTheGridAndTrimmedInText) {
  Canvas c(10, 2);
  c.text(7, 0, "overflow", Style::Normal);
  c.text(-3, 1, "abcdef", Style::Normal);
  EXPECT_EQ(c.row_text(0), "       ove");
  EXPECT_EQ(c.row_text(1), "def");
  EXPECT_EQ(c.to_text(), "       ove\ndef\n");
}

TEST(Canvas, WideGlyphsTakeTwoCellsAndNeverStraddleTheEdge) {
  Canvas c(5, 1);
  c.text(0, 0, "日本語", Style::Normal);
  EXPECT_EQ(c.row_text(0), "日本");
  EXPECT_EQ(c.at(1, 0).ch, 0U);
  c.put(1, 0, U'x', Style::Alert);  // overwriting the right half blanks the left half
  EXPECT_EQ(c.row_text(0), " x本");
}

TEST(Canvas, FieldPadsAndRestyleKeepsText) {
  Canvas c(8, 1);
  c.field(0, 0, 8, "42", Style::Normal, Align::Right);
  EXPECT_EQ(c.row_text(0), "      42");
  c.restyle({0, 0, 8, 1}, Style::Cursor);
  EXPECT_EQ(c.at(7, 0).style, Style::Cursor);
  EXPECT_EQ(c.row_text(0), "      42");
}

TEST(Canvas, SplitsCoverTheWholeRect) {
  const auto parts = split_columns({0, 0, 100, 5}, {1, 1, 1});
  ASSERT_EQ(parts.size(), 3U);
  EXPECT_EQ(parts[0].w + parts[1].w + parts[2].w, 100);
  EXPECT_EQ(parts[2].right(), 100);
  Rect r{0, 0, 10, 10};
  EXPECT_EQ(take_top(r, 3), (Rect{0, 0, 10, 3}));
  EXPECT_EQ(take_bottom(r, 2), (Rect{0, 8, 10, 2}));
  EXPECT_EQ(r, (Rect{0, 3, 10, 5}));
}

TEST(Format, HumanNumbers) {
  EXPECT_EQ(human_bytes(0), "0 B");
  EXPECT_EQ(human_bytes(999), "999 B");
  EXPECT_EQ(human_bytes(1536), "1.5 KB");
  EXPECT_EQ(human_bytes(15 * 1024 * 1024), "15 MB");
  EXPECT_EQ(human_count(999), "999");
  EXPECT_EQ(human_count(1234), "1.2k");
  EXPECT_EQ(human_count(15'000'000), "15M");
  EXPECT_EQ(human_bits_per_second(0), "0 b/s");
  EXPECT_EQ(human_bits_per_second(12'300'000), "12 Mb/s");
  EXPECT_EQ(human_bits_per_second(1'250'000), "1.2 Mb/s");
  EXPECT_EQ(human_rate(12.5, "pkt/s"), "12.5 pkt/s");
  EXPECT_EQ(human_duration(std::chrono::seconds(45)), "45s");
  EXPECT_EQ(human_duration(std::chrono::seconds(192)), "3m12s");
  EXPECT_EQ(human_duration(std::chrono::seconds(7500)), "2h05m");
  EXPECT_EQ(human_rtt(std::chrono::microseconds(420)), "0.42 ms");
  EXPECT_EQ(human_rtt(std::chrono::microseconds(215'000)), "215 ms");
  EXPECT_EQ(percent(0.42), "42%");
  EXPECT_EQ(percent(0.005), "0.5%");
  EXPECT_EQ(percent(0.0001), "<0.1%");
  EXPECT_EQ(percent(0), "0%");
}

}  // namespace
}  // namespace pt::ui
