// Each view rendered as text: ports and scans, paths, analysis, stats, status bar, empty states,
// tiny terminals and hostile names.

#include <gtest/gtest.h>

#include "ui/dashboard.hpp"
#include "ui/fake_source.hpp"
#include "ui/simple_summary.hpp"

namespace pt::ui {
namespace {

using testing::found;
using testing::ip;
using testing::make_flow;
using testing::make_snapshot;

bool has(const std::string& text, std::string_view what) { return text.find(what) != std::string::npos; }

std::string line_of(const std::string& text, std::string_view what) {
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end - start);
    if (has(line, what)) return line;
    start = end + 1;
  }
  return {};
}

class ViewsTest : public ::testing::Test {
 protected:
  testing::FakeSource source;
  Dashboard dash{source};
  Canvas canvas{150, 44};
  SteadyTime now{};

  std::string show(std::string_view keys) {
    for (char c : keys) dash.handle_key(Key::character(static_cast<char32_t>(c)), now);
    now += std::chrono::milliseconds(100);
    dash.render(canvas, now);
    return canvas.to_text();
  }
  // Row index of the first line holding text.
  int row_of(std::string_view text) {
    for (int y = 0; y < canvas.height(); ++y) {
      if (has(canvas.row_text(y), text)) return y;
    }
    return -1;
  }
  int column_of(int y, std::string_view text) {
    const std::string row = canvas.row_text(y);
    // Column in cells, counting code points (the rows here hold single-width glyphs).
    const std::size_t byte = row.find(text);
    return text_width(row.substr(0, byte));
  }

  static engine::PortRow port(std::uint16_t p, std::uint8_t proto, std::uint64_t bytes, std::uint32_t hits,
                              std::string_view service) {
    engine::PortRow r;
    r.port = util::Port{p};
    r.protocol = proto;
    r.bytes = bytes;
    r.packets = bytes / 100;
    r.connections = hits * 2;
    r.hits = hits;
    r.service.assign(service);
    r.range = p < 1024 ? engine::PortRange::WellKnown
                       : (p < 49152 ? engine::PortRange::Registered : engine::PortRange::Dynamic);
    r.packets_per_second.fill(3);
    return r;
  }

  static engine::ScanRow scan(std::string_view source, std::uint32_t ports, engine::ScanVerdict verdict) {
    engine::ScanRow s;
    s.source = ip(source);
    s.distinct_ports = ports;
    s.distinct_hosts = 1;
    s.rate = 12.5;
    s.kinds = engine::scan_kind::kSyn;
    s.verdict = verdict;
    s.top_target = ip("10.0.0.5");
    return s;
  }
};

