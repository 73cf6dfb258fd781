// Engine memory per tracked flow, once classified (issue 3: <= 400 bytes).
//
// Method: a fresh Engine (nDPI on, default capacity 50,000) is built, its resident set size is
// read from /proc/self/statm, then 50,000 distinct flows are ingested: DNS exchanges (query and
// answer; nDPI decides on them) and HTTP requests (handshake, GET with Host, 200 answer) between
// 2,000 clients and 500 servers, so the trackers see realistic host and port counts. The counters:
//   rss_per_flow    (RSS after - RSS before) / flows: everything the engine touched for them
//                   (flow slab and index, trackers, nDPI states still pooled, allocator slack)
//   entry_per_flow  sizeof(FlowEntry) + the index slots per entry (the flow table's share)
//   pending         flows still being inspected by nDPI at the end (each holds pooled state)
// The module's fixed cost (nDPI automata, service table) is before the first measurement.
//
//   build/<dir>/bench/pipeline_flow_memory_bench

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "engine/flow_table.hpp"
#include "support/decoded_frame.hpp"
#include "support/packet_builder.hpp"

namespace {

using namespace pt;

std::size_t resident_bytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  unsigned long size = 0;
  unsigned long resident = 0;
  const int read = std::fscanf(f, "%lu %lu", &size, &resident);
  std::fclose(f);
  return read == 2 ? resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE)) : 0;
}

std::string client(int i) { return "10.1." + std::to_string(i / 250) + "." + std::to_string(1 + i % 250); }
std::string server(int i) { return "93.184." + std::to_string(i / 250) + "." + std::to_string(1 + i % 250); }

// One flow's packets, decoded in place and ingested at once (their bytes are freed after).
void feed_flow(engine::Engine& engine, int i, double& t) {
  const auto c = client(i % 2000);
  const auto s = server(i % 500);
  const auto sport = static_cast<std::uint16_t>(20000 + i / 2000);
  auto ingest = [&](test::Bytes frame) {
    test::DecodedFrame d(std::move(frame));
    d.timestamp = util::Timestamp{} + std::chrono::duration_cast<util::Duration>(std::chrono::duration<double>(t));
    engine.ingest(d);
    t += 0.0001;
  };
  if (i % 2 == 0) {
    const auto name = "host" + std::to_string(i) + ".example.com";
    ingest(test::ethernet(test::ipv4(c, s, 17, test::udp(sport, 53, test::dns_message(1, name, 1)))));
    ingest(test::ethernet(
        test::ipv4(s, c, 17, test::udp(53, sport, test::dns_message(1, name, 1, {{name, 1, "192.0.2.1"}}, true)))));
    return;
  }
  ingest(test::ethernet(test::ipv4(c, s, 6, test::tcp(sport, 80, test::kSyn))));
  ingest(test::ethernet(test::ipv4(s, c, 6, test::tcp(80, sport, test::kSyn | test::kAck))));
  ingest(test::ethernet(test::ipv4(c, s, 6, test::tcp(sport, 80, test::kAck))));
  ingest(test::ethernet(test::ipv4(
      c, s, 6,
      test::tcp(sport, 80, test::kAck | test::kPsh, test::http_request("www" + std::to_string(i) + ".example.com")))));
  ingest(test::ethernet(test::ipv4(
      s, c, 6,
      test::tcp(80, sport, test::kAck | test::kPsh,
                test::bytes_of("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 2\r\n\r\nok")))));
}

void BM_FlowMemory(benchmark::State& state) {
  const int flows = static_cast<int>(state.range(0));
  for (auto _ : state) {
    engine::NullOutbox outbox;
    engine::EngineConfig config;
    auto engine = std::make_unique<engine::Engine>(config, outbox);
    const auto before = resident_bytes();
    double t = 1000.0;
    for (int i = 0; i < flows; ++i) feed_flow(*engine, i, t);
    engine->tick(engine->now());
    const auto after = resident_bytes();
    engine->request_snapshot();
    engine->tick(engine->now());
    const auto snapshot = engine->snapshot();
    state.counters["flows"] = static_cast<double>(snapshot->flow_table.active);
    state.counters["pending"] = static_cast<double>(snapshot->classifier.in_progress);
    state.counters["rss_per_flow"] = static_cast<double>(after - before) /
                                     static_cast<double>(std::max<std::size_t>(snapshot->flow_table.active, 1));
    state.counters["entry_per_flow"] = static_cast<double>(sizeof(engine::FlowEntry) + 2 * 8);
  }
}
BENCHMARK(BM_FlowMemory)->Arg(50'000)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
