// History end to end through the real binary: `-r FILE --db PATH --report json` records the
// replay as a session, `sessions --report json` lists it with its totals and end time, and
// `--session ID --report json` prints the same flows, ports and scans as the live report did.
// A second replay into the same database answers its PTR lookups from dns_cache: the DNS
// server (a responder on 127.0.0.1 this test runs) is not asked again. Also: a missing database
// and an unknown session are one clear line and exit status 1; a session last written more than
// 30 days ago is pruned when the next one starts.

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "store/database.hpp"
#include "support/paths.hpp"
#include "support/process_packettracer.hpp"
#include "support/process_report.hpp"
#include "support/resolve_dns_responder.hpp"
#include "util/log.hpp"

namespace pt::test {
namespace {

using nlohmann::json;

// Counters per flow key: what must agree between the live and the stored report.
using FlowCounts = std::map<std::string, std::tuple<std::uint64_t, std::uint64_t, std::uint64_t, std::uint64_t>>;

FlowCounts flow_counts(const json& report) {
  FlowCounts out;
  for (const auto& f : report.at("flows")) {
    out[f.at("flow_key").get<std::string>()] = {f.at("packets_sent"), f.at("packets_recv"), f.at("bytes_sent"),
                                                f.at("bytes_recv")};
  }
  return out;
}

std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> port_counts(const json& report) {
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> out;
  for (const auto& p : report.at("ports")) {
    out[p.at("proto").get<std::string>() + "/" + std::to_string(p.at("port").get<int>())] = {p.at("packets"),
                                                                                             p.at("bytes")};
  }
  return out;
}

std::map<std::string, std::uint64_t> scan_ports(const json& report) {
  std::map<std::string, std::uint64_t> out;
  for (const auto& s : report.at("scans")) out[s.at("source").get<std::string>()] = s.at("ports");
  return out;
}

class StoreSessions : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto why = packettracer_unavailable_reason(); !why.empty()) GTEST_SKIP() << why;
    if (!std::filesystem::is_directory(shared_dir_path() / "pcaps")) {
      GTEST_SKIP() << "the shared corpus is not at " << shared_dir_path() << " (set PT_SHARED_DIR)";
    }
  }
  std::filesystem::path capture(const char* relative) const {
    const auto path = shared_dir_path() / "pcaps" / relative;
    if (!std::filesystem::exists(path)) ADD_FAILURE() << "missing capture " << path;
    return path;
  }
  std::vector<std::string> with_db(std::vector<std::string> args) const {
    args.insert(args.end(), {"--db", db_.string(), "--log-file", (dir_ / "packettracer.log").string()});
    return args;
  }
  // `-r FILE --report json --db`: the live report, parsed.
  json replay(const std::filesystem::path& file, const std::vector<std::string>& more = {}) {
    auto args = with_db({"-r", file.string(), "--report", "json"});
    args.insert(args.end(), more.begin(), more.end());
    const auto r = run_packettracer(args);
    EXPECT_TRUE(r.exited(0)) << r.status() << "\n" << r.err;
    auto j = parse_report(r.out);
    EXPECT_TRUE(j) << r.out.substr(0, 400);
    return j.value_or(json::object());
  }
  json sessions() {
    const auto r = run_packettracer(with_db({"sessions", "--report", "json"}));
    EXPECT_TRUE(r.exited(0)) << r.status() << "\n" << r.err;
    return json::parse(r.out, nullptr, false);
  }
  json stored(std::int64_t id) {
    const auto r = run_packettracer(with_db({"--session", std::to_string(id), "--report", "json"}));
    EXPECT_TRUE(r.exited(0)) << r.status() << "\n" << r.err;
    return parse_report(r.out).value_or(json::object());
  }

  ScratchDir dir_{"pt-store-sessions"};
  std::filesystem::path db_ = dir_ / "data.db";
};

