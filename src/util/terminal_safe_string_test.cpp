#include "util/terminal_safe_string.hpp"

#include <gtest/gtest.h>

#include <clocale>

namespace pt::util {
namespace {

TEST(TerminalSafe, PlainTextPassesThrough) {
  EXPECT_EQ(terminal_safe("www.example.com"), "www.example.com");
  EXPECT_EQ(terminal_safe("münchen.de 東京"), "münchen.de 東京");
  EXPECT_EQ(terminal_safe(""), "");
}

TEST(TerminalSafe, EscapeSequencesAreDefused) {
  // ESC [ 2 J would clear the screen; OSC 52 could write the clipboard.
  EXPECT_EQ(terminal_safe("evil\x1b[2Jname"), "evil?[2Jname");
  EXPECT_EQ(terminal_safe("\x1b]52;c;aGk=\x07"), "?]52;c;aGk=?");
  EXPECT_EQ(terminal_safe(std::string_view("a\0b", 3)), "a?b");
  EXPECT_EQ(terminal_safe("del\x7f"), "del?");
}

TEST(TerminalSafe, C1ControlsAreReplaced) {
  EXPECT_EQ(terminal_safe("a\xc2\x9b"
                          "31mred"),
            "a?31mred");                             // U+009B CSI
  EXPECT_EQ(terminal_safe("\xc2\x85"), "?");         // U+0085 NEL
  EXPECT_EQ(terminal_safe("\xc2\xa0"), "\xc2\xa0");  // U+00A0 is printable
}

TEST(TerminalSafe, BidiOverridesAreReplaced) {
  EXPECT_EQ(terminal_safe("abc\xe2\x80\xae"
                          "cba"),
            "abc?cba");                                          // U+202E RLO (CVE-2021-42574)
  EXPECT_EQ(terminal_safe("\xe2\x81\xa6x\xe2\x81\xa9"), "?x?");  // U+2066 LRI, U+2069 PDI
  EXPECT_EQ(terminal_safe("\xe2\x80\x8f"), "?");                 // U+200F RLM
}

TEST(TerminalSafe, InvalidUtf8BecomesReplacementCharacters) {
  const std::string replacement = "\xef\xbf\xbd";
  EXPECT_EQ(terminal_safe("a\xff"
                          "b"),
            "a" + replacement + "b");
  EXPECT_EQ(terminal_safe("\xc0\xaf"), replacement + replacement);                                      // overlong '/'
  EXPECT_EQ(terminal_safe("\xed\xa0\x80"), replacement + replacement + replacement);                    // surrogate
  EXPECT_EQ(terminal_safe("\xf4\x90\x80\x80"), replacement + replacement + replacement + replacement);  // > U+10FFFF
  EXPECT_EQ(terminal_safe("ok\xe2\x82"), "ok" + replacement + replacement);                             // cut sequence
}

TEST(TerminalSafe, NewlinesAndTabs) {
  EXPECT_EQ(terminal_safe("a\tb"), "a b");
  EXPECT_EQ(terminal_safe("line1\r\nline2"), "line1??line2");
  SanitizeOptions whois;
  whois.keep_newlines = true;
  EXPECT_EQ(terminal_safe("line1\r\nline2\n", whois), "line1\nline2\n");
}

TEST(TerminalSafe, CutAtCodePointsNeverInsideOne) {
  SanitizeOptions options;
  options.max_code_points = 3;
  EXPECT_EQ(terminal_safe("abcdef", options), "abc");
  EXPECT_EQ(terminal_safe("日本語テキスト", options), "日本語");
  EXPECT_EQ(terminal_safe("a\x1b"
                          "bc",
                          options),
            "a?b");
  options.max_code_points = 0;
  EXPECT_EQ(terminal_safe("abc", options), "");
  EXPECT_EQ(terminal_safe(std::string(1000, 'x')).size(), 255U);  // the default bound
}

TEST(TerminalSafe, DisplayWidth) {
  std::setlocale(LC_CTYPE, "C.UTF-8");
  EXPECT_EQ(display_width("abc"), 3U);
  EXPECT_EQ(display_width("日本"), 4U);
  EXPECT_EQ(display_width("\xff"), 1U);
}

}  // namespace
}  // namespace pt::util
