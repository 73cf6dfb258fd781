#include "app/session_report.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "app/store_outbox.hpp"
#include "report/json_report.hpp"
#include "store/store_test_support.hpp"
#include "util/log.hpp"

namespace pt::app {
namespace {

using store::testing::at_seconds;
using store::testing::ip;

std::shared_ptr<const engine::LabelTable> labels() {
  std::vector<std::string> protocols(200, "Proto");
  protocols[0] = "Unknown";
  protocols[5] = "DNS";
  protocols[91] = "TLS";
  protocols[124] = "YouTube";
  std::vector<std::string> categories{"Unspecified", "Media", "Web", "Network"};
  return std::make_shared<const engine::LabelTable>(protocols, categories);
}

engine::FlowRow flow(std::uint64_t id, const char* dst, std::uint16_t app, std::uint16_t master,
                     std::uint16_t category) {
  engine::FlowRow row;
  row.id = id;
  row.protocol = 6;
  row.src = ip("192.168.1.20");
  row.dst = ip(dst);
  row.src_port = util::Port{static_cast<std::uint16_t>(51000 + id)};
  row.dst_port = util::Port{443};
  row.packets_sent = 10 * id;
  row.packets_recv = 20 * id;
  row.bytes_sent = 1'000 * id;
  row.bytes_recv = 9'000 * id;
  row.payload_sent = 500 * id;
  row.payload_recv = 8'000 * id;
  row.first_seen = at_seconds(1'700'000'000);
  row.last_seen = at_seconds(1'700'000'000 + static_cast<double>(id));
  row.ttl_sent_min = 64;
  row.ttl_sent_max = 64;
  row.ttl_recv_min = 117;
  row.ttl_recv_max = 118;
  row.state = engine::ConnState::RSTO;
  row.history.assign("ShADadR");
  row.closed = true;
  row.classification.app_protocol = app;
  row.classification.master_protocol = master;
  row.classification.category = category;
  row.classification.method = engine::DetectionMethod::Guess;
  row.classification.traits = engine::flow_trait::kEncrypted | engine::flow_trait::kBulk;
  row.classification.service.assign("https");
  row.classification.server_name.assign("www.youtube.com");
  return row;
}

class SessionReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    util::discard_log();
    db_ = store::Database::open(store::StoreSettings{.path = dir_ / "data.db"});
    session_ = db_->writer().start_session(store::testing::live_session(), util::wall_clock_now());
  }

  store::testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  store::SessionId session_;
};

TEST_F(SessionReportTest, UnknownSessionIsNullopt) {
  ASSERT_TRUE(db_->writer().flush());
  EXPECT_FALSE(load_session_report(*db_, store::SessionId{session_.value + 1}));
}

// The rows a live run hands to the store come back as the same engine rows and the same
// report: what the live report printed is what the stored one prints.
TEST_F(SessionReportTest, FlowsPortsScansAndDevicesComeBackAsTheLiveRunSawThem) {
  engine::Snapshot live;
  live.labels = labels();
  live.decode.packets = 90;
  live.decode.bytes = 30'000;
  const std::vector<engine::FlowRow> flows{flow(1, "142.250.74.46", 124, 91, 1), flow(2, "8.8.8.8", 5, 0, 3)};
  StoreOutbox outbox(db_->writer(), session_);
  outbox.set_labels(live.labels);
  outbox.set_enrich([](store::FlowRecord& r) {
    if (r.dst == ip("8.8.8.8")) r.dst_geo = {"United States", "US", "", 15169, "GOOGLE"};
    if (r.dst == ip("8.8.8.8")) r.dst_names = {"dns.google", "dns", "dns.google"};
    r.src_geo.city = "Private network";  // a scope label, not a city
  });
  outbox.flows_ended(flows, engine::FlowEnd::Shutdown);

  engine::PortRow port;
  port.port = util::Port{443};
  port.packets = 90;
  port.bytes = 30'000;
  port.connections = 2;
  port.hits = 1;
  port.unique_destinations = 2;
  port.service.assign("https");
  live.ports = {port};
  outbox.ports_changed(live.ports);
  engine::ScanRow scan;
  scan.source = ip("10.0.0.66");
  scan.distinct_ports = 40;
  scan.distinct_hosts = 1;
  scan.kinds = engine::scan_kind::kSyn | engine::scan_kind::kUdp;
  scan.verdict = engine::ScanVerdict::LikelyScanner;
  scan.top_target = ip("10.0.0.1");
  live.scans = {scan};
  outbox.scans_changed(live.scans);
  engine::DeviceRow device;
  device.mac = {2, 0, 0, 0, 0, 9};
  device.kind = engine::DeviceKind::Router;
  device.reason.assign("ICMP time-exceeded source");
  device.addresses_behind = 12;
  live.devices = {device};
  outbox.devices_changed(live.devices);
  db_->writer().end_session({session_, at_seconds(1'700'000'100), 90, 30'000, 2, 0});
  ASSERT_TRUE(db_->writer().flush());

  const auto stored = load_session_report(*db_, session_);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->source.kind, "session");
  EXPECT_EQ(stored->source.session, session_.value);
  EXPECT_EQ(stored->source.name, "eth0");
  EXPECT_EQ(stored->source.filter, "tcp or udp");
  EXPECT_EQ(stored->snapshot.decode.packets, 90U);
  EXPECT_EQ(stored->snapshot.flow_table.created, 2U);
  ASSERT_EQ(stored->flows.size(), 2U);
  EXPECT_FALSE(stored->contents.frame_counters);
  EXPECT_FALSE(stored->contents.packet_analysis);

  report::ReportInput live_input{live, flows, stored->source, {}};
  live_input.contents = stored->contents;
  live_input.annotate = [](const util::IpAddress& a) -> std::optional<report::HostAnnotation> {
    if (a != ip("8.8.8.8")) return std::nullopt;
    return report::HostAnnotation{"dns.google", "dns.google", "US", "United States", "", 15169, "GOOGLE"};
  };
  std::ostringstream live_json;
  std::ostringstream stored_json;
  report::write_json_report(live_input, live_json);
  report::write_json_report(stored->input(), stored_json);
  auto a = nlohmann::json::parse(live_json.str());
  auto b = nlohmann::json::parse(stored_json.str());
  EXPECT_EQ(b["flows"], a["flows"]);
  EXPECT_EQ(b["ports"], a["ports"]);
  EXPECT_EQ(b["scans"], a["scans"]);
  EXPECT_EQ(b["devices"], a["devices"]);
  EXPECT_EQ(b["analysis"]["applications"], a["analysis"]["applications"]);
  EXPECT_EQ(b["analysis"]["categories"], a["analysis"]["categories"]);
  // By bytes: flow 2 (DNS) first.
  EXPECT_EQ(b["flows"][0]["app"], "DNS");
  EXPECT_EQ(b["flows"][0]["dst_fqdn"], "dns.google");
  EXPECT_EQ(b["flows"][1]["app"], "TLS.YouTube");
  EXPECT_FALSE(b["flows"][1].contains("src_geo")) << "a scope label is not a city";
}

TEST(SessionReportConversions, UnknownWordsFallBack) {
  store::FlowRecord r;
  r.state = "XX";
  r.detection = "telepathy";
  SessionLabels labels;
  const auto f = to_flow_row(r, labels);
  EXPECT_EQ(f.state, engine::ConnState::None);
  EXPECT_EQ(f.classification.method, engine::DetectionMethod::Unknown);
  EXPECT_EQ(f.ttl_sent_min, 255) << "no TTL seen stays 'none seen'";
  store::PortRecord p;
  p.port = util::Port{50000};
  p.range = "";
  EXPECT_EQ(to_port_row(p).range, engine::PortRange::Dynamic);
  store::ScanRecord s;
  s.kinds = "syn,connect,bogus,ack";
  EXPECT_EQ(to_scan_row(s).kinds, engine::scan_kind::kSyn | engine::scan_kind::kConnect | engine::scan_kind::kAck);
  EXPECT_EQ(labels.protocol("Unknown"), 0);
  EXPECT_EQ(labels.protocol("TLS.YouTube"), labels.protocol("TLS.YouTube"));
  EXPECT_NE(labels.protocol("DNS"), labels.protocol("TLS.YouTube"));
}

}  // namespace
}  // namespace pt::app
