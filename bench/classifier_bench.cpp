// Classifier throughput and memory on a real capture.
//
//   PT_BENCH_PCAP=/tmp/mixed.pcap build/rel/bench/classifier_bench      (default capture:
//   $PT_SHARED_DIR/pcaps/ndpi/1kxun.pcap; /tmp/mixed.pcap is made by
//   python3 ../shared/bench/make_perf_pcap.py /tmp/mixed.pcap 20)
//
// BM_Classify: packets decoded and assigned to flows beforehand (up to PT_BENCH_MAX_PACKETS,
//   default 1,000,000), so only on_packet + finish are timed: the Classifier's own cost.
// BM_Pipeline: the whole file read (FileSource), decoded, grouped by 5-tuple and classified in
//   one streaming pass, as ndpiReader -i does; run it alone (--benchmark_filter=Pipeline) for
//   a meaningful peak RSS (maxrss) to set beside `/usr/bin/time -v ndpiReader -i FILE -q`.
//
// Measured 2026-11-29 (Release, nDPI 4.2, /tmp/mixed.pcap from make_perf_pcap.py 20: 4.05 M
// packets, 213 k flows by 5-tuple). The 2 cores were shared with other builds (load ~14), so
// rates are per CPU second (user + system), not wall time:
//   BM_Classify dpi, bounds 80/24     2.2 M packets/s   (first 1 M packets, 54 k flows; nDPI
//                                                        sees 38% of the packets; 0.45 us/pkt)
//   BM_Classify dpi, TCP bound 32     2.3-2.5 M packets/s (25% inspected; within the noise)
//   BM_Classify no-dpi                42 M packets/s    (one port/IP-table guess per flow)
//   BM_Pipeline (read+decode+group+classify)  0.92 M packets/s, peak RSS 239 MiB,
//                                     of which nDPI states pooled at the peak: 87 MiB
//   ndpiReader -i mixed.pcap -q       0.45 M packets/s, peak RSS 704 MiB
// Per classified flow the Classifier keeps nothing but FlowRow::classification (108 bytes)
// and the engine's 8-byte state pointer; a flow still being inspected holds one 712-byte
// pooled ClassifierFlowState (nDPI's 688-byte flow struct, a 4-byte entropy tally, counters).
// The pool's peak is the flows pending at once: here every flow stays until the end of the
// file (no idle expiry in this harness); the engine's idle timeout and capacity bound it.

#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "capture/file_source.hpp"
#include "engine/classifier.hpp"
#include "packet/decode.hpp"

namespace {

using namespace pt;

std::optional<std::filesystem::path> bench_capture() {
  if (const char* p = std::getenv("PT_BENCH_PCAP")) return std::filesystem::path(p);
  if (const char* shared = std::getenv("PT_SHARED_DIR")) {
    auto p = std::filesystem::path(shared) / "pcaps" / "ndpi" / "1kxun.pcap";
    if (std::filesystem::exists(p)) return p;
  }
  return std::nullopt;
}

// Normalized 5-tuple: the two (address, port) ends in sorted order, plus the protocol.
struct TupleKey {
  util::IpAddress a, b;
  std::uint16_t a_port = 0, b_port = 0;
  std::uint8_t protocol = 0;
  friend bool operator==(const TupleKey&, const TupleKey&) = default;
};
struct TupleHash {
  std::size_t operator()(const TupleKey& k) const {
    return k.a.hash() * 31U + k.b.hash() + (std::size_t{k.a_port} << 20U) + (std::size_t{k.b_port} << 4U) + k.protocol;
  }
};

// Finds or creates the flow of an IP packet; returns its index and whether p goes initiator -> responder.
class FlowIndex {
 public:
  std::size_t find(const packet::Packet& p, std::vector<engine::FlowRow>& rows, bool& from_initiator) {
    const auto sport = p.has_ports() ? p.transport.src_port.value : std::uint16_t{0};
    const auto dport = p.has_ports() ? p.transport.dst_port.value : std::uint16_t{0};
    const bool forward = std::tie(p.ip.src, sport) <= std::tie(p.ip.dst, dport);
    TupleKey key{forward ? p.ip.src : p.ip.dst, forward ? p.ip.dst : p.ip.src, forward ? sport : dport,
                 forward ? dport : sport, p.ip.protocol};
    const auto [it, fresh] = index_.try_emplace(key, rows.size());
    if (fresh) {
      engine::FlowRow row;
      row.protocol = p.ip.protocol;
      row.src = p.ip.src;
      row.dst = p.ip.dst;
      row.src_port = util::Port{sport};
      row.dst_port = util::Port{dport};
      rows.push_back(row);
    }
    const auto& row = rows[it->second];
    from_initiator = row.src == p.ip.src && row.src_port.value == sport;
    return it->second;
  }

