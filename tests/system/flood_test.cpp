// A flow flood through the real binary (issue 3 "Flood"): a capture of one UDP datagram per
// distinct flow, far more flows than the table holds, replayed with --report json. The run must
// finish, keep the table at its capacity (MAX_FLOWS, 50,000) with every flow beyond it counted as
// an LRU eviction, and stay within a bounded amount of memory (the report's list of every flow
// grows with the flows; the live state must not).

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "support/packet_builder.hpp"
#include "support/paths.hpp"
#include "support/process_packettracer.hpp"
#include "support/process_report.hpp"
#include "support/process_runner.hpp"

namespace pt::test {
namespace {

using namespace std::chrono_literals;

// Issue 3 asks for 1,000,000 flows. Under ASan (how CI runs every test) that took 115 s and
// 1.1 GiB peak, most of it the report's list of every flow (450 MiB of JSON, and the rows behind
// it), not the table; 300,000 flows, six times the capacity, test the same eviction path in
// ~30 s. PT_FLOOD_FLOWS overrides the count (e.g. 1000000 against a release build).
constexpr std::uint64_t kDefaultFlows = 300'000;
constexpr std::uint64_t kCapacity = 50'000;  // MAX_FLOWS, the default
constexpr std::uint64_t kPortsPerAddress = 50'000;
constexpr long kRssLimitKiB = 1024L * 1024L;  // 1 GiB, generous for an ASan build

// RFC 1071 ones' complement sum over the 20-byte IPv4 header (checksum field zeroed first).
void set_ipv4_checksum(std::uint8_t* header) {
  header[10] = header[11] = 0;
  std::uint32_t sum = 0;
  for (int i = 0; i < 20; i += 2) sum += static_cast<std::uint32_t>(header[i] << 8U | header[i + 1]);
  while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16U);
  const auto folded = static_cast<std::uint16_t>(~sum);
  header[10] = static_cast<std::uint8_t>(folded >> 8U);
  header[11] = static_cast<std::uint8_t>(folded);
}

void put(std::ofstream& out, std::uint32_t v) {
  const std::uint8_t b[4] = {static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v >> 8U),
                             static_cast<std::uint8_t>(v >> 16U), static_cast<std::uint8_t>(v >> 24U)};
  out.write(reinterpret_cast<const char*>(b), 4);
}

// Streams `flows` one-datagram UDP flows to a classic pcap (microsecond, Ethernet): flow i comes
// from 10.(i / ports) spread over addresses, port 10000 + i % ports, to 192.0.2.1:53, one
// microsecond after the previous (all within one second, so none expires: every flow beyond
// the capacity is an eviction). One frame is built and patched in place: the UDP checksum is
// zero ("no checksum", RFC 768) and the IPv4 header checksum is recomputed.
void write_flood(const std::filesystem::path& path, std::uint64_t flows) {
  Bytes frame = ethernet(ipv4("10.0.0.1", "192.0.2.1", 17, udp(10000, 53, Bytes(18, 0x5A))));
  constexpr std::size_t kIp = 14;
  constexpr std::size_t kUdp = kIp + 20;
  frame[kUdp + 6] = frame[kUdp + 7] = 0;
  std::ofstream out(path, std::ios::binary);
  for (const std::uint32_t v : {0xA1B2C3D4U, 0x00040002U, 0U, 0U, 65535U, 1U}) put(out, v);
  const std::uint32_t t0 = 1'700'000'000;
  for (std::uint64_t i = 0; i < flows; ++i) {
    const std::uint64_t host = i / kPortsPerAddress;
    const auto port = static_cast<std::uint16_t>(10000 + i % kPortsPerAddress);
    frame[kIp + 13] = static_cast<std::uint8_t>(host);
    frame[kIp + 14] = static_cast<std::uint8_t>(host >> 8U);
    set_ipv4_checksum(&frame[kIp]);
    frame[kUdp] = static_cast<std::uint8_t>(port >> 8U);
    frame[kUdp + 1] = static_cast<std::uint8_t>(port);
    put(out, t0 + static_cast<std::uint32_t>(i / 1'000'000));
    put(out, static_cast<std::uint32_t>(i % 1'000'000));
    put(out, static_cast<std::uint32_t>(frame.size()));
    put(out, static_cast<std::uint32_t>(frame.size()));
    out.write(reinterpret_cast<const char*>(frame.data()), static_cast<std::streamsize>(frame.size()));
  }
  ASSERT_TRUE(out.good()) << "writing " << path;
}

