#include "report/json_report.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "packet/decode.hpp"
#include "report/text_report.hpp"
#include "support/packet_builder.hpp"
#include "util/time.hpp"

namespace pt::report {
namespace {

// Keeps every flow's final row, as the app's collector does for a report.
class FlowCollector final : public engine::Outbox {
 public:
  void flows_changed(std::span<const engine::FlowRow>) override {}
  void flows_ended(std::span<const engine::FlowRow> rows, engine::FlowEnd) override {
    flows.insert(flows.end(), rows.begin(), rows.end());
  }
  void ports_changed(std::span<const engine::PortRow>) override {}
  void scans_changed(std::span<const engine::ScanRow>) override {}
  void devices_changed(std::span<const engine::DeviceRow>) override {}
  void names_observed(std::span<const engine::ObservedName>) override {}
  void addresses_seen(std::span<const util::IpAddress>) override {}
  std::vector<engine::FlowRow> flows;
};

class JsonReportTest : public ::testing::Test {
 protected:
  JsonReportTest() : engine_(engine::EngineConfig{}, collector_) {}

  void send(std::string_view src, std::string_view dst, const test::Bytes& l4, std::uint8_t protocol, double t) {
    frames_.push_back(test::ethernet(test::ipv4(src, dst, protocol, l4)));
    packet::Frame frame;
    frame.timestamp = util::from_unix_seconds(1'700'000'000.0 + t);
    frame.data = frames_.back();
    frame.wire_length = static_cast<std::uint32_t>(frames_.back().size());
    frame.link_type = 1;
    packet::Packet p;
    packet::decode(frame, p);
    engine_.ingest(p);
  }
  // A small run: a TCP handshake with data to a web server and a DNS exchange.
  void run() {
    send("10.0.0.1", "93.184.216.34", test::tcp(51000, 80, test::kSyn), 6, 0.0);
    send("93.184.216.34", "10.0.0.1", test::tcp(80, 51000, static_cast<std::uint8_t>(test::kSyn | test::kAck)), 6,
         0.01);
    send("10.0.0.1", "93.184.216.34",
         test::tcp(51000, 80, static_cast<std::uint8_t>(test::kAck | test::kPsh), test::http_request("example.com")), 6,
         0.02);
    send("10.0.0.1", "10.0.0.53", test::udp(40000, 53, test::dns_message(1, "example.com", 1)), 17, 0.03);
    engine_.finish();
  }
  nlohmann::json report(const ReportContents& contents = {}, const Annotator& annotate = {}) {
    const auto snapshot = engine_.snapshot();
    ReportInput input{*snapshot, collector_.flows, SourceInfo{.kind = "file", .name = "test.pcap"}, annotate};
    input.contents = contents;
    std::ostringstream out;
    write_json_report(input, out);
    return nlohmann::json::parse(out.str());
  }

  FlowCollector collector_;
  engine::Engine engine_;
  std::deque<test::Bytes> frames_;
};

TEST_F(JsonReportTest, FlowsCarryTheDocumentedFieldsSortedByBytes) {
  run();
  const auto doc = report();
  EXPECT_EQ(doc["tool"], "packettracer");
  EXPECT_EQ(doc["packets"], 4);
  ASSERT_EQ(doc["flows"].size(), 2U);
  const auto& web = doc["flows"][0];
  EXPECT_EQ(web["proto"], "tcp");
  EXPECT_EQ(web["src"], "10.0.0.1");
  EXPECT_EQ(web["sport"], 51000);
  EXPECT_EQ(web["dst"], "93.184.216.34");
  EXPECT_EQ(web["dport"], 80);
  EXPECT_EQ(web["packets_sent"], 2);
  EXPECT_EQ(web["packets_recv"], 1);
  EXPECT_EQ(web["flow_key"], "tcp 10.0.0.1:51000 > 93.184.216.34:80");
  EXPECT_GE(web["bytes_sent"].get<std::uint64_t>() + web["bytes_recv"].get<std::uint64_t>(),
            doc["flows"][1]["bytes_sent"].get<std::uint64_t>() + doc["flows"][1]["bytes_recv"].get<std::uint64_t>());
  for (const auto* key : {"first_seen", "last_seen", "state", "app", "category", "encrypted", "server_name"}) {
    EXPECT_TRUE(web.contains(key)) << key;
  }
  EXPECT_EQ(doc["flow_table"]["created"], 2);
  for (const auto* key : {"ports", "scans", "hops", "analysis", "devices", "link_types", "decode"}) {
    EXPECT_TRUE(doc.contains(key)) << key;
  }
}

TEST_F(JsonReportTest, AStoredSessionLeavesOutWhatTheDatabaseDoesNotKeep) {
  run();
  const auto doc = report(ReportContents{.frame_counters = false, .engine_counters = false, .packet_analysis = false});
  EXPECT_EQ(doc["flows"].size(), 2U);
  for (const auto* key : {"first_ts", "link_types", "decode", "hops"}) EXPECT_FALSE(doc.contains(key)) << key;
  EXPECT_FALSE(doc["flow_table"].contains("capacity"));
  EXPECT_FALSE(doc["analysis"].contains("packet_sizes"));
  EXPECT_TRUE(doc["analysis"].contains("applications"));
}

TEST_F(JsonReportTest, AnnotationsAreAskedOncePerAddressAndSanitizedOnOutput) {
  run();
  int asked = 0;
  const auto doc = report({}, [&](const util::IpAddress& a) -> std::optional<HostAnnotation> {
    ++asked;
    HostAnnotation h;
    if (a.to_string() != "93.184.216.34") return h;
    h.country = "US";
    h.fqdn = "evil\x1b]0;pwned\x07.example";
    return h;
  });
  const auto& web = doc["flows"][0];
  EXPECT_EQ(web["dst_geo"]["country"], "US");
  EXPECT_EQ(web["dst_fqdn"].get<std::string>().find('\x1b'), std::string::npos);
  EXPECT_EQ(asked, 3);  // 10.0.0.1 (the source of both flows) once, the server, the resolver
}

TEST_F(JsonReportTest, TextReportNamesTheTopFlow) {
  run();
  const auto snapshot = engine_.snapshot();
  const ReportInput input{*snapshot, collector_.flows, SourceInfo{.kind = "file", .name = "test.pcap"}, {}};
  std::ostringstream out;
  write_text_report(input, out);
  EXPECT_NE(out.str().find("93.184.216.34"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("4 packets"), std::string::npos) << out.str();
}

}  // namespace
}  // namespace pt::report