 private:
  std::unordered_map<TupleKey, std::size_t, TupleHash> index_;
};

struct Loaded {
  std::vector<std::uint8_t> bytes;  // every frame back to back
  std::vector<packet::Packet> packets;
  std::vector<std::uint32_t> flow_of;
  std::vector<bool> from_initiator;
  std::vector<engine::FlowRow> rows;
};

const Loaded& loaded() {
  static const auto data = [] {
    auto out = std::make_unique<Loaded>();
    const auto path = bench_capture();
    if (!path) return out;
    const char* max_env = std::getenv("PT_BENCH_MAX_PACKETS");
    const std::size_t max_packets = max_env != nullptr ? std::strtoull(max_env, nullptr, 10) : 1'000'000;
    capture::FileSource source(*path);
    packet::Frame frame;
    std::vector<std::size_t> offsets;
    std::vector<packet::Frame> frames;
    while (frames.size() < max_packets && source.next(frame) == capture::ReadStatus::Frame) {
      offsets.push_back(out->bytes.size());
      out->bytes.insert(out->bytes.end(), frame.data.begin(), frame.data.end());
      frames.push_back(frame);
    }
    FlowIndex index;
    for (std::size_t i = 0; i < frames.size(); ++i) {
      frames[i].data = std::span<const std::uint8_t>(out->bytes).subspan(offsets[i], frames[i].data.size());
      packet::Packet p;
      packet::decode(frames[i], p);
      if (!p.ip.present) continue;
      bool forward = true;
      out->flow_of.push_back(static_cast<std::uint32_t>(index.find(p, out->rows, forward)));
      out->from_initiator.push_back(forward);
      out->packets.push_back(p);
    }
    return out;
  }();
  return *data;
}

void BM_Classify(benchmark::State& state) {
  const auto& data = loaded();
  if (data.packets.empty()) return state.SkipWithError("no capture: set PT_BENCH_PCAP or PT_SHARED_DIR");
  engine::ClassifierConfig config;
  config.dpi_enabled = state.range(0) != 0;
  config.max_dpi_packets = static_cast<std::uint32_t>(state.range(1));
  engine::Classifier classifier(config);
  std::vector<engine::FlowRow> rows;
  std::vector<engine::ClassifierFlowState*> states;
  for (auto _ : state) {
    state.PauseTiming();
    rows = data.rows;
    states.assign(rows.size(), nullptr);
    state.ResumeTiming();
    for (std::size_t i = 0; i < data.packets.size(); ++i) {
      const auto f = data.flow_of[i];
      classifier.on_packet(states[f], rows[f], data.packets[i], data.from_initiator[i]);
    }
    for (std::size_t f = 0; f < rows.size(); ++f) classifier.finish(states[f], rows[f]);
    benchmark::DoNotOptimize(rows.data());
  }
  const auto c = classifier.counters();
  const auto iterations = static_cast<double>(state.iterations());
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(data.packets.size()));
  state.counters["flows"] = static_cast<double>(rows.size());
  state.counters["inspected_share"] =
      static_cast<double>(c.inspected_packets) / (iterations * static_cast<double>(data.packets.size()));
  state.counters["detected_share"] = static_cast<double>(c.detected) / (iterations * static_cast<double>(rows.size()));
  state.counters["pool_MiB"] = static_cast<double>(classifier.state_memory()) / (1024.0 * 1024.0);
  state.counters["bytes_per_classified_flow"] =
      static_cast<double>(sizeof(engine::Classification) + sizeof(engine::ClassifierFlowState*));
}
BENCHMARK(BM_Classify)
    ->ArgNames({"dpi", "tcp_bound"})
    ->Args({1, 80})
    ->Args({1, 32})
    ->Args({0, 80})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

void BM_Pipeline(benchmark::State& state) {
  const auto path = bench_capture();
  if (!path) return state.SkipWithError("no capture: set PT_BENCH_PCAP or PT_SHARED_DIR");
  std::int64_t packets = 0;
  std::size_t flows = 0;
  double pool_mib = 0.0;
  for (auto _ : state) {
    engine::Classifier classifier(engine::ClassifierConfig{});
    capture::FileSource source(*path);
    FlowIndex index;
    std::vector<engine::FlowRow> rows;
    std::vector<engine::ClassifierFlowState*> states;
    packet::Frame frame;
    packet::Packet p;
    while (source.next(frame) == capture::ReadStatus::Frame) {
      ++packets;
      if (packet::decode(frame, p); !p.ip.present) continue;
      bool forward = true;
      const auto f = index.find(p, rows, forward);
      if (f >= states.size()) states.resize(f + 1, nullptr);
      classifier.on_packet(states[f], rows[f], p, forward);
    }
    for (std::size_t f = 0; f < rows.size(); ++f) classifier.finish(states[f], rows[f]);
    flows = rows.size();
    pool_mib = static_cast<double>(classifier.state_memory()) / (1024.0 * 1024.0);
  }
  state.SetItemsProcessed(packets);
  state.counters["flows"] = static_cast<double>(flows);
  state.counters["peak_rss_MiB"] = peak_rss_mib();
  state.counters["pool_MiB"] = pool_mib;  // peak of nDPI states in use at once
}
BENCHMARK(BM_Pipeline)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
