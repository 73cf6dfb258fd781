// Decode throughput: frames built in memory (TCP/IPv4 over Ethernet, IPv6 with extension
// headers, stacked VLANs), the application-hint parsers, the per-frame Packet reset, and a
// whole capture file read through capture::FileSource with and without decode + count.
//   decode_bench --benchmark_min_time=0.05
// File benchmarks read $PT_BENCH_PCAP, else the shared echo-connections capture; they are
// skipped when neither exists.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "capture/file_source.hpp"
#include "packet/decode.hpp"
#include "packet/decode_stats.hpp"
#include "packet/dns_message.hpp"
#include "packet/http_host.hpp"
#include "packet/tls_sni.hpp"
#include "support/packet_builder.hpp"

namespace {

namespace t = pt::test;
using pt::packet::Frame;
using pt::packet::Packet;

void decode_loop(benchmark::State& state, const t::Bytes& bytes, int link = 1) {
  Frame frame;
  frame.link_type = link;
  frame.data = bytes;
  frame.wire_length = static_cast<std::uint32_t>(bytes.size());
  Packet packet;
  for (auto _ : state) {
    benchmark::DoNotOptimize(pt::packet::decode(frame, packet));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
}

void BM_DecodeTcpIpv4Ethernet(benchmark::State& state) {
  t::TcpSpec spec;
  spec.options = {0x01, 0x01, 0x08, 0x0A, 0, 0, 0, 1, 0, 0, 0, 2};  // NOP NOP timestamps
  const auto frame = t::ethernet(
      t::ipv4("192.168.1.10", "93.184.216.34", 6, t::tcp(51000, 443, t::kAck | t::kPsh, t::Bytes(1200, 0x42), spec)));
  decode_loop(state, frame);
}
BENCHMARK(BM_DecodeTcpIpv4Ethernet);

void BM_DecodeIpv6ExtensionHeaders(benchmark::State& state) {
  t::Ipv6Spec spec;
  spec.extensions = {{0, {0x05, 0x02, 0, 0}}, {43, t::Bytes(22, 0)}, {60, {0x01, 0x02, 0, 0}}};
  const auto frame = t::ethernet(
      t::ipv6("2001:db8::1", "2001:db8:1::2", 17, t::udp(40000, 4500, t::Bytes(512, 1)), spec), t::kEtherIpv6);
  decode_loop(state, frame);
}
BENCHMARK(BM_DecodeIpv6ExtensionHeaders);

void BM_DecodeStackedVlan(benchmark::State& state) {
  t::EthernetSpec eth;
  eth.vlans = {100, 200};
  const auto frame =
      t::ethernet(t::ipv4("10.0.0.1", "10.0.0.2", 17, t::udp(5353, 53, t::Bytes(64, 0))), t::kEtherIpv4, eth);
  decode_loop(state, frame);
}
BENCHMARK(BM_DecodeStackedVlan);

void BM_DecodeIcmpTimeExceeded(benchmark::State& state) {
  const auto probe = t::ipv4("10.0.0.5", "203.0.113.9", 17, t::udp(40000, 33434, t::Bytes(8, 0)));
  const auto frame = t::ethernet(
      t::ipv4("10.0.0.1", "10.0.0.5", 1, t::icmp(11, 0, 0, 0, t::Bytes(probe.begin(), probe.begin() + 28))));
  decode_loop(state, frame);
}
BENCHMARK(BM_DecodeIcmpTimeExceeded);

// What resetting the Packet costs on its own (decode() starts with it on every frame).
void BM_PacketReset(benchmark::State& state) {
  Packet packet;
  for (auto _ : state) {
    packet = Packet{};
    benchmark::DoNotOptimize(packet);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["packet_bytes"] = static_cast<double>(sizeof(Packet));
}
BENCHMARK(BM_PacketReset);

void BM_DecodeAndCount(benchmark::State& state) {
  const auto bytes = t::ethernet(t::ipv4("192.168.1.10", "93.184.216.34", 6, t::tcp(51000, 443, t::kAck)));
  Frame frame;
  frame.data = bytes;
  frame.wire_length = 60;
  Packet packet;
  pt::packet::DecodeStats stats;
  for (auto _ : state) {
    pt::packet::decode(frame, packet);
    stats.record(packet);
  }
  benchmark::DoNotOptimize(stats.packets);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecodeAndCount);

void BM_DnsParseResponse(benchmark::State& state) {
  const auto message = t::dns_message(7, "www.example.com", 1,
                                      {{"www.example.com", 5, "cdn.example.net"},
                                       {"cdn.example.net", 1, "192.0.2.10"},
                                       {"cdn.example.net", 1, "192.0.2.11"},
                                       {"cdn.example.net", 28, "2001:db8::10"}},
                                      true);
  for (auto _ : state) {
    auto m = pt::packet::DnsMessage::parse(message);
    std::size_t n = 0;
    m->for_each_answer([&](const pt::packet::DnsRecord& r) {
      n += r.name.view().size();
      return true;
    });
    benchmark::DoNotOptimize(n);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DnsParseResponse);

void BM_TlsSni(benchmark::State& state) {
  const auto hello = t::tls_client_hello("www.some-long-server-name.example.com");
  for (auto _ : state) benchmark::DoNotOptimize(pt::packet::extract_tls_sni(hello));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TlsSni);

void BM_HttpHost(benchmark::State& state) {
  const auto request = t::http_request("www.example.com");
  for (auto _ : state) benchmark::DoNotOptimize(pt::packet::extract_http_host(request));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HttpHost);

std::filesystem::path bench_pcap() {
  if (const char* env = std::getenv("PT_BENCH_PCAP"); env != nullptr) return env;
  // The shared corpus sits beside the checkout (this file is <checkout>/bench/decode_bench.cpp).
  return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() /
         "shared/pcaps/zeek/echo-connections.pcap";
}

// A whole file through FileSource: read only (arg 0) or read + decode + count (arg 1).
void BM_File(benchmark::State& state) {
  const auto path = bench_pcap();
  if (!std::filesystem::exists(path)) {
    state.SkipWithError(("no capture at " + path.string() + " (set PT_BENCH_PCAP)").c_str());
    return;
  }
  const bool decode = state.range(0) != 0;
  std::int64_t frames = 0;
  for (auto _ : state) {
    pt::capture::FileSource source(path);
    Frame frame;
    Packet packet;
    pt::packet::DecodeStats stats;
    while (source.next(frame) == pt::capture::ReadStatus::Frame) {
      ++frames;
      if (decode) {
        pt::packet::decode(frame, packet);
        stats.record(packet);
      } else {
        benchmark::DoNotOptimize(frame.data.data());
      }
    }
    benchmark::DoNotOptimize(stats.packets);
  }
  state.SetItemsProcessed(frames);
  state.SetLabel(path.filename().string() + (decode ? " read+decode+count" : " read only"));
}
BENCHMARK(BM_File)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
