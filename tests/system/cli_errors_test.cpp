// The binary's failure paths (issue 2 "Capture sources", DESIGN exit codes: 0 success, 1 runtime
// failure, 2 usage error): a missing file, a file that is no capture, a capture cut short in the
// middle of a record (what was read is reported, then one line says where reading stopped), an
// interface that does not exist, a filter that does not compile (the message quotes it), no
// capture privileges (the message says how to grant them), and usage errors. Every message is
// one line on stderr starting "packettracer: "; nothing but a report ever reaches stdout. Also: a
// database path that cannot be created is one warning and the report comes from memory, and
// --list works.

#include <grp.h>
#include <gtest/gtest.h>
#include <pwd.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/netns_pair.hpp"
#include "support/packet_builder.hpp"
#include "support/paths.hpp"
#include "support/process_packettracer.hpp"
#include "support/process_report.hpp"
#include "support/process_runner.hpp"

namespace pt::test {
namespace {

using namespace std::chrono_literals;

const std::string kHelpHint = "Run 'packettracer --help' for the options.";

// One message line naming `needle`; usage errors may add the help hint as a second line.
void expect_one_line_error(const ProcessResult& r, int exit_code, const std::string& needle, bool usage = false) {
  EXPECT_TRUE(r.exited(exit_code)) << r.status() << "\nstderr: " << r.err;
  const auto lines = lines_of(r.err);
  ASSERT_FALSE(lines.empty()) << "no message on stderr";
  EXPECT_EQ(lines.size(), usage ? 2U : 1U) << "stderr:\n" << r.err;
  if (usage && lines.size() == 2) {
    EXPECT_EQ(lines[1], kHelpHint);
  }
  EXPECT_EQ(lines[0].rfind("packettracer: ", 0), 0U) << lines[0];
  EXPECT_NE(lines[0].find(needle), std::string::npos) << "the message should name '" << needle << "': " << lines[0];
  EXPECT_EQ(r.err.find("backtrace"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("terminate"), std::string::npos) << r.err;
}

std::vector<std::string> file_report(const std::filesystem::path& file) {
  return {"-r", file.string(), "--report", "json", "--no-db", "--no-resolve"};
}

std::string skip_reason() { return packettracer_unavailable_reason(); }

// Ten UDP frames, one after the other.
std::vector<Bytes> frames(int count) {
  std::vector<Bytes> out;
  for (int i = 0; i < count; ++i) {
    out.push_back(
        ethernet(ipv4("10.0.0.1", "10.0.0.2", 17,
                      udp(static_cast<std::uint16_t>(40000 + i), 53, Bytes(40, static_cast<std::uint8_t>(i))))));
  }
  return out;
}

void put32(Bytes& b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

// A little-endian pcapng file (section header, one Ethernet interface, one enhanced packet block
// per frame; draft-ietf-opsawg-pcapng §4.1, §4.2, §4.3).
void write_pcapng(const std::filesystem::path& path, const std::vector<Bytes>& packets) {
  Bytes b;
  put32(b, 0x0A0D0D0A);
  put32(b, 28);
  put32(b, 0x1A2B3C4D);
  put32(b, 1);  // version 1.0
  put32(b, 0xFFFFFFFF);
  put32(b, 0xFFFFFFFF);  // section length unknown
  put32(b, 28);
  put32(b, 1);
  put32(b, 20);
  put32(b, 1);  // link type Ethernet, reserved 0
  put32(b, 65535);
  put32(b, 20);
  std::uint32_t t = 1'700'000'000;
  for (const auto& p : packets) {
    const auto padded = static_cast<std::uint32_t>((p.size() + 3) / 4 * 4);
    const std::uint32_t total = 32 + padded;
    put32(b, 6);
    put32(b, total);
    put32(b, 0);
    const std::uint64_t micros = std::uint64_t{t++} * 1'000'000;
    put32(b, static_cast<std::uint32_t>(micros >> 32U));
    put32(b, static_cast<std::uint32_t>(micros));
    put32(b, static_cast<std::uint32_t>(p.size()));
    put32(b, static_cast<std::uint32_t>(p.size()));
    b.insert(b.end(), p.begin(), p.end());
    b.resize(b.size() + (padded - p.size()), 0);
    put32(b, total);
  }
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

TEST(CliErrors, MissingFileIsOneLineAndExitOne) {
  if (auto why = skip_reason(); !why.empty()) GTEST_SKIP() << why;
  ScratchDir dir("pt-cli");
  const auto missing = dir / "no-such-capture.pcap";
  const auto r = run_packettracer(file_report(missing));
  expect_one_line_error(r, 1, missing.string());
  EXPECT_EQ(r.out, "");
}

TEST(CliErrors, AFileThatIsNoCaptureIsOneLineAndExitOne) {
  if (auto why = skip_reason(); !why.empty()) GTEST_SKIP() << why;
  ScratchDir dir("pt-cli");
  const auto text = dir / "notes.txt";
  std::ofstream(text) << "this is a text file, not a packet capture\n";
  const auto r = run_packettracer(file_report(text));
  expect_one_line_error(r, 1, text.string());
  EXPECT_EQ(r.out, "");
}

// A capture cut inside its eleventh record: the ten complete records are reported, then one line
// names the file and where it stopped, and the exit status is 1.
void expect_truncated_report(const std::filesystem::path& file, std::size_t complete) {
  const auto r = run_packettracer(file_report(file));
  expect_one_line_error(r, 1, file.string());
  EXPECT_NE(r.err.find("after " + std::to_string(complete) + " packets"), std::string::npos) << r.err;
  const auto report = parse_report(r.out);
  ASSERT_TRUE(report) << "the packets read before the cut are reported:\n" << r.out.substr(0, 2000);
  EXPECT_EQ(count_of(*report, "packets"), complete);
  EXPECT_EQ(count_of((*report)["protocols"], "udp"), complete);
  EXPECT_TRUE((*report)["source"].contains("error")) << (*report)["source"].dump();
}

TEST(CliErrors, PcapCutMidRecordReportsWhatWasReadThenFails) {
  if (auto why = skip_reason(); !why.empty()) GTEST_SKIP() << why;
  ScratchDir dir("pt-cli");
  const auto packets = frames(11);
  std::vector<PcapRecord> records;
  for (std::size_t i = 0; i < packets.size(); ++i) {
    records.push_back({static_cast<std::int64_t>(1'700'000'000 + i) * 1'000'000'000, packets[i]});
  }
  const auto in_data = dir / "cut-in-data.pcap";
  write_pcap(in_data, 1, records);
  std::filesystem::resize_file(in_data, std::filesystem::file_size(in_data) - packets.back().size() / 2);
  expect_truncated_report(in_data, 10);
  // Cut inside the eleventh record's 16-byte header.
  const auto in_header = dir / "cut-in-header.pcap";
  write_pcap(in_header, 1, records);
  std::filesystem::resize_file(in_header, std::filesystem::file_size(in_header) - packets.back().size() - 9);
  expect_truncated_report(in_header, 10);
}

TEST(CliErrors, PcapngCutMidBlockReportsWhatWasReadThenFails) {
  if (auto why = skip_reason(); !why.empty()) GTEST_SKIP() << why;
  ScratchDir dir("pt-cli");
  const auto packets = frames(11);
  const auto file = dir / "cut.pcapng";
  write_pcapng(file, packets);
  std::filesystem::resize_file(file, std::filesystem::file_size(file) - packets.back().size() / 2 - 4);
  expect_truncated_report(file, 10);
}

TEST(CliErrors, UsageErrorsExitTwoWithTheReason) {
  if (auto why = skip_reason(); !why.empty()) GTEST_SKIP() << why;
  struct Case {
    std::vector<std::string> args;
    std::string named;
  };
  const Case cases[] = {
      {{"--no-such-option"}, "--no-such-option"},
      {{"--simple", "--report", "json"}, "--simple"},
      {{"-r", "capture.pcap", "-i", "eth0", "--report", "json"}, "-i"},
      {{"--report", "xml"}, "xml"},
      {{"-r", "capture.pcap", "--duration", "5", "--report", "json"}, "--duration"},
  };
  for (const auto& c : cases) {
    std::string args;
    for (const auto& a : c.args) args += " " + a;
    SCOPED_TRACE("packettracer" + args);
    const auto r = run_packettracer(c.args);
    expect_one_line_error(r, 2, c.named, /*usage=*/true);
    EXPECT_EQ(r.out, "");
  }
}

// A --db path that cannot be created (under a regular file: root ignores permission bits) is a
// warning; the run keeps everything in memory and still reports every packet. README "Exit
// status": an unusable database makes the exit status 1 once the report is out.
TEST(CliErrors, UnwritableDatabaseWarnsAndReportsFromMemory) {
  if (auto why = skip_reason(); !why.empty()) GTEST_SKIP() << why;
  ScratchDir dir("pt-cli");
  const auto capture = dir / "ten.pcap";
  std::vector<PcapRecord> records;
  for (const auto& p : frames(10)) records.push_back({std::int64_t{1'700'000'000} * 1'000'000'000, p});
  write_pcap(capture, 1, records);
  std::ofstream(dir / "plain-file") << "not a directory\n";
  const auto db = dir / "plain-file" / "state" / "data.db";
  const auto r = run_packettracer({"-r", capture.string(), "--report", "json", "--no-resolve", "--db", db.string()});
  EXPECT_TRUE(r.exited(1)) << r.status() << "\nstderr: " << r.err;
  const auto lines = lines_of(r.err);
  ASSERT_EQ(lines.size(), 1U) << "stderr:\n" << r.err;
  EXPECT_EQ(lines[0].rfind("packettracer: warning: database unavailable, keeping everything in memory: ", 0), 0U)
      << lines[0];
  EXPECT_NE(lines[0].find((dir / "plain-file").string()), std::string::npos) << "names the path: " << lines[0];
  const auto report = parse_report(r.out);
  ASSERT_TRUE(report) << "the report still comes, from memory:\n" << r.out.substr(0, 2000);
  EXPECT_EQ(count_of(*report, "packets"), 10U);
  EXPECT_EQ((*report)["flows"].size(), 10U);
  EXPECT_FALSE(std::filesystem::exists(db));
}

// --list needs no capture privilege beyond what it lists with: every host has a loopback.
TEST(CliErrors, ListShowsInterfacesAndExitsZero) {
  if (auto why = skip_reason(); !why.empty()) GTEST_SKIP() << why;
  const auto r = run_packettracer({"--list"});
  ASSERT_TRUE(r.exited(0)) << r.status() << "\nstderr: " << r.err;
  EXPECT_EQ(r.err, "");
  bool loopback = false;
  for (const auto& line : lines_of(r.out)) {
    if (line.find(" lo ") != std::string::npos && line.find("loopback") != std::string::npos) loopback = true;
  }
  EXPECT_TRUE(loopback) << r.out;
  EXPECT_NE(r.out.find("INTERFACE"), std::string::npos) << r.out;
}

std::string live_skip_reason() {
  if (auto why = netns_unavailable_reason(); !why.empty()) return why;
  return packettracer_unavailable_reason();
}

TEST(CliErrors, MissingInterfaceIsOneLineAndExitOne) {
  if (auto why = live_skip_reason(); !why.empty()) GTEST_SKIP() << why;
  NetnsPair lab;
  ASSERT_TRUE(lab.build()) << lab.error();
  ScratchDir dir("pt-cli");
  PacketTracerProcess pt(lab.in(Side::B, {}), {"-i", "doesnotexist0", "--report", "json", "--duration", "1", "--no-db"},
                         dir.path());
  const auto r = pt.wait(120s);
  expect_one_line_error(r, 1, "doesnotexist0");
  EXPECT_EQ(r.out, "");
}

TEST(CliErrors, BadFilterNamesTheFilterText) {
  if (auto why = live_skip_reason(); !why.empty()) GTEST_SKIP() << why;
  NetnsPair lab;
  ASSERT_TRUE(lab.build()) << lab.error();
  ScratchDir dir("pt-cli");
  for (const std::string filter : {"tcp port nonsense", "host 10.77.0.1 and and"}) {
    PacketTracerProcess pt(lab.in(Side::B, {}),
                           {"-i", NetnsPair::interface(Side::B), "-f", filter, "--report", "json", "--duration", "1",
                            "--no-db", "--no-resolve"},
                           dir.path());
    const auto r = pt.wait(120s);
    expect_one_line_error(r, 1, filter);
    EXPECT_EQ(r.out, "");
  }
}

TEST(CliErrors, NoCapturePrivilegeSaysHowToGrantIt) {
  if (auto why = live_skip_reason(); !why.empty()) GTEST_SKIP() << why;
  if (find_program("setpriv").empty()) GTEST_SKIP() << "needs setpriv (util-linux)";
  const passwd* nobody = ::getpwnam("nobody");
  if (nobody == nullptr) GTEST_SKIP() << "no user 'nobody' to run unprivileged";
  const std::vector<std::string> as_nobody{"setpriv", "--reuid=" + std::to_string(nobody->pw_uid),
                                           "--regid=" + std::to_string(nobody->pw_gid), "--clear-groups"};
  auto probe = as_nobody;
  probe.insert(probe.end(), {"test", "-x", binary_path().string()});
  if (!run_process(probe, 30s).exited(0)) {
    GTEST_SKIP() << "user nobody cannot execute " << binary_path() << " (a parent directory is private)";
  }
  NetnsPair lab;
  ASSERT_TRUE(lab.build()) << lab.error();
  ScratchDir dir("pt-cli");
  // The log file goes where nobody may write, so the only message is the capture's.
  ASSERT_EQ(::chown(dir.path().c_str(), nobody->pw_uid, nobody->pw_gid), 0);
  auto wrapper = lab.in(Side::B, as_nobody);
  PacketTracerProcess pt(
      wrapper, {"-i", NetnsPair::interface(Side::B), "--report", "json", "--duration", "1", "--no-db", "--no-resolve"},
      dir.path());
  const auto r = pt.wait(120s);
  expect_one_line_error(r, 1, NetnsPair::interface(Side::B));
  EXPECT_NE(r.err.find("setcap cap_net_raw"), std::string::npos) << "say how to grant the privilege: " << r.err;
  EXPECT_EQ(r.out, "");
}

}  // namespace
}  // namespace pt::test