TEST_F(StoreSessions, AReplayIsListedAndReportedLikeTheLiveReport) {
  const auto file = capture("chrissanders-packets/http_espn.pcapng");
  const auto live = replay(file, {"--no-resolve"});
  ASSERT_FALSE(live.at("flows").empty());

  const auto list = sessions();
  ASSERT_TRUE(list.contains("sessions")) << list.dump();
  ASSERT_EQ(list["sessions"].size(), 1U) << list.dump();
  const auto& s = list["sessions"][0];
  EXPECT_EQ(s["kind"], "file");
  EXPECT_EQ(s["source"], file.string());
  EXPECT_EQ(s["packets"], live["packets"]);
  EXPECT_EQ(s["bytes"], live["bytes"]);
  EXPECT_EQ(s["flows"], live["flow_table"]["created"]);
  ASSERT_TRUE(s["ended"].is_number()) << "the replay's session was closed";
  EXPECT_GE(s["ended"].get<double>(), s["started"].get<double>());

  const auto report = stored(s["id"].get<std::int64_t>());
  EXPECT_EQ(report["source"]["kind"], "session");
  EXPECT_EQ(report["source"]["session"], s["id"]);
  EXPECT_EQ(report["packets"], live["packets"]);
  EXPECT_EQ(report["bytes"], live["bytes"]);
  EXPECT_EQ(flow_counts(report), flow_counts(live));
  EXPECT_EQ(port_counts(report), port_counts(live));
  // The flows come in the same order (bytes descending) with the same classification.
  ASSERT_EQ(report["flows"].size(), live["flows"].size());
  for (std::size_t i = 0; i < live["flows"].size(); ++i) {
    const auto& a = live["flows"][i];
    const auto& b = report["flows"][i];
    EXPECT_EQ(b["flow_key"], a["flow_key"]) << i;
    EXPECT_EQ(b["app"], a["app"]) << a["flow_key"];
    EXPECT_EQ(b["category"], a["category"]) << a["flow_key"];
    EXPECT_EQ(b["state"], a["state"]) << a["flow_key"];
    EXPECT_EQ(b["history"], a["history"]) << a["flow_key"];
    EXPECT_EQ(b["server_name"], a["server_name"]) << a["flow_key"];
  }
  EXPECT_EQ(report["analysis"]["applications"], live["analysis"]["applications"]);
  // What the database does not keep is left out, not printed as zeros.
  EXPECT_FALSE(report.contains("link_types"));
  EXPECT_FALSE(report.contains("classifier"));
  EXPECT_FALSE(report["analysis"].contains("tcp_flags"));
}

TEST_F(StoreSessions, ScansAndPortsOfAStoredScanMatchTheLiveReport) {
  const auto live = replay(capture("chrissanders-packets/synscan.pcapng"), {"--no-resolve"});
  ASSERT_FALSE(live.at("scans").empty());
  const auto list = sessions();
  ASSERT_EQ(list.at("sessions").size(), 1U);
  const auto report = stored(list["sessions"][0]["id"].get<std::int64_t>());
  EXPECT_EQ(scan_ports(report), scan_ports(live));
  EXPECT_EQ(port_counts(report), port_counts(live));
  EXPECT_EQ(flow_counts(report), flow_counts(live));
}

TEST_F(StoreSessions, ASecondReplayAnswersNamesFromTheDatabase) {
  DnsResponder dns;  // NXDOMAIN for everything: a "no PTR" answer is remembered too
  const auto file = capture("chrissanders-packets/http_espn.pcapng");
  const std::vector<std::string> resolve{"--dns-server", dns.server()};
  replay(file, resolve);
  const int first = dns.queries();
  ASSERT_GT(first, 0) << "the capture's public addresses were looked up";
  replay(file, resolve);
  EXPECT_EQ(dns.queries(), first) << "the second run asked the DNS server again";
  EXPECT_EQ(sessions().at("sessions").size(), 2U);
}

TEST_F(StoreSessions, AMissingDatabaseOrSessionIsOneClearLine) {
  const auto none = run_packettracer({"sessions", "--db", (dir_ / "none.db").string()});
  EXPECT_TRUE(none.exited(1)) << none.status();
  EXPECT_NE(none.err.find("no database at " + (dir_ / "none.db").string()), std::string::npos) << none.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "none.db")) << "listing must not create a database";

  replay(capture("chrissanders-packets/http_google.pcapng"), {"--no-resolve"});
  const auto unknown = run_packettracer(with_db({"--session", "999", "--report", "json"}));
  EXPECT_TRUE(unknown.exited(1)) << unknown.status();
  EXPECT_NE(unknown.err.find("no session 999"), std::string::npos) << unknown.err;
  EXPECT_TRUE(unknown.out.empty());

  const auto text = run_packettracer(with_db({"sessions"}));
  EXPECT_TRUE(text.exited(0)) << text.status() << text.err;
  EXPECT_NE(text.out.find("http_google.pcapng"), std::string::npos) << text.out;
}

TEST_F(StoreSessions, SessionsOlderThanTheRetentionArePrunedWhenTheNextStarts) {
  util::discard_log();
  {
    auto db = store::Database::open(store::StoreSettings{.path = db_});
    store::SessionRecord old;
    old.source_kind = store::SourceKind::Interface;
    old.source = "eth0";
    const auto long_ago = util::wall_clock_now() - std::chrono::days(31);
    old.started_at = long_ago;
    (void)db->writer().start_session(old, long_ago);  // last written 31 days ago
    (void)db->writer().start_session(old, util::wall_clock_now() - std::chrono::days(29));
    ASSERT_TRUE(db->writer().flush());
  }
  ASSERT_EQ(sessions().at("sessions").size(), 2U);
  replay(capture("chrissanders-packets/http_google.pcapng"), {"--no-resolve"});
  const auto list = sessions().at("sessions");
  ASSERT_EQ(list.size(), 2U) << list.dump();
  EXPECT_EQ(list[0]["kind"], "file") << "newest first";
  EXPECT_EQ(list[1]["source"], "eth0") << "the 29-day-old session stays";
}

}  // namespace
}  // namespace pt::test