TEST_F(ViewsTest, PortsShowHitsRangesServicesAndScanners) {
  auto s = make_snapshot({make_flow({})});
  s->ports = {port(443, 6, 900'000, 3, "https"), port(22, 6, 5000, 40, "ssh"), port(55000, 17, 100, 1, "")};
  s->scans = {scan("10.0.0.70", 6, engine::ScanVerdict::Suspicious),
              scan("10.0.0.66", 120, engine::ScanVerdict::LikelyScanner)};
  source.snap = s;
  const std::string text = show("5");
  for (auto col : {"Port", "Service", "Range", "Hits", "Rate/s", "Activity"}) EXPECT_TRUE(has(text, col)) << col;
  EXPECT_TRUE(has(line_of(text, "  443 "), "https"));
  EXPECT_TRUE(has(line_of(text, "  443 "), "well-known"));
  EXPECT_TRUE(has(line_of(text, "55000"), "dynamic"));
  EXPECT_TRUE(has(text, "Port ranges"));
  EXPECT_TRUE(has(text, "Services"));
  // Top hit ports: ssh first (40 hits).
  EXPECT_TRUE(has(line_of(text, "22/tcp"), "40 hits"));
  // Scanners: the likely one first, in the alert style; the suspicious one in the warning style.
  const int scanner = row_of("10.0.0.66");
  const int suspect = row_of("10.0.0.70");
  ASSERT_GE(scanner, 0);
  ASSERT_GT(suspect, scanner);
  EXPECT_TRUE(has(canvas.row_text(scanner), "SCANNER"));
  EXPECT_EQ(canvas.at(column_of(scanner, "10.0.0.66"), scanner).style, Style::Alert);
  EXPECT_EQ(canvas.at(column_of(suspect, "10.0.0.70"), suspect).style, Style::Warn);
  EXPECT_TRUE(has(text, "SCAN ALERT: 1 likely scanner"));
  EXPECT_TRUE(has(text, "1 likely · 1 suspicious"));
}

TEST_F(ViewsTest, PortsSortCyclesAndTheSummaryIsCalmWithoutScans) {
  auto s = make_snapshot({});
  s->ports = {port(443, 6, 900'000, 3, "https"), port(22, 6, 5000, 40, "ssh")};
  s->ports[1].connections = 500;
  source.snap = s;
  std::string text = show("5");
  EXPECT_TRUE(has(text, "No scan activity"));
  EXPECT_LT(text.find("  443 "), text.find("   22 "));
  text = show("ss");  // packets, then connections
  EXPECT_TRUE(has(text, "sort connections"));
  EXPECT_LT(text.find("   22 "), text.find("  443 "));
}

TEST_F(ViewsTest, PathsShowHopsNamesOwnersAndRouteChanges) {
  source.labels[ip("8.8.8.8")] = found("dns.google", "dns.google", "US", "United States", "", 15169, "GOOGLE");
  source.labels[ip("72.14.1.1")] = found("edge1.example.net", "example.net", "DE", "Germany", "Berlin", 3320, "DTAG");
  TraceView t;
  t.target = ip("8.8.8.8");
  t.state = TraceState::Done;
  t.reached = true;
  HopView h1{1, ip("192.168.1.1"), {std::chrono::microseconds(420)}, 3, 0};
  HopView h2{2, std::nullopt, {}, 3, 3};
  HopView h3{3, ip("72.14.1.1"), {std::chrono::microseconds(12'300)}, 3, 1};
  HopView h4{4, ip("8.8.8.8"), {std::chrono::microseconds(15'000), std::chrono::microseconds(17'000)}, 3, 0};
  t.hops = {h1, h2, h3, h4};
  source.traces.traces = {t};
  source.traces.changes = {
      RouteChangeView{ip("8.8.8.8"), util::from_unix_seconds(1000), 3, ip("72.14.9.9"), ip("72.14.1.1"), "new hop"}};
  source.traces.history = {RouteHistoryEntry{ip("8.8.8.8"), {ip("192.168.1.1"), std::nullopt}, {}, {}, 4, true}};
  auto s = make_snapshot({make_flow({.dst = "8.8.8.8"})});
  s->hops = {engine::HopRow{ip("8.8.8.8"), 64, 55, 9, 9, 9, 12, {}}};
  source.snap = s;
  const std::string text = show("2");
  for (auto col : {"Hop", "IP", "FQDN", "RTT", "Location", "Owner/ASN"}) EXPECT_TRUE(has(text, col)) << col;
  EXPECT_TRUE(has(text, "reached in 4 hops"));
  EXPECT_TRUE(has(line_of(text, "   1 192.168.1.1"), "0.42 ms"));
  EXPECT_TRUE(has(line_of(text, "   1 192.168.1.1"), "Private network"));
  EXPECT_TRUE(has(line_of(text, "   2 *"), "100%"));
  const std::string hop3 = line_of(text, "   3 72.14.1.1");
  EXPECT_TRUE(has(hop3, "edge1.example.net"));
  EXPECT_TRUE(has(hop3, "12.3 ms"));
  EXPECT_TRUE(has(hop3, "33%"));
  EXPECT_TRUE(has(hop3, "Berlin, DE"));
  EXPECT_TRUE(has(hop3, "AS3320 DTAG"));
  EXPECT_TRUE(has(line_of(text, "   4 8.8.8.8"), "16.0 ms"));
  EXPECT_TRUE(has(text, "hop 3 72.14.9.9 → 72.14.1.1"));
  EXPECT_TRUE(has(text, "current 2 hops ×4"));
  EXPECT_TRUE(has(text, "Hop summary"));
  const std::string summary = canvas.row_text(row_of("Traced") + 1);
  EXPECT_TRUE(has(summary, " 9 ")) << summary;  // hops estimated from TTL
  EXPECT_TRUE(has(summary, " 4 ")) << summary;  // hops of the trace
  EXPECT_TRUE(has(summary, "AS15169 GOOGLE")) << summary;
}

TEST_F(ViewsTest, PathsHopSummaryKeepsOnlySelectedAddresses) {
  auto s = make_snapshot({make_flow({.sport = 1, .dst = "8.8.8.8"}), make_flow({.sport = 2, .dst = "1.1.1.1"})});
  s->hops = {engine::HopRow{ip("8.8.8.8"), 64, 55, 9, 9, 9, 12, {}},
             engine::HopRow{ip("1.1.1.1"), 64, 50, 14, 14, 14, 30, {}}};
  source.snap = s;
  std::string text = show("2");
  EXPECT_TRUE(has(text, "No traces yet"));
  EXPECT_NE(line_of(text, "1.1.1.1  "), "");
  EXPECT_NE(line_of(text, "8.8.8.8  "), "");
  show("1");
  // Select the 8.8.8.8 flow (second by bytes? equal bytes: lower id first).
  text = show(" 2");
  EXPECT_TRUE(has(text, "selected flows"));
  EXPECT_NE(line_of(text, "8.8.8.8  "), "");
  EXPECT_EQ(line_of(text, "1.1.1.1  "), "");
}

TEST_F(ViewsTest, AnalysisShowsClassificationEncryptionAndPacketLevelCounts) {
  auto s = make_snapshot({
      make_flow({.sport = 1,
                 .bytes_sent = 9000,
                 .bytes_recv = 0,
                 .app = 124,
                 .master = 91,
                 .traits = engine::flow_trait::kEncrypted}),
      make_flow({.protocol = 17, .sport = 2, .dport = 53, .bytes_sent = 1000, .bytes_recv = 0, .app = 5}),
  });
  s->traffic.protocols = {{std::string_view("tcp"), 90, 9000}, {std::string_view("udp"), 10, 1000}};
  s->traffic.sizes[3] = 40;
  s->traffic.tcp_flags.syn = 7;
  s->traffic.tcp_flags.rst = 2;
  s->traffic.icmp_types = {engine::IcmpTypeCount{false, 11, 0, 5}, engine::IcmpTypeCount{true, 128, 0, 3}};
  source.snap = s;
  const std::string text = show("4");
  EXPECT_TRUE(has(line_of(text, "TLS.YouTube"), "90%"));
  EXPECT_TRUE(has(line_of(text, "DNS "), "10%"));
  EXPECT_TRUE(has(line_of(text, "Encrypted"), "90%"));
  EXPECT_TRUE(has(text, "1 of 2 flows encrypted"));
  EXPECT_TRUE(has(line_of(text, "80-159"), "40"));
  EXPECT_TRUE(has(line_of(text, "SYN "), "7"));
  EXPECT_TRUE(has(text, "time exceeded 11/0"));
  EXPECT_TRUE(has(text, "v6 echo request 128/0"));
  EXPECT_TRUE(has(line_of(text, "tcp "), "90%"));
}

TEST_F(ViewsTest, StatsShowCountriesOwnersTalkersDomainsAndCaches) {
  source.labels[ip("8.8.8.8")] = found("dns.google", "dns.google", "US", "United States", "", 15169, "GOOGLE");
  source.labels[ip("142.250.1.1")] = found("x.1e100.net", "1e100.net", "US", "United States", "", 15169, "GOOGLE");
  source.labels[ip("1.1.1.1")] =
      found("one.one.one.one", "one.one.one.one", "AU", "Australia", "", 13335, "CLOUDFLARENET");
  source.caches = {CacheStats{"geo", 1200, 10000, 90, 10}};
  source.snap = make_snapshot({
      make_flow({.sport = 1, .dst = "8.8.8.8", .bytes_sent = 3000, .bytes_recv = 0}),
      make_flow({.sport = 2, .dst = "142.250.1.1", .bytes_sent = 3000, .bytes_recv = 0}),
      make_flow({.sport = 3, .dst = "1.1.1.1", .bytes_sent = 4000, .bytes_recv = 0}),
  });
  const std::string text = show("3");
  EXPECT_TRUE(has(line_of(text, "United States"), "60%"));
  EXPECT_TRUE(has(line_of(text, "Australia"), "40%"));
  EXPECT_TRUE(has(line_of(text, "AS15169 GOOGLE"), "60%"));
  EXPECT_TRUE(has(line_of(text, "192.168.1.10"), "100%"));
  EXPECT_TRUE(has(line_of(text, "one.one.one.one "), "40%"));
  EXPECT_TRUE(has(text, "1e100.net"));
  EXPECT_TRUE(has(text, "geo 1.2k/10k · 90% hits"));
  EXPECT_TRUE(has(text, "no traffic in the last minute"));
}

TEST_F(ViewsTest, StatusBarShowsReplayProgressDropsDatabaseAndWarnings) {
  source.snap = make_snapshot({});
  source.capture = CaptureStatus{.mode = CaptureMode::Replay,
                                 .source = "capture.pcap",
                                 .replay_progress = 0.45,
                                 .kernel_drops = 12,
                                 .database = true,
                                 .db_queue = 300,
                                 .db_lag = std::chrono::milliseconds(1500),
                                 .db_dropped = 4,
                                 .resolver_queue = 7,
                                 .warnings = {"GeoLite2 database missing"}};
  canvas.resize(200, 30);
  const std::string text = show("");
  const std::string bar = line_of(text, "capture.pcap");
  EXPECT_TRUE(has(bar, "REPLAY 45%")) << bar;
  EXPECT_TRUE(has(bar, "drops 12")) << bar;
  EXPECT_TRUE(has(bar, "db 300 queued · lag 1500 ms · 4 dropped")) << bar;
  EXPECT_TRUE(has(bar, "resolver 7")) << bar;
  EXPECT_TRUE(has(bar, "GeoLite2 database missing")) << bar;
  source.capture.finished = true;
  EXPECT_TRUE(has(show(""), "REPLAY DONE"));
}

TEST_F(ViewsTest, EmptyStatesSayWhatIsMissing) {
  source.snap = nullptr;  // before the first tick
  EXPECT_TRUE(has(show(""), "No flows yet"));
  EXPECT_TRUE(has(show("2"), "No traces yet"));
  EXPECT_TRUE(has(show("3"), "no remote hosts"));
  EXPECT_TRUE(has(show("4"), "no flows"));
  EXPECT_TRUE(has(show("5"), "no TCP/UDP ports seen yet"));
  source.snap = make_snapshot({make_flow({})});
  EXPECT_TRUE(has(show("1/zzz"), "No flows match the filters"));
}

TEST_F(ViewsTest, EveryViewFitsEverySizeDownToTheMinimum) {
  std::vector<engine::FlowRow> flows;
  for (int i = 0; i < 60; ++i)
    flows.push_back(make_flow({.sport = static_cast<std::uint16_t>(i), .dst = "2001:db8::1"}));
  auto s = make_snapshot(std::move(flows));
  s->ports = {port(443, 6, 900, 3, "https")};
  s->scans = {scan("10.0.0.66", 120, engine::ScanVerdict::LikelyScanner)};
  source.snap = s;
  for (int w : {kMinWidth, 53, 80, 121, 200}) {
    for (int h : {kMinHeight, 13, 24, 50}) {
      Canvas c(w, h);
      for (char view : std::string("12345g?")) {
        dash.handle_key(Key::character(static_cast<char32_t>(view)), now);
        dash.render(c, now);
        const std::string text = c.to_text();
        EXPECT_TRUE(has(text, "PacketTracer")) << w << "x" << h << " view " << view;
        for (int y = 0; y < h; ++y) EXPECT_LE(text_width(c.row_text(y)), w);
      }
    }
  }
}

// A bottom border row holds only the border from └ to ┘ (nothing a panel drew spilled onto it).
std::string spilled_border(const std::string& row) {
  for (std::size_t at = row.find("└"); at != std::string::npos; at = row.find("└", at + 1)) {
    const std::size_t end = row.find("┘", at);
    if (end == std::string::npos) return row;
    for (std::size_t i = at + std::string_view("└").size(); i < end; i += std::string_view("─").size()) {
      if (row.compare(i, std::string_view("─").size(), "─") != 0) return row;
    }
  }
  return {};
}

TEST_F(ViewsTest, PanelsKeepTheirContentsInsideAtEverySize) {
  std::vector<engine::FlowRow> flows;
  for (int i = 0; i < 60; ++i) flows.push_back(make_flow({.sport = static_cast<std::uint16_t>(i), .dport = 443}));
  auto s = make_snapshot(std::move(flows));
  s->ports = {port(443, 6, 900, 3, "https"), port(80, 6, 500, 2, "http")};
  s->scans = {scan("10.0.0.66", 120, engine::ScanVerdict::LikelyScanner)};
  source.snap = s;
  for (int w : {kMinWidth, 53, 80, 121}) {
    for (int h : {kMinHeight, 11, 13, 24}) {
      Canvas c(w, h);
      for (char view : std::string("12345")) {
        dash.handle_key(Key::character(static_cast<char32_t>(view)), now);
        dash.render(c, now);
        for (int y = 0; y < h; ++y) {
          EXPECT_EQ(spilled_border(c.row_text(y)), "") << w << "x" << h << " view " << view << "\n" << c.to_text();
        }
        // A list title gives a range only when it shows rows ("Ports 1-0 of 2" is not one).
        EXPECT_FALSE(has(c.to_text(), " 1-0 of ")) << w << "x" << h << " view " << view << "\n" << c.to_text();
      }
    }
  }
}

TEST_F(ViewsTest, TinyTerminalGetsAMessageNotAMess) {
  Canvas tiny(30, 6);
  dash.render(tiny, now);
  EXPECT_EQ(tiny.to_text(), "Terminal too small\n30x6, need 40x10\nq quits\n\n\n\n");
}

TEST_F(ViewsTest, HostileNamesAreSanitizedEverywhere) {
  source.labels[ip("6.6.6.6")] = found("evil\x1b[2J\x1b]0;pwned\x07.example", "evil\x1b[31m.example", "X\x1b",
                                       "Ev\x9bil", "C\x1bty", 666, "AS\x1b[5mNAME");
  auto s = make_snapshot({
      make_flow({.sport = 1, .dst = "6.6.6.6", .server_name = "sni\x1b[31m\xff\xfe.example"}),
      make_flow({.sport = 2, .dst = "7.7.7.7", .server_name = "bidi\xE2\x80\xAEtxt.exe"}),
  });
  s->ports = {port(443, 6, 900, 3, "ht\x1btps")};
  source.snap = s;
  source.capture.warnings = {"warn\x1b[31m"};
  for (std::string_view keys : {"1", "g", "g2", "3", "4", "5"}) {
    const std::string text = show(keys);
    EXPECT_FALSE(has(text, "\x1b")) << keys;
    EXPECT_FALSE(has(text, "\x07")) << keys;
    EXPECT_FALSE(has(text, "\xE2\x80\xAE")) << keys;  // RIGHT-TO-LEFT OVERRIDE
  }
  const std::string traffic = show("1");
  EXPECT_TRUE(has(traffic, "evil?[2J?]0;pwned?.example")) << traffic;
  EXPECT_TRUE(has(traffic, "bidi?txt.exe")) << traffic;
  const std::string simple =
      simple_summary(*s, source.capture, [&](const util::IpAddress& a) { return source.annotate(a); });
  EXPECT_FALSE(has(simple, "\x1b"));
  EXPECT_TRUE(has(simple, "bidi?txt.exe"));
}

TEST_F(ViewsTest, HelpOverlayListsTheViewsKeysAndAnyKeyCloses) {
  source.snap = make_snapshot({make_flow({})});
  const std::string text = show("?");
  EXPECT_TRUE(has(text, "Keys · Traffic view"));
  EXPECT_TRUE(has(text, "Filter by port number"));
  EXPECT_TRUE(has(text, "Pause / resume capture"));
  EXPECT_FALSE(has(show("x"), "Keys · Traffic view"));
  EXPECT_FALSE(dash.quit_requested());
  show("q");
  EXPECT_TRUE(dash.quit_requested());
}

TEST(SimpleSummary, PlainTextWithTopFlowsPortsScannersAndWarnings) {
  auto s = make_snapshot({
      make_flow({.sport = 1, .dst = "8.8.8.8", .bytes_sent = 5000, .bytes_recv = 0, .app = 5}),
      make_flow({.sport = 2, .dst = "1.1.1.1", .bytes_sent = 100, .bytes_recv = 0, .server_name = "one.example"}),
  });
  engine::PortRow p;
  p.port = util::Port{53};
  p.protocol = 17;
  p.packets = 1234;
  p.service.assign("domain");
  s->ports = {p};
  engine::ScanRow sc;
  sc.source = ip("10.0.0.66");
  sc.distinct_ports = 40;
  sc.verdict = engine::ScanVerdict::LikelyScanner;
  s->scans = {sc};
  CaptureStatus st{.source = "eth0", .kernel_drops = 3, .warnings = {"no GeoIP database"}};
  const std::string text = simple_summary(*s, st, [](const util::IpAddress& a) {
    return a == ip("8.8.8.8") ? found("dns.google", "dns.google", "US", "", "", 0, "") : HostLabel{};
  });
  EXPECT_TRUE(has(text, "eth0 live"));
  EXPECT_TRUE(has(text, "2 flows · drops 3"));
  EXPECT_TRUE(has(text, "TCP 192.168.1.10:1 > 8.8.8.8:443  4.9 KB  30 pkts  dns.google  DNS"));
  EXPECT_TRUE(has(text, "1.1.1.1:443  100 B  30 pkts  one.example"));
  EXPECT_LT(text.find("8.8.8.8"), text.find("1.1.1.1"));
  EXPECT_TRUE(has(text, "top ports: 53/udp domain 1.2k pkts"));
  EXPECT_TRUE(has(text, "scanner: 10.0.0.66 40 ports"));
  EXPECT_TRUE(has(text, "warning: no GeoIP database"));
  EXPECT_EQ(text.back(), '\n');
}

}  // namespace
}  // namespace pt::ui
