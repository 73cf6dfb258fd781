// Writer cost under the spec's largest load: MAX_FLOWS (50,000) active flows, each updated once
// per second, delivered the way the engine's outbox delivers them (one batch per 100 ms tick).
//
// BM_WriterSustained runs in real time and reports the writer thread's CPU time per second of
// traffic (target: < 20% of one core), after a first second that inserts the 50,000 rows.
// BM_WriterThroughput measures raw UPSERT speed: distinct flows submitted, then one flush.
//
//   build/store-release/bench/store_writer_bench --benchmark_min_time=0.05

#include <benchmark/benchmark.h>

#include <chrono>
#include <thread>

#include "store/database.hpp"
#include "store/store_test_support.hpp"

namespace pt::store {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::uint64_t kFlows = 50'000;
constexpr int kTicksPerSecond = 10;

FlowRecord updated(FlowRecord f, int second) {
  const auto s = static_cast<std::uint64_t>(second);
  f.packets_sent += 10 * s;
  f.packets_recv += 8 * s;
  f.bytes_sent += 12'000 * s;
  f.bytes_recv += 9'000 * s;
  f.last_seen = f.first_seen + std::chrono::seconds(second);
  f.state = second > 0 ? "S1" : "S0";
  return f;
}

// Sends one second of updates as 10 ticks of 5,000 flows, paced in real time.
void one_second(Writer& writer, const std::vector<FlowRecord>& base, int second) {
  const auto start = Clock::now();
  const std::size_t per_tick = base.size() / kTicksPerSecond;
  for (int tick = 0; tick < kTicksPerSecond; ++tick) {
    std::vector<FlowRecord> batch;
    batch.reserve(per_tick);
    const std::size_t first = static_cast<std::size_t>(tick) * per_tick;
    for (std::size_t i = first; i < first + per_tick; ++i) batch.push_back(updated(base[i], second));
    writer.submit(std::move(batch));
    std::this_thread::sleep_until(start + std::chrono::milliseconds(100 * (tick + 1)));
  }
}

void BM_WriterSustained(benchmark::State& state) {
  const int seconds = static_cast<int>(state.range(0));
  testing::TempDir dir;
  auto db = Database::open(StoreSettings{.path = dir / "bench.db"});
  Writer& writer = db->writer();
  const SessionId session = writer.start_session(testing::live_session(), util::wall_clock_now());
  std::vector<FlowRecord> base;
  for (std::uint64_t id = 0; id < kFlows; ++id) base.push_back(testing::flow(session, id, 1000 + id));
  std::chrono::milliseconds worst_lag{0};
  for (auto _ : state) {
    one_second(writer, base, 0);  // inserts every row
    writer.flush();
    const auto cpu_before = writer.stats().cpu_time;
    const auto wall_before = Clock::now();
    for (int second = 1; second <= seconds; ++second) {
      one_second(writer, base, second);
      worst_lag = std::max(worst_lag, writer.stats().lag);
    }
    writer.flush();
    const WriterStats stats = writer.stats();
    const double cpu = std::chrono::duration<double>(stats.cpu_time - cpu_before).count();
    const double wall = std::chrono::duration<double>(Clock::now() - wall_before).count();
    state.counters["writer_cpu_pct"] = 100.0 * cpu / wall;
    state.counters["writer_cpu_ms_per_s"] = 1000.0 * cpu / seconds;
    state.counters["rows_per_s"] = static_cast<double>(stats.written) / (wall + 1.0);
    state.counters["flushes"] = static_cast<double>(stats.flushes);
    state.counters["coalesced"] = static_cast<double>(stats.coalesced);
    state.counters["dropped"] = static_cast<double>(stats.dropped);
    state.counters["worst_lag_ms"] = static_cast<double>(worst_lag.count());
    state.counters["last_flush_ms"] = static_cast<double>(stats.last_flush_latency.count()) / 1000.0;
  }
}
BENCHMARK(BM_WriterSustained)->Arg(10)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

void BM_WriterThroughput(benchmark::State& state) {
  testing::TempDir dir;
  auto db = Database::open(StoreSettings{.path = dir / "bench.db"});
  Writer& writer = db->writer();
  const SessionId session = writer.start_session(testing::live_session(), util::wall_clock_now());
  const auto rows = static_cast<std::uint64_t>(state.range(0));
  std::uint64_t round = 0;
  const auto cpu_before = writer.stats().cpu_time;
  for (auto _ : state) {
    std::vector<FlowRecord> batch;
    batch.reserve(rows);
    for (std::uint64_t id = 0; id < rows; ++id) batch.push_back(testing::flow(session, id, 1000 + round));
    writer.submit(std::move(batch));
    writer.flush();
    ++round;
  }
  const auto total_rows = static_cast<std::uint64_t>(state.iterations()) * rows;
  state.SetItemsProcessed(static_cast<std::int64_t>(total_rows));
  const double cpu = std::chrono::duration<double, std::micro>(writer.stats().cpu_time - cpu_before).count();
  state.counters["writer_cpu_us_per_row"] = cpu / static_cast<double>(total_rows);
}
BENCHMARK(BM_WriterThroughput)->Arg(50'000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace pt::store
