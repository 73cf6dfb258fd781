#include "app/store_outbox.hpp"

#include <gtest/gtest.h>

#include "store/database.hpp"
#include "store/repositories/device_repository.hpp"
#include "store/repositories/flow_repository.hpp"
#include "store/repositories/port_repository.hpp"
#include "store/store_test_support.hpp"
#include "util/log.hpp"

namespace pt::app {
namespace {

using store::testing::at_seconds;
using store::testing::ip;

std::shared_ptr<const engine::LabelTable> labels() {
  std::vector<std::string> protocols(200, "Proto");
  protocols[0] = "Unknown";
  protocols[91] = "TLS";
  protocols[124] = "YouTube";
  std::vector<std::string> categories{"Unspecified", "Media", "Web"};
  return std::make_shared<const engine::LabelTable>(protocols, categories);
}

engine::FlowRow tls_flow(std::uint64_t id) {
  engine::FlowRow row;
  row.id = id;
  row.protocol = 6;
  row.src = ip("192.168.1.20");
  row.dst = ip("142.250.74.46");
  row.src_port = util::Port{51000};
  row.dst_port = util::Port{443};
  row.src_mac = {2, 0, 0, 0, 0, 1};
  row.packets_sent = 12;
  row.packets_recv = 30;
  row.bytes_sent = 2'000;
  row.bytes_recv = 40'000;
  row.payload_sent = 1'200;
  row.payload_recv = 38'000;
  row.first_seen = at_seconds(1'700'000'000);
  row.last_seen = at_seconds(1'700'000'005);
  row.ttl_sent_min = 64;
  row.ttl_sent_max = 64;
  row.ttl_recv_min = 117;
  row.ttl_recv_max = 118;
  row.state = engine::ConnState::SF;
  row.history.assign("ShADadFf");
  row.closed = true;
  row.classification.app_protocol = 124;
  row.classification.master_protocol = 91;
  row.classification.category = 1;
  row.classification.method = engine::DetectionMethod::Dpi;
  row.classification.traits = engine::flow_trait::kEncrypted | engine::flow_trait::kStreaming;
  row.classification.service.assign("https");
  row.classification.server_name.assign("www.youtube.com");
  return row;
}

class StoreOutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    util::discard_log();
    db_ = store::Database::open(store::StoreSettings{.path = dir_ / "data.db"});
    session_ = db_->writer().start_session(store::testing::live_session(), util::wall_clock_now());
    outbox_ = std::make_unique<StoreOutbox>(db_->writer(), session_);
    outbox_->set_labels(labels());
  }
  std::optional<store::FlowRecord> stored(std::uint64_t id) {
    EXPECT_TRUE(db_->writer().flush());
    auto lease = db_->reads().acquire();
    return store::repositories::FlowRepository(*lease).get(session_, id);
  }

  store::testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  store::SessionId session_;
  std::unique_ptr<StoreOutbox> outbox_;
};

TEST_F(StoreOutboxTest, PersistsAChangedFlowAsTheLiveReportNamesIt) {
  const engine::FlowRow row = tls_flow(7);
  outbox_->set_enrich([](store::FlowRecord& f) {
    f.dst_geo = store::GeoInfo{"United States", "US", "", 15169, "GOOGLE"};
    f.dst_names = store::HostNames{"fra24s06-in-f14.1e100.net", "fra24s06-in-f14", "1e100.net"};
  });
  outbox_->flows_changed(std::span(&row, 1));
  const auto f = stored(7);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->flow_key, row.flow_key());
  EXPECT_EQ(f->src, row.src);
  EXPECT_EQ(f->dst_port.value, 443);
  EXPECT_EQ(f->src_mac, row.src_mac);
  EXPECT_EQ(f->bytes_recv, 40'000U);
  EXPECT_EQ(f->payload_sent, 1'200U);
  EXPECT_EQ(f->state, "SF");
  EXPECT_EQ(f->history, "ShADadFf");
  EXPECT_TRUE(f->closed);
  EXPECT_TRUE(f->end_reason.empty());
  EXPECT_EQ(f->ttl_recv_min, 117);
  EXPECT_EQ(f->ttl_recv_max, 118);
  EXPECT_EQ(f->app, "TLS.YouTube");
  EXPECT_EQ(f->category, "Media");
  EXPECT_EQ(f->detection, "dpi");
  EXPECT_TRUE(f->encrypted);
  EXPECT_EQ(f->server_name, "www.youtube.com");
  EXPECT_EQ(f->service, "https");
  EXPECT_EQ(f->dst_geo.asn, 15169U);
  EXPECT_EQ(f->dst_names.domain, "1e100.net");

  auto lease = db_->reads().acquire();
  const auto classifications = store::repositories::FlowRepository(*lease).classifications(session_);
  ASSERT_EQ(classifications.size(), 1U);
  EXPECT_EQ(classifications[0].app, "TLS.YouTube");
  EXPECT_EQ(classifications[0].master, "TLS");
  EXPECT_EQ(classifications[0].patterns, "encrypted,streaming");
  EXPECT_EQ(classifications[0].app_protocol_id, 124);
}

TEST_F(StoreOutboxTest, AClassificationIsSubmittedOnlyWhenItChanges) {
  engine::FlowRow row = tls_flow(1);
  row.classification = engine::Classification{};
  outbox_->flows_changed(std::span(&row, 1));
  row.packets_sent += 5;
  row.last_seen += std::chrono::seconds(2);
  outbox_->flows_changed(std::span(&row, 1));
  EXPECT_EQ(outbox_->counters().flows, 2U);
  EXPECT_EQ(outbox_->counters().classifications, 1U);
  row.classification = tls_flow(1).classification;
  outbox_->flows_changed(std::span(&row, 1));  // within the interval, but newly classified
  EXPECT_EQ(outbox_->counters().flows, 3U);
  EXPECT_EQ(outbox_->counters().classifications, 2U);
  outbox_->flows_ended(std::span(&row, 1), engine::FlowEnd::Expired);
  EXPECT_EQ(outbox_->counters().classifications, 2U);
  const auto f = stored(1);
  EXPECT_EQ(f->end_reason, "expired");
  EXPECT_EQ(f->packets_sent, 17U);
  EXPECT_EQ(f->app, "TLS.YouTube");
}

TEST_F(StoreOutboxTest, AnActiveFlowIsWrittenAtMostOncePerIntervalButAlwaysAtItsEnd) {
  engine::FlowRow row = tls_flow(2);
  outbox_->flows_changed(std::span(&row, 1));
  for (int tick = 1; tick <= 9; ++tick) {  // nine 100 ms ticks of packet time
    row.packets_recv += 1;
    row.last_seen += std::chrono::milliseconds(100);
    outbox_->flows_changed(std::span(&row, 1));
  }
  EXPECT_EQ(outbox_->counters().flows, 1U);
  EXPECT_EQ(outbox_->counters().deferred, 9U);
  row.last_seen += std::chrono::milliseconds(100);  // one second after the first write
  outbox_->flows_changed(std::span(&row, 1));
  EXPECT_EQ(outbox_->counters().flows, 2U);
  EXPECT_EQ(stored(2)->packets_recv, 39U);
  row.packets_recv += 7;
  row.last_seen += std::chrono::milliseconds(100);
  outbox_->flows_ended(std::span(&row, 1), engine::FlowEnd::Closed);
  EXPECT_EQ(outbox_->counters().flows, 3U);
  const auto f = stored(2);
  EXPECT_EQ(f->packets_recv, 46U);
  EXPECT_EQ(f->end_reason, "closed");
}

TEST_F(StoreOutboxTest, WithoutLabelsIdsStandInForNames) {
  StoreOutbox plain(db_->writer(), session_);
  const engine::FlowRow row = tls_flow(3);
  plain.flows_changed(std::span(&row, 1));
  const auto f = stored(3);
  EXPECT_EQ(f->app, "124");
  EXPECT_EQ(f->category, "1");
}

TEST_F(StoreOutboxTest, NetworkTextIsSanitizedBeforeItIsStored) {
  engine::FlowRow row = tls_flow(4);
  row.classification.server_name.assign("evil\x1b]0;pwned\x07.example");
  outbox_->flows_changed(std::span(&row, 1));
  const auto f = stored(4);
  EXPECT_EQ(f->server_name.find('\x1b'), std::string::npos) << f->server_name;
  EXPECT_EQ(f->server_name.find('\x07'), std::string::npos) << f->server_name;
  EXPECT_NE(f->server_name.find("example"), std::string::npos) << f->server_name;
}

TEST_F(StoreOutboxTest, PortsScansAndDevices) {
  engine::PortRow port;
  port.port = util::Port{8080};
  port.protocol = 6;
  port.packets = 120;
  port.bytes = 90'000;
  port.connections = 4;
  port.hits = 3;
  port.service.assign("http-alt");
  port.range = engine::PortRange::Registered;
  port.first_seen = at_seconds(100);
  port.last_seen = at_seconds(109);
  port.packets_per_second.back() = 50;
  port.packets_per_second[engine::kSeriesSeconds - 2] = 70;
  outbox_->ports_changed(std::span(&port, 1));

  engine::ScanRow scan;
  scan.source = ip("10.0.0.66");
  scan.distinct_ports = 40;
  scan.distinct_hosts = 1;
  scan.rate = 12.5;
  scan.probes = 44;
  scan.kinds = engine::scan_kind::kSyn | engine::scan_kind::kUdp;
  scan.verdict = engine::ScanVerdict::LikelyScanner;
  scan.top_target = ip("10.0.0.1");
  outbox_->scans_changed(std::span(&scan, 1));

  engine::DeviceRow device;
  device.mac = {0, 0x11, 0x22, 0x33, 0x44, 0x55};
  device.kind = engine::DeviceKind::Router;
  device.reason.assign("ICMP time-exceeded source");
  device.addresses_behind = 9;
  device.packets = 1000;
  outbox_->devices_changed(std::span(&device, 1));

  ASSERT_TRUE(db_->writer().flush());
  auto lease = db_->reads().acquire();
  const auto ports = store::repositories::PortRepository(*lease).list(session_);
  ASSERT_EQ(ports.size(), 1U);
  EXPECT_EQ(ports[0].service, "http-alt");
  EXPECT_EQ(ports[0].range, "registered");
  EXPECT_DOUBLE_EQ(ports[0].rate, port.rate());
  EXPECT_GT(ports[0].rate, 0);
  const auto scans = store::repositories::PortRepository(*lease).scans(session_);
  ASSERT_EQ(scans.size(), 1U);
  EXPECT_EQ(scans[0].verdict, "likely_scanner");
  EXPECT_EQ(scans[0].kinds, "syn,udp");
  EXPECT_EQ(scans[0].top_target, ip("10.0.0.1"));
  const auto devices = store::repositories::DeviceRepository(*lease).list();
  ASSERT_EQ(devices.size(), 1U);
  EXPECT_EQ(devices[0].kind, "router");
  EXPECT_EQ(devices[0].reason, "ICMP time-exceeded source");
  EXPECT_EQ(devices[0].session, session_);
  EXPECT_EQ(outbox_->counters().ports, 1U);
  EXPECT_EQ(outbox_->counters().scans, 1U);
  EXPECT_EQ(outbox_->counters().devices, 1U);
}

TEST_F(StoreOutboxTest, AStoppedWriterRefusesWithoutBlockingTheCaptureThread) {
  db_->writer().stop();
  std::vector<engine::FlowRow> rows;
  for (std::uint64_t id = 0; id < 1000; ++id) rows.push_back(tls_flow(id));
  outbox_->flows_changed(rows);
  EXPECT_EQ(outbox_->counters().flows, 0U);
  EXPECT_EQ(outbox_->counters().refused, 2000U);  // 1000 flows and their first classification
  EXPECT_GE(db_->writer().stats().dropped, 2000U);
}

}  // namespace
}  // namespace pt::app
