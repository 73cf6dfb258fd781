// parse_tmux_capture() against captures written the way tmux 3.3 prints `capture-pane -p -e`:
// the end-to-end suites decide which row carries the cursor from these styles.

#include "support/tmux_screen.hpp"

#include <gtest/gtest.h>

namespace pt::test {
namespace {

TEST(TmuxScreen, StylesFollowSgrSequencesAcrossLines) {
  const auto lines = parse_tmux_capture(
      "\x1b[1m\x1b[38;5;231m\x1b[48;5;75m 1 Traffic \x1b[0m 2 Paths\n"
      "\x1b[48;5;110m│ 10.0.0.1 \x1b[7mrev\n"
      "still\x1b[27m\x1b[49m plain\x1b[31;42mX\x1b[39;49m\n");
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_EQ(lines[0].text, " 1 Traffic  2 Paths");
  EXPECT_EQ(lines[0].text_on_background(75), " 1 Traffic ");
  ASSERT_EQ(lines[0].spans.size(), 2U);
  EXPECT_TRUE(lines[0].spans[0].style.bold);
  EXPECT_EQ(lines[0].spans[0].style.fg, 231);
  EXPECT_EQ(lines[0].spans[1].style, TmuxStyle{});

  EXPECT_TRUE(lines[1].has_background(110));
  EXPECT_FALSE(lines[1].has_background(75));
  EXPECT_TRUE(lines[1].spans.back().style.reverse);
  // The state carries over the line end until reset.
  EXPECT_TRUE(lines[2].spans.front().style.reverse);
  EXPECT_EQ(lines[2].spans.front().style.bg, 110);
  EXPECT_EQ(lines[2].text_on_background(kTmuxDefaultColor), " plain");
  EXPECT_EQ(lines[2].text_on_background(2), "X");
  EXPECT_EQ(lines[2].spans.back().style.fg, 1);
}

TEST(TmuxScreen, SplitsLinesAndCountsColumnsOfUtf8) {
  EXPECT_EQ(split_screen_lines("a\n\nb\n"), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(display_columns("┌─ Flows ─┐"), 11);
  EXPECT_EQ(display_columns("● x"), 3);
  // Bright colors and a character-set escape leave no text behind.
  const auto lines = parse_tmux_capture("\x1b(B\x1b[97;104mhi\x1b[m");
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_EQ(lines[0].text, "hi");
  EXPECT_EQ(lines[0].spans[0].style.fg, 15);
  EXPECT_EQ(lines[0].spans[0].style.bg, 12);
}

}  // namespace
}  // namespace pt::test
