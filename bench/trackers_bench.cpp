// Per-packet cost of each engine tracker (TrafficStats, PortStats, ScanDetector, HopEstimator,
// DeviceTracker) and of all five together, on packets built and decoded once up front, each with
// the FlowRow the flow table would have shown at that packet. Subtract the Baseline (the loop
// reading each packet and its row). One iteration
// replays the workload into fresh trackers (construction untimed), ticking every 100 ms of
// packet time as the engine does, so insertion of new keys is part of the cost.
//
//   Mixed:    6,000 TCP connections (handshake, 10 data segments, close) and 3,000 DNS
//             exchanges between 500 hosts and 300 servers, plus 1,000 pings, over 30 s (103k
//             packets; 67 MB of prepared packets: each is a cache miss, which the engine,
//             having just decoded it, would not pay)
//   MixedHot: its first 2,048 packets (1.3 MB, cache-resident) replayed 50 times, each pass
//             later in packet time: the trackers' own cost in a steady state
//   SynScan:  nmap -sS of all 65,535 ports of one host, RST answers (131k packets)
//
//   build/<dir>/bench/trackers_bench --benchmark_min_time=0.5
// ns/packet = 1e9 / items_per_second.

#include <benchmark/benchmark.h>

#include <deque>
#include <random>
#include <string>
#include <vector>

#include "engine/device_tracker.hpp"
#include "engine/hop_estimator.hpp"
#include "engine/port_stats.hpp"
#include "engine/scan_detector.hpp"
#include "engine/tracker_test_conversation.hpp"
#include "engine/traffic_stats.hpp"

namespace pt::engine {
namespace {

using trackers_test::Conversation;
using trackers_test::ConversationOptions;
using trackers_test::FrameStore;

struct Item {
  packet::Packet packet;
  FlowRow row;  // the flow as it stood after this packet
  bool has_flow = true;
  bool from_initiator = true;
  bool new_flow = false;
};

struct Workload {
  FrameStore frames;
  std::deque<Conversation> conversations;
  std::vector<Item> items;
  int passes = 1;               // replays of `items` per iteration...
  util::Duration pass_shift{};  // ...each this much later in packet time than the previous one

