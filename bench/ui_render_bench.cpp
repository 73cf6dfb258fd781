// Frame build + render of each dashboard view with 50,000 flows tracked (target: < 5 ms per
// frame), to a canvas and to text. Every iteration gets a new snapshot so nothing is served from
// the dashboard's caches.

#include <benchmark/benchmark.h>

#include <string>

#include "ui/dashboard.hpp"
#include "ui/fake_source.hpp"
#include "ui/simple_summary.hpp"

namespace {

using namespace pt::ui;
using pt::ui::testing::FlowSpec;
using pt::ui::testing::make_flow;
using pt::ui::testing::make_snapshot;

constexpr std::size_t kFlows = 50'000;

std::shared_ptr<pt::engine::Snapshot> big_snapshot() {
  std::vector<pt::engine::FlowRow> flows;
  flows.reserve(kFlows);
  for (std::size_t i = 0; i < kFlows; ++i) {
    FlowSpec s;
    s.protocol = i % 5 == 0 ? 17 : 6;
    s.src = "192.168." + std::to_string(i % 4) + "." + std::to_string(10 + i % 20);
    // About 36,000 destinations: most flows to a host of their own (hard on the per-host views).
    s.dst = std::to_string(20 + (i / 250) % 180) + "." + std::to_string(i % 50) + ".1." + std::to_string(1 + i % 200);
    s.sport = static_cast<std::uint16_t>(1024 + i % 60000);
    s.dport = i % 5 == 0 ? 53 : (i % 3 == 0 ? 80 : 443);
    s.bytes_sent = 100 + (i * 7919) % 100'000;
    s.bytes_recv = 100 + (i * 104729) % 1'000'000;
    s.packets_sent = 1 + i % 100;
    s.packets_recv = 1 + i % 300;
    s.last_seen = 1000.0 + static_cast<double>(i % 600);
    s.app = s.dport == 443 ? 91 : (s.dport == 53 ? 5 : 7);
    s.traits = s.dport == 443 ? 1 : 0;
    flows.push_back(make_flow(s));
  }
  auto snap = make_snapshot(std::move(flows));
  for (std::uint16_t p = 1; p <= 2000; ++p) {
    pt::engine::PortRow r;
    r.port = pt::util::Port{p};
    r.bytes = p * 1000ULL;
    r.packets = p;
    r.hits = p % 50;
    snap->ports.push_back(r);
  }
  return snap;
}

// Every frame rebuilds its model: the worst case.
constexpr DashboardOptions kRebuildEveryFrame{.cheap_model_time = std::chrono::microseconds(1'000'000'000),
                                              .heavy_model_interval = std::chrono::milliseconds(0)};

struct Fixture {
  testing::FakeSource source;
  std::shared_ptr<pt::engine::Snapshot> snap = big_snapshot();
  Dashboard dash;
  Canvas canvas{200, 60};
  SteadyTime now{};

  explicit Fixture(std::string_view keys, const DashboardOptions& options) : dash(source, options) {
    source.unknown = testing::found("", "", "NL", "Netherlands", "Amsterdam", 1136, "KPN");
    source.snap = snap;
    for (char c : keys) dash.handle_key(Key::character(static_cast<char32_t>(c)), now);
  }
  void frame() {
    // A new tick: the same rows under a new sequence, as the engine publishes them.
    ++snap->sequence;
    now += std::chrono::milliseconds(100);
    dash.render(canvas, now);
  }
};

void run_view(benchmark::State& state, std::string_view keys, bool text,
              const DashboardOptions& options = kRebuildEveryFrame) {
  Fixture f(keys, options);
  f.frame();  // warm the annotation memo, as a running dashboard has
  for (auto _ : state) {
    f.frame();
    if (text) benchmark::DoNotOptimize(f.canvas.to_text());
    benchmark::DoNotOptimize(f.canvas.at(0, 0));
  }
  state.counters["flows"] = static_cast<double>(kFlows);
}

void BM_Traffic(benchmark::State& s) { run_view(s, "1", false); }
void BM_TrafficToText(benchmark::State& s) { run_view(s, "1", true); }
void BM_TrafficByPackets(benchmark::State& s) { run_view(s, "1s", false); }
void BM_TrafficFiltered(benchmark::State& s) { run_view(s, "1/20.1\r", false); }
void BM_TrafficSelectAll(benchmark::State& s) { run_view(s, "1a", false); }
void BM_Destinations(benchmark::State& s) { run_view(s, "1g", false); }
void BM_Paths(benchmark::State& s) { run_view(s, "2", false); }
void BM_Stats(benchmark::State& s) { run_view(s, "3", false); }
void BM_Analysis(benchmark::State& s) { run_view(s, "4", false); }
void BM_Ports(benchmark::State& s) { run_view(s, "5", false); }
// As the dashboard runs (default options, a frame every 100 ms): a model that takes longer than
// cheap_model_time to build is rebuilt at most every heavy_model_interval, so this is the mean
// frame cost a user's CPU pays.
void BM_StatsAtRefreshRate(benchmark::State& s) { run_view(s, "3", false, DashboardOptions{}); }
void BM_DestinationsAtRefreshRate(benchmark::State& s) { run_view(s, "1g", false, DashboardOptions{}); }

void BM_SimpleSummary(benchmark::State& state) {
  const auto snap = big_snapshot();
  const CaptureStatus status{.source = "eth0"};
  for (auto _ : state) benchmark::DoNotOptimize(simple_summary(*snap, status));
}

BENCHMARK(BM_Traffic)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TrafficToText)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TrafficByPackets)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TrafficFiltered)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TrafficSelectAll)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Destinations)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Paths)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Stats)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Analysis)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Ports)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_StatsAtRefreshRate)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DestinationsAtRefreshRate)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SimpleSummary)->Unit(benchmark::kMillisecond);

}  // namespace
