#include <gtest/gtest.h>

#include <array>

#include "ui/widgets/bar.hpp"
#include "ui/widgets/panel.hpp"
#include "ui/widgets/sparkline.hpp"
#include "ui/widgets/table.hpp"

namespace pt::ui::widgets {
namespace {

constexpr std::array kColumns{
    Column{"A", 10, 1, 0, 9},
    Column{"B", 10, 0, 0, 1},
    Column{"C", 10, 1, 0, 5},
};

TEST(Table, ColumnsGrowIntoSpareWidth) {
  const auto w = layout_columns(kColumns, 42);  // 30 + 2 separators + 10 spare
  EXPECT_EQ(w[1], 10);                          // fixed
  EXPECT_EQ(w[0] + w[2], 30);
  EXPECT_GT(w[0], 10);
}

TEST(Table, LeastImportantColumnsAreDroppedFirst) {
  auto w = layout_columns(kColumns, 25);
  EXPECT_EQ(w[1], 0);  // priority 1 goes first
  EXPECT_GT(w[0], 0);
  EXPECT_GT(w[2], 0);
  w = layout_columns(kColumns, 12);
  EXPECT_GT(w[0], 0);  // priority 9 stays
  EXPECT_EQ(w[2], 0);
}

TEST(Table, RowsShowMarksAndCursorStyles) {
  Canvas c(40, 3);
  const auto widths = layout_columns(kColumns, 38);
  draw_header(c, {1, 0, 38, 1}, kColumns, widths);
  const std::array<TableCell, 3> cells{{{"one"}, {"two"}, {"three"}}};
  draw_row(c, {1, 1, 38, 1}, kColumns, widths, cells, RowMark::CursorMarked);
  EXPECT_NE(c.row_text(0).find('A'), std::string::npos);
  EXPECT_EQ(c.at(1, 0).style, Style::Header);
  EXPECT_EQ(c.row_text(1).substr(0, 6), "●one");
  EXPECT_EQ(c.at(2, 1).style, Style::CursorMarked);
}

TEST(Table, ScrollKeepsTheCursorVisibleMovingLittle) {
  EXPECT_EQ(scroll_offset(0, 5, 100, 10), 0);
  EXPECT_EQ(scroll_offset(0, 15, 100, 10), 6);
  EXPECT_EQ(scroll_offset(20, 15, 100, 10), 15);
  EXPECT_EQ(scroll_offset(95, 99, 100, 10), 90);
  EXPECT_EQ(scroll_offset(50, 3, 5, 10), 0);
}

TEST(Panel, FramesWithTitleAndReturnsInner) {
  Canvas c(20, 4);
  const Rect inner = panel(c, {0, 0, 20, 4}, "Ports", "3");
  EXPECT_EQ(inner, (Rect{2, 1, 16, 2}));
  EXPECT_EQ(c.row_text(0), "┌─ Ports ────── 3 ─┐");
  EXPECT_EQ(c.row_text(3), "└──────────────────┘");
  EXPECT_TRUE(panel(c, {0, 0, 1, 1}, "x").empty());
}

TEST(Bar, FillsProportionallyWithEighths) {
  Canvas c(10, 1);
  bar(c, 0, 0, 10, 0.55);
  EXPECT_EQ(c.row_text(0), "█████▌");
  c.clear();
  bar(c, 0, 0, 10, 0.001);  // tiny but not zero stays visible
  EXPECT_EQ(c.row_text(0), "▏");
  c.clear();
  bar(c, 0, 0, 10, 0);
  EXPECT_EQ(c.row_text(0), "");
}

TEST(Sparkline, ScalesToMaxAndKeepsNewestOnTheRight) {
  Canvas c(4, 1);
  const std::array<double, 6> values{9, 9, 0, 1, 4, 8};
  sparkline(c, 0, 0, 4, values);
  EXPECT_EQ(c.row_text(0), " ▁▄█");
  Canvas g(2, 2);
  const std::array<double, 2> two{1, 2};
  graph(g, {0, 0, 2, 2}, two);
  EXPECT_EQ(g.to_text(), " █\n██\n");
}

}  // namespace
}  // namespace pt::ui::widgets