  void add(const trackers_test::Step& s) {
    items.push_back({s.packet, s.ctx.flow != nullptr ? *s.ctx.flow : FlowRow{}, s.ctx.flow != nullptr,
                     s.ctx.from_initiator, s.ctx.new_flow});
  }
  void sort_by_time() {
    std::stable_sort(items.begin(), items.end(),
                     [](const Item& a, const Item& b) { return a.packet.timestamp < b.packet.timestamp; });
  }
};

std::string host(int i) { return "10.1." + std::to_string(i / 250) + "." + std::to_string(1 + i % 250); }
std::string server(int i) { return "93.184." + std::to_string(i / 250) + "." + std::to_string(1 + i % 250); }
std::string mac_of(int i) {
  char m[32];
  std::snprintf(m, sizeof m, "02:00:00:00:%02x:%02x", (i / 256) % 256, i % 256);
  return m;
}

Workload& mixed() {
  static Workload w = [] {
    Workload out;
    std::mt19937 rng(42);
    const int ports[] = {443, 443, 443, 80, 22, 993, 8080, 5222};
    for (int i = 0; i < 6000; ++i) {
      const int h = static_cast<int>(rng() % 500);
      const int s = static_cast<int>(rng() % 300);
      ConversationOptions o{64, static_cast<std::uint8_t>(50 + s % 10), mac_of(h), "02:00:00:00:ff:fe"};
      auto& c = out.conversations.emplace_back(out.frames, host(h), server(s), static_cast<std::uint16_t>(32768 + i),
                                               static_cast<std::uint16_t>(ports[rng() % 8]), 6, o);
      double t = 0.005 * i;
      out.add(c.send(t, test::kSyn));
      out.add(c.reply(t += 0.01, test::kSyn | test::kAck));
      out.add(c.send(t += 0.01, test::kAck));
      for (int k = 0; k < 5; ++k) {
        out.add(c.send(t += 0.01, test::kPsh | test::kAck, test::Bytes(200, 'q')));
        out.add(c.reply(t += 0.01, test::kPsh | test::kAck, test::Bytes(1200, 'r')));
      }
      out.add(c.send(t += 0.01, test::kFin | test::kAck));
      out.add(c.reply(t += 0.01, test::kFin | test::kAck));
      out.add(c.send(t += 0.01, test::kAck));
    }
    for (int i = 0; i < 3000; ++i) {
      const int h = static_cast<int>(rng() % 500);
      ConversationOptions o{64, 60, mac_of(h), "02:00:00:00:ff:fe"};
      auto& c = out.conversations.emplace_back(out.frames, host(h), "10.0.0.53", static_cast<std::uint16_t>(40000 + i),
                                               53, 17, o);
      out.add(c.send(0.01 * i, 0, test::Bytes(40, 'd')));
      out.add(c.reply(0.01 * i + 0.002, 0, test::Bytes(120, 'a')));
    }
    for (int i = 0; i < 1000; ++i) {
      const auto& p = out.frames.decode(test::ethernet(test::ipv4(host(i % 500), server(i % 300), 1,
                                                                  test::icmp(8, 0, 7, static_cast<std::uint16_t>(i)))),
                                        trackers_test::at(0.03 * i));
      out.items.push_back({p, FlowRow{}, false, true, false});
    }
    out.sort_by_time();
    return out;
  }();
  return w;
}

Workload& syn_scan() {
  static Workload w = [] {
    Workload out;
    auto& c = out.conversations.emplace_back(out.frames, "10.0.1.2", "10.0.2.2", 54321, 1, 6);
    const auto syn = c.send(0, test::kSyn);
    const auto rst = c.reply(0, test::kRst | test::kAck);
    for (std::uint32_t port = 1; port <= 65535; ++port) {
      Item probe{syn.packet, c.row(), true, true, true};
      probe.row.packets_sent = 1;
      probe.row.packets_recv = 0;
      probe.row.flags_recv = 0;
      probe.row.dst_port = util::Port{static_cast<std::uint16_t>(port)};
      probe.packet.transport.dst_port = probe.row.dst_port;
      probe.packet.timestamp = trackers_test::at(0.0002 * port);
      Item answer{rst.packet, probe.row, true, false, false};
      answer.row.packets_recv = 1;
      answer.row.flags_recv = test::kRst | test::kAck;
      answer.packet.transport.src_port = probe.row.dst_port;
      answer.packet.timestamp = probe.packet.timestamp;
      out.items.push_back(probe);
      out.items.push_back(answer);
    }
    return out;
  }();
  return w;
}

Workload& mixed_hot() {
  static Workload w = [] {
    Workload out;
    const auto& all = mixed().items;
    out.items.assign(all.begin(), all.begin() + 2048);
    out.passes = 50;
    out.pass_shift = out.items.back().packet.timestamp - out.items.front().packet.timestamp + std::chrono::seconds(1);
    return out;
  }();
  return w;
}

struct Clock {
  util::Timestamp next_tick{};
  util::Timestamp last{};
};

// Replays `items` into `tracker` `passes` times, each pass `shift` later in packet time than the
// previous one (the items are moved forward in place), ticking every 100 ms of packet time.
template <typename Tracker>
void replay(Tracker& tracker, std::vector<Item>& items, int passes, util::Duration shift) {
  Clock clock{items.front().packet.timestamp + std::chrono::milliseconds(100), {}};
  for (int pass = 0; pass < passes; ++pass) {
    if (pass > 0) {
      for (auto& item : items) {
        item.packet.timestamp += shift;
        item.row.first_seen += shift;
        item.row.last_seen += shift;
      }
    }
    for (const auto& item : items) {
      if (item.packet.ip.header.size() > 24) {  // the decoder just read the addresses: bring them in
        std::uint8_t first = item.packet.ip.header[16];
        std::uint8_t second = item.packet.ip.header[24];
        benchmark::DoNotOptimize(first);
        benchmark::DoNotOptimize(second);
      }
      const FlowContext ctx{item.has_flow ? &item.row : nullptr, item.from_initiator, item.new_flow};
      tracker.record(item.packet, ctx);
      clock.last = item.packet.timestamp;
      if (clock.last >= clock.next_tick) {
        tracker.advance(clock.last);
        clock.next_tick = clock.last + std::chrono::milliseconds(100);
      }
    }
  }
  tracker.advance(clock.last);
}

// All five, as Engine::ingest calls them.
struct AllTrackers {
  TrafficStats traffic;
  PortStats ports;
  ScanDetector scans;
  HopEstimator hops;
  DeviceTracker devices;
  void record(const packet::Packet& p, const FlowContext& ctx) {
    traffic.record(p);
    ports.record(p, ctx);
    scans.record(p, ctx);
    hops.record(p, ctx);
    devices.record(p, ctx);
  }
  void advance(util::Timestamp now) {
    traffic.advance(now);
    ports.advance(now);
    scans.advance(now);
    hops.advance(now);
    devices.advance(now);
  }
};

// The loop alone: reading each prepared packet and its row, for subtracting from the others.
struct Baseline {
  std::uint64_t sum = 0;
  void record(const packet::Packet& p, const FlowContext& ctx) {
    sum += p.wire_length + (ctx.flow != nullptr ? ctx.flow->packets_sent : 0);
  }
  void advance(util::Timestamp /*now*/) {}
};

template <typename Tracker>
void run(benchmark::State& state, Workload& (*workload)()) {
  Workload& w = workload();
  std::vector<Item> shifted;
  for (auto _ : state) {
    state.PauseTiming();
    auto tracker = std::make_unique<Tracker>();
    if (w.passes > 1) shifted = w.items;  // the replay moves them forward in time
    auto& items = w.passes > 1 ? shifted : w.items;
    state.ResumeTiming();
    replay(*tracker, items, w.passes, w.pass_shift);
    benchmark::DoNotOptimize(tracker.get());
    state.PauseTiming();
    tracker.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * w.passes * static_cast<std::int64_t>(w.items.size()));
}

void BM_Baseline_Mixed(benchmark::State& s) { run<Baseline>(s, mixed); }
void BM_TrafficStats_Mixed(benchmark::State& s) { run<TrafficStats>(s, mixed); }
void BM_PortStats_Mixed(benchmark::State& s) { run<PortStats>(s, mixed); }
void BM_ScanDetector_Mixed(benchmark::State& s) { run<ScanDetector>(s, mixed); }
void BM_HopEstimator_Mixed(benchmark::State& s) { run<HopEstimator>(s, mixed); }
void BM_DeviceTracker_Mixed(benchmark::State& s) { run<DeviceTracker>(s, mixed); }
void BM_AllTrackers_Mixed(benchmark::State& s) { run<AllTrackers>(s, mixed); }
void BM_Baseline_MixedHot(benchmark::State& s) { run<Baseline>(s, mixed_hot); }
void BM_TrafficStats_MixedHot(benchmark::State& s) { run<TrafficStats>(s, mixed_hot); }
void BM_PortStats_MixedHot(benchmark::State& s) { run<PortStats>(s, mixed_hot); }
void BM_ScanDetector_MixedHot(benchmark::State& s) { run<ScanDetector>(s, mixed_hot); }
void BM_HopEstimator_MixedHot(benchmark::State& s) { run<HopEstimator>(s, mixed_hot); }
void BM_DeviceTracker_MixedHot(benchmark::State& s) { run<DeviceTracker>(s, mixed_hot); }
void BM_AllTrackers_MixedHot(benchmark::State& s) { run<AllTrackers>(s, mixed_hot); }
void BM_Baseline_SynScan(benchmark::State& s) { run<Baseline>(s, syn_scan); }
void BM_PortStats_SynScan(benchmark::State& s) { run<PortStats>(s, syn_scan); }
void BM_ScanDetector_SynScan(benchmark::State& s) { run<ScanDetector>(s, syn_scan); }
void BM_AllTrackers_SynScan(benchmark::State& s) { run<AllTrackers>(s, syn_scan); }

BENCHMARK(BM_Baseline_Mixed)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TrafficStats_Mixed)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PortStats_Mixed)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ScanDetector_Mixed)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HopEstimator_Mixed)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DeviceTracker_Mixed)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AllTrackers_Mixed)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Baseline_MixedHot)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TrafficStats_MixedHot)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PortStats_MixedHot)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ScanDetector_MixedHot)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HopEstimator_MixedHot)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DeviceTracker_MixedHot)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AllTrackers_MixedHot)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Baseline_SynScan)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PortStats_SynScan)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ScanDetector_SynScan)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AllTrackers_SynScan)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace pt::engine
