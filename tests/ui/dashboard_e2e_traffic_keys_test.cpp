// Every Traffic-view key of the real dashboard, over a shared capture, asserted on the captured
// screen: the cursor keys move the highlight, Space / a / c mark and clear, the / and : prompts
// filter (Enter applies, Esc cancels), f s g l change the rows, p pauses.

#include <gtest/gtest.h>

#include <algorithm>

#include "ui/dashboard_e2e_replay_fixture.hpp"

namespace pt::ui::e2e {
namespace {

// An endpoint ("192.168.2.126:45380", "224.0.0.252", "[fe80::1]:5353") on a public address.
bool is_public(const std::string& endpoint) {
  const std::string host = endpoint.rfind('[', 0) == 0 ? endpoint.substr(1) : endpoint;
  unsigned a = 0;
  unsigned b = 0;
  if (std::sscanf(host.c_str(), "%u.%u.", &a, &b) == 2 && host.find('.') != std::string::npos) {
    return !(a == 10 || a == 127 || a >= 224 || (a == 172 && b >= 16 && b < 32) || (a == 192 && b == 168) ||
             (a == 169 && b == 254) || a == 0);
  }
  return !(host.rfind("fe80", 0) == 0 || host.rfind("ff", 0) == 0 || host.rfind("fc", 0) == 0 ||
           host.rfind("fd", 0) == 0 || host.rfind("::1", 0) == 0);
}

TEST_F(DashboardReplay, CursorKeysMoveTheHighlight) {
  open("ndpi/1kxun.pcap");
  const auto first = cursor_at("Home", 0);
  ASSERT_TRUE(first) << tmux().screen();
  const auto range = title_range(first->text);
  ASSERT_TRUE(range);
  const int total = range->total;
  const int page = range->last - range->first + 1;
  ASSERT_GT(total, page) << "the capture must need more than one page";
  EXPECT_TRUE(cursor_at("Down", 1)) << tmux().screen();
  EXPECT_TRUE(cursor_at("Down", 2)) << tmux().screen();
  EXPECT_TRUE(cursor_at("Up", 1)) << tmux().screen();
  EXPECT_TRUE(cursor_at("j", 2)) << tmux().screen();
  EXPECT_TRUE(cursor_at("k", 1)) << tmux().screen();
  // The last row: the window scrolls so the cursor stays visible on the last line.
  const auto last = cursor_at("End", total - 1);
  ASSERT_TRUE(last) << tmux().screen();
  EXPECT_EQ(title_range(last->text)->last, total);
  // A page is the rows shown less one (one row of context stays).
  const int up_once = total - 1 - (page - 1);
  const int up_twice = std::max(up_once - (page - 1), 0);  // stops at the first row
  EXPECT_TRUE(cursor_at("PageUp", up_once)) << tmux().screen();
  EXPECT_TRUE(cursor_at("PageUp", up_twice)) << tmux().screen();
  EXPECT_TRUE(cursor_at("PageDown", up_twice + page - 1)) << tmux().screen();
  const auto top = cursor_at("Home", 0);
  ASSERT_TRUE(top) << tmux().screen();
  EXPECT_EQ(title_range(top->text)->first, 1);
}

TEST_F(DashboardReplay, SpaceMarksAllSelectsAndClearUnmarks) {
  open("ndpi/1kxun.pcap");
  ASSERT_TRUE(cursor_at("Home", 0));
  ASSERT_TRUE(cursor_at("Down", 1));
  const auto marked = press("Space", [](const Shot& s) {
    const auto rows = flow_rows(s.text);
    return s.text.find("1 selected") != std::string::npos && rows.size() > 2 && rows[1].marked &&
           cursor_row(s.styled) == 1 && s.styled.size() > 4;
  });
  ASSERT_TRUE(marked) << tmux().screen();
  const auto rows = flow_rows(marked->text);
  EXPECT_FALSE(rows[0].marked);
  EXPECT_FALSE(rows[2].marked);
  // Off the cursor the marked row keeps its own look; the cursor row is drawn as cursor.
  const auto moved = press("Down", [](const Shot& s) { return cursor_row(s.styled) == 2; });
  ASSERT_TRUE(moved);
  EXPECT_TRUE(flow_rows(moved->text)[1].marked);
  // Space again unmarks.
  EXPECT_TRUE(press("Up", [](const Shot& s) { return cursor_row(s.styled) == 1; }));
  EXPECT_TRUE(press("Space", [](const Shot& s) {
    const auto r = flow_rows(s.text);
    return r.size() > 1 && !r[1].marked && s.text.find("selected ·") == std::string::npos &&
           s.text.find(" selected ─") == std::string::npos;
  })) << tmux().screen();

  const int total = total_flows();
  const auto all = press("a", [&](const Shot& s) {
    const auto r = flow_rows(s.text);
    return s.text.find(std::to_string(total) + " selected") != std::string::npos && !r.empty() &&
           std::all_of(r.begin(), r.end(), [](const FlowLine& f) { return f.marked; });
  });
  EXPECT_TRUE(all) << tmux().screen();
  const auto cleared = press("c", [](const Shot& s) {
    const auto r = flow_rows(s.text);
    return s.text.find("Filters and selection cleared") != std::string::npos && !r.empty() &&
           std::none_of(r.begin(), r.end(), [](const FlowLine& f) { return f.marked; });
  });
  EXPECT_TRUE(cleared) << tmux().screen();
}

TEST_F(DashboardReplay, FilterPromptsNarrowTheRowsAndEscapeCancels) {
  open("ndpi/1kxun.pcap");
  const int total = total_flows();
  const auto involves = [](const std::string& what) {
    return [what](const FlowLine& f) {
      return f.source.find(what) != std::string::npos || f.destination.find(what) != std::string::npos;
    };
  };
  // Filters as you type; Esc puts the previous (empty) filter back.
  EXPECT_TRUE(press("/", "Filter IP or name:")) << tmux().screen();
  tmux().type("14.136");
  EXPECT_TRUE(press("", [&](const Shot& s) {
    return s.text.find("Filter IP or name: 14.136") != std::string::npos && all_rows(s, involves("14.136"));
  })) << tmux().screen();
  EXPECT_TRUE(press("Escape", [&](const Shot& s) {
    return s.text.find("Filter IP or name") == std::string::npos && title_range(s.text) &&
           title_range(s.text)->total == total;
  })) << tmux().screen();
  // Enter applies: only matching rows remain, the frame says which filter.
  tmux().send("/");
  tmux().type("14.136");
  const auto applied = press("Enter", [&](const Shot& s) {
    return s.text.find("/14.136 · sort bytes") != std::string::npos && all_rows(s, involves("14.136.136.108"));
  });
  ASSERT_TRUE(applied) << tmux().screen();
  EXPECT_LT(title_range(applied->text)->total, total);
  // The prompt opens with the filter in force; Backspace edits it. Host names match too
  // (passive names from the capture's DNS and HTTP).
  EXPECT_TRUE(press("/", "Filter IP or name: 14.136")) << tmux().screen();
  for (int i = 0; i < 6; ++i) tmux().send("BSpace");
  tmux().type("rayjump");
  EXPECT_TRUE(press("Enter", [&](const Shot& s) {
    return s.text.find("/rayjump · sort") != std::string::npos &&
           all_rows(s, [](const FlowLine& f) { return f.text.find("rayjump") != std::string::npos; });
  })) << tmux().screen();
  EXPECT_TRUE(press("c", [&](const Shot& s) { return title_range(s.text) && title_range(s.text)->total == total; }));

  // The port prompt takes digits only and applies on Enter.
  EXPECT_TRUE(press(":", "Filter port:")) << tmux().screen();
  tmux().type("x");
  EXPECT_TRUE(press("", "digits only")) << tmux().screen();
  tmux().type("1234");
  const auto port = press("Enter", [&](const Shot& s) {
    return s.text.find(":1234 · sort bytes") != std::string::npos && all_rows(s, involves(":1234"));
  });
  EXPECT_TRUE(port) << tmux().screen();
  // Out of range: an error, the old filter stays; Esc cancels.
  tmux().send(":");
  for (int i = 0; i < 4; ++i) tmux().send("BSpace");
  tmux().type("99999");
  EXPECT_TRUE(press("Enter", "port must be a number from 0 to 65535")) << tmux().screen();
  EXPECT_TRUE(press("Escape", [](const Shot& s) {
    return s.text.find("Filter port") == std::string::npos && s.text.find(":1234 · sort bytes") != std::string::npos;
  })) << tmux().screen();
  EXPECT_TRUE(press("c", [&](const Shot& s) { return title_range(s.text) && title_range(s.text)->total == total; }))
      << tmux().screen();
}

TEST_F(DashboardReplay, ProtocolFilterAndSortKeys) {
  // TCP, UDP and ICMP / ICMPv6 flows, public peers and LAN / multicast discovery.
  if (!fs::exists(capture("ndpi/gnutella.pcap"))) GTEST_SKIP() << "ndpi/gnutella.pcap not in the shared corpus";
  open("ndpi/gnutella.pcap");
  const int total = total_flows();
  const auto proto_is = [](const char* p) { return [p](const FlowLine& f) { return f.proto == p; }; };
  EXPECT_TRUE(press("f", [&](const Shot& s) {
    return s.text.find("TCP · sort bytes") != std::string::npos && all_rows(s, proto_is("TCP"));
  })) << tmux().screen();
  EXPECT_TRUE(press("f", [&](const Shot& s) {
    return s.text.find("UDP · sort bytes") != std::string::npos && all_rows(s, proto_is("UDP"));
  })) << tmux().screen();
  EXPECT_TRUE(press("f", [&](const Shot& s) {
    return s.text.find("ICMP · sort bytes") != std::string::npos &&
           all_rows(s, [](const FlowLine& f) { return f.proto == "ICMP" || f.proto == "ICMP6"; });
  })) << tmux().screen();
  const auto by_bytes = press("f", [&](const Shot& s) {
    return s.text.find("─ sort bytes") != std::string::npos && title_range(s.text) &&
           title_range(s.text)->total == total;
  });
  ASSERT_TRUE(by_bytes) << tmux().screen();

  // Sort: bytes → packets → time → bytes; each order is what the frame says.
  const auto bytes_rows = flow_rows(by_bytes->text);
  for (std::size_t i = 1; i < bytes_rows.size(); ++i) {
    EXPECT_GE(bytes_rows[i - 1].bytes * 1.06, bytes_rows[i].bytes) << bytes_rows[i].text;  // shown values are rounded
  }
  const auto by_packets = press("s", "sort packets");
  ASSERT_TRUE(by_packets);
  const auto packet_rows = flow_rows(by_packets->text);
  for (std::size_t i = 1; i < packet_rows.size(); ++i) EXPECT_GE(packet_rows[i - 1].packets, packet_rows[i].packets);
  EXPECT_NE(row_keys(packet_rows), row_keys(bytes_rows));
  const auto by_time = press("s", "sort time");
  ASSERT_TRUE(by_time);
  EXPECT_NE(row_keys(flow_rows(by_time->text)), row_keys(packet_rows));
  const auto again = press("s", "─ sort bytes");
  ASSERT_TRUE(again);
  // The same order again (ties broken the same way): where the windows overlap (the cursor keeps
  // its flow, so the window may have scrolled), every position holds the same flow.
  const auto first_range = title_range(by_bytes->text);
  const auto again_range = title_range(again->text);
  ASSERT_TRUE(first_range && again_range);
  const auto again_rows = flow_rows(again->text);
  int compared = 0;
  for (int i = std::max(first_range->first, again_range->first); i <= std::min(first_range->last, again_range->last);
       ++i) {
    const auto a = static_cast<std::size_t>(i - first_range->first);
    const auto b = static_cast<std::size_t>(i - again_range->first);
    if (a >= bytes_rows.size() || b >= again_rows.size()) break;
    EXPECT_EQ(again_rows[b].key(), bytes_rows[a].key()) << "flow " << i;
    ++compared;
  }
  EXPECT_GT(compared, 5) << again->text;
}

TEST_F(DashboardReplay, GroupLocalAndPauseKeys) {
  if (!fs::exists(capture("ndpi/gnutella.pcap"))) GTEST_SKIP() << "ndpi/gnutella.pcap not in the shared corpus";
  open("ndpi/gnutella.pcap");
  const int total = total_flows();
  // g: one row per destination, with its flow count and owner.
  const auto grouped = press("g", [](const Shot& s) {
    return s.text.find("┌─ Destinations 1-") != std::string::npos && s.text.find(" Owner ") != std::string::npos &&
           s.text.find("┌─ Flows") == std::string::npos;
  });
  ASSERT_TRUE(grouped) << tmux().screen();
  EXPECT_LT(title_range(grouped->text, "Destinations")->total, total);
  EXPECT_TRUE(press("g", [&](const Shot& s) { return title_range(s.text) && title_range(s.text)->total == total; }));

  // l hides the flows with no public end (multicast discovery, LAN).
  const auto hidden = press("l", [&](const Shot& s) {
    return s.text.find("local hidden · sort bytes") != std::string::npos && title_range(s.text) &&
           title_range(s.text)->total < total;
  });
  ASSERT_TRUE(hidden) << tmux().screen();
  EXPECT_TRUE(all_rows(*hidden, [](const FlowLine& f) { return is_public(f.source) || is_public(f.destination); }))
      << hidden->text;
  EXPECT_TRUE(press("l", [&](const Shot& s) {
    return s.text.find("local hidden") == std::string::npos && s.text.find("─ sort bytes") != std::string::npos &&
           title_range(s.text) && title_range(s.text)->total == total;
  })) << tmux().screen();

  // p pauses and resumes; the status bar says which.
  EXPECT_TRUE(press("p", [](const Shot& s) {
    return status_line(s.text).find("❚❚ PAUSED") != std::string::npos &&
           s.text.find("Capture paused (p resumes)") != std::string::npos;
  })) << tmux().screen();
  EXPECT_TRUE(press("p", [](const Shot& s) {
    return status_line(s.text).find("■ REPLAY DONE") != std::string::npos &&
           s.text.find("Capture resumed") != std::string::npos;
  })) << tmux().screen();
}

}  // namespace
}  // namespace pt::ui::e2e
