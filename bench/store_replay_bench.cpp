// What persisting costs a replay: the largest shared capture read through the same pieces the
// app uses (FileSource -> CaptureLoop -> Engine -> outbox), once with no database and once with
// the store (Database, StoreOutbox, writer thread), end to end including the final flush.
// Issue target: with the store < 25% more wall time. Arg 0: no database; 1: the database
// exists already (the usual case: ~/.packettracer/data.db persists); 2: a new file each run.
// The capture is $PT_BENCH_CAPTURE, else the largest under $PT_SHARED_DIR/pcaps (/work/shared).
//
//   build/store-release/bench/store_replay_bench --benchmark_repetitions=3
//   PT_BENCH_CAPTURE=/work/shared/pcaps/zeek/echo-connections.pcap build/.../store_replay_bench

#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cstdlib>
#include <filesystem>

#include "app/capture_loop.hpp"
#include "app/outbox_fanout.hpp"
#include "app/store_outbox.hpp"
#include "capture/file_source.hpp"
#include "engine/engine.hpp"
#include "store/database.hpp"
#include "store/store_test_support.hpp"
#include "util/log.hpp"

namespace pt {
namespace {

std::filesystem::path bench_capture() {
  if (const char* chosen = std::getenv("PT_BENCH_CAPTURE"); chosen != nullptr && *chosen != '\0') return chosen;
  const char* shared = std::getenv("PT_SHARED_DIR");
  const std::filesystem::path root = std::filesystem::path(shared != nullptr ? shared : "/work/shared") / "pcaps";
  std::filesystem::path best;
  std::uintmax_t best_size = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root, ec)) {
    const auto ext = entry.path().extension();
    if (!entry.is_regular_file() || (ext != ".pcap" && ext != ".pcapng")) continue;
    if (entry.file_size() > best_size) {
      best_size = entry.file_size();
      best = entry.path();
    }
  }
  return best;
}

double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

struct RunResult {
  std::uint64_t frames = 0;
  std::uint64_t flows = 0;
  store::WriterStats writer;
};

RunResult replay(const std::filesystem::path& capture, const std::filesystem::path* database) {
  capture::FileSource source(capture);
  app::FlowCollector collector;
  app::OutboxFanout fanout;
  fanout.add(collector);
  std::unique_ptr<store::Database> db;
  std::unique_ptr<app::StoreOutbox> persist;
  store::SessionId session;
  if (database != nullptr) {
    db = store::Database::open(store::StoreSettings{.path = *database});
    store::SessionRecord record{.source_kind = store::SourceKind::File, .source = capture.string()};
    session = db->writer().start_session(record, util::wall_clock_now());
    persist = std::make_unique<app::StoreOutbox>(db->writer(), session);
    fanout.add(*persist);
  }
  engine::Engine engine(engine::EngineConfig{}, fanout);
  if (persist) persist->set_labels(engine.snapshot()->labels);
  app::CaptureLoop loop(source, engine, {});
  RunResult result;
  result.frames = loop.run().frames;
  engine.finish();
  result.flows = collector.flows().size();
  if (db) {
    db->writer().end_session(store::SessionTotals{session, engine.now(), result.frames, 0, result.flows, 0});
    db->writer().stop();  // commits everything, as the app does on exit
    result.writer = db->writer().stats();
  }
  return result;
}

void BM_Replay(benchmark::State& state) {
  util::discard_log();
  const bool with_store = state.range(0) != 0;
  const bool fresh_file = state.range(0) == 2;
  const auto capture = bench_capture();
  if (capture.empty()) {
    state.SkipWithError("no shared captures (set PT_SHARED_DIR)");
    return;
  }
  state.SetLabel(capture.filename().string() + (!with_store  ? " without store"
                                                : fresh_file ? " with store, new file"
                                                             : " with store"));
  store::testing::TempDir dir;
  const auto path = dir / "data.db";
  if (with_store && !fresh_file) (void)replay(capture, &path);  // creates the file and schema
  RunResult result;
  double process_cpu_ms = 0;
  for (auto _ : state) {
    const double cpu_before = process_cpu_seconds();
    if (fresh_file) {
      state.PauseTiming();
      std::filesystem::remove_all(dir.path());
      std::filesystem::create_directories(dir.path());
      state.ResumeTiming();
    }
    result = replay(capture, with_store ? &path : nullptr);
    process_cpu_ms += 1000.0 * (process_cpu_seconds() - cpu_before);
  }
  // Every thread's CPU: unlike wall time on a shared machine, it does not depend on the load.
  state.counters["process_cpu_ms"] = process_cpu_ms / static_cast<double>(state.iterations());
  state.counters["frames"] = static_cast<double>(result.frames);
  state.counters["flows"] = static_cast<double>(result.flows);
  if (with_store) {
    state.counters["rows_written"] = static_cast<double>(result.writer.written);
    state.counters["rows_dropped"] = static_cast<double>(result.writer.dropped);
    state.counters["writer_cpu_ms"] = std::chrono::duration<double, std::milli>(result.writer.cpu_time).count();
  }
}
BENCHMARK(BM_Replay)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

}  // namespace
}  // namespace pt