// Occurrences of `needle` in a file too large to hold twice, read in chunks.
std::uint64_t count_in_file(const std::filesystem::path& path, const std::string& needle) {
  std::ifstream in(path, std::ios::binary);
  std::string buffer(std::size_t{8} << 20U, '\0');
  std::string carry;
  std::uint64_t count = 0;
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    std::string chunk = carry + buffer.substr(0, static_cast<std::size_t>(in.gcount()));
    for (auto at = chunk.find(needle); at != std::string::npos; at = chunk.find(needle, at + needle.size())) ++count;
    const auto keep = std::min(chunk.size(), needle.size() - 1);
    carry = chunk.substr(chunk.size() - keep);
  }
  return count;
}

// The flat `"name": {...}` object of the report's head (the flows list follows it).
nlohmann::json head_object(const std::filesystem::path& report, const std::string& name) {
  std::ifstream in(report);
  std::string head(std::size_t{1} << 16U, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  const auto key = head.find("\"" + name + "\":");
  if (key == std::string::npos) return nullptr;
  const auto open = head.find('{', key);
  const auto close = head.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return nullptr;
  return nlohmann::json::parse(head.substr(open, close - open + 1), nullptr, false);
}

TEST(Flood, AFlowFloodKeepsTheTableAtCapacityWithBoundedMemory) {
  if (auto why = packettracer_unavailable_reason(); !why.empty()) GTEST_SKIP() << why;
  const char* requested = std::getenv("PT_FLOOD_FLOWS");
  const std::uint64_t flows = requested != nullptr ? std::stoull(requested) : kDefaultFlows;
  ASSERT_GT(flows, kCapacity);
  ScratchDir dir("pt-flood");
  const auto pcap = dir / "flood.pcap";
  const auto report = dir / "report.json";
  const auto started = std::chrono::steady_clock::now();
  write_flood(pcap, flows);
  const auto written = std::chrono::steady_clock::now();

  // stdout to a file (the flows list is hundreds of MB); `exec` so the shell's child is the
  // binary itself and RUSAGE_CHILDREN's peak is packettracer's own.
  const std::string command = "exec '" + binary_path().string() + "' -r '" + pcap.string() +
                              "' --report json --no-db --no-resolve --log-file '" + (dir / "log").string() + "' > '" +
                              report.string() + "'";
  const auto result = run_process({"sh", "-c", command}, 600s);
  const auto finished = std::chrono::steady_clock::now();
  ASSERT_TRUE(result.exited(0)) << result.status() << "\n" << result.err;
  rusage usage{};
  ASSERT_EQ(::getrusage(RUSAGE_CHILDREN, &usage), 0);

  const auto table = head_object(report, "flow_table");
  ASSERT_TRUE(table.is_object()) << "no flow_table in the report";
  const auto flows_listed = count_in_file(report, "\"flow_key\":");
  std::cout << "[flood] " << flows << " flows: pcap written in "
            << std::chrono::duration<double>(written - started).count() << " s, replayed in "
            << std::chrono::duration<double>(finished - written).count() << " s, peak RSS " << usage.ru_maxrss / 1024
            << " MiB, report " << std::filesystem::file_size(report) / (1U << 20U) << " MiB; flow_table "
            << table.dump() << "\n";

  EXPECT_EQ(count_of(table, "capacity"), kCapacity);
  EXPECT_EQ(count_of(table, "created"), flows);
  EXPECT_EQ(count_of(table, "active"), kCapacity) << "the table stays full";
  EXPECT_EQ(count_of(table, "evicted"), flows - kCapacity) << "every flow beyond the capacity evicts the oldest";
  EXPECT_EQ(count_of(table, "expired"), 0U) << "all flows fall within one second";
  EXPECT_EQ(flows_listed, flows) << "the report lists every flow of the run";
  EXPECT_LT(usage.ru_maxrss, kRssLimitKiB) << "peak RSS " << usage.ru_maxrss << " KiB";
}

}  // namespace
}  // namespace pt::test
