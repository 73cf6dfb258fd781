// Resolution layer benchmarks.
//   BM_MmdbLookup          offline geo+ASN lookups per second (real GeoLite2 when installed in
//                          data/, else the test fixtures)
//   BM_AnnotateCold        10,000 distinct public addresses through Resolver::annotate on empty
//                          caches: every call misses and queues work. Reports the caller-side
//                          latency (mean, p99, max): the capture thread must never wait.
//   BM_AnnotateWarm        the same 10,000 addresses once cached
//   BM_Prefetch            the capture thread's per-tick call for 10,000 new addresses
//                          (lock-free ring hand-off; per-call latency)
//   BM_ObserveNames        the capture thread's per-tick hand-off of observed names
// Run: build/release/bench/resolve_bench --benchmark_min_time=0.5

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <random>
#include <vector>

#include "resolve/resolver.hpp"
#include "support/resolve_dns_responder.hpp"
#include "support/resolve_mmdb_fixture.hpp"
#include "util/log.hpp"

namespace {

using namespace pt;
using Clock = std::chrono::steady_clock;

std::vector<util::IpAddress> public_addresses(std::size_t count, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<util::IpAddress> out;
  while (out.size() < count) {
    const auto a = util::IpAddress::v4(static_cast<std::uint32_t>(rng()));
    if (a.is_public()) out.push_back(a);
  }
  return out;
}

resolve::GeoDatabasePaths databases() {
  static test::TempDir* fixtures = nullptr;
  const char* source = std::getenv("PT_SOURCE_DIR");
  auto paths = resolve::locate_geo_databases(
      {.data_dir = std::filesystem::path(source ? source : ".") / "data", .system_dirs = {}});
  if (!paths.city.empty() && !paths.asn.empty()) return paths;
  if (fixtures == nullptr) {
    fixtures = new test::TempDir("pt_resolve_bench");
    test::write_city_mmdb(fixtures->path() / "city.mmdb");
    test::write_asn_mmdb(fixtures->path() / "asn.mmdb");
  }
  return {{fixtures->path() / "city.mmdb"}, {fixtures->path() / "asn.mmdb"}};
}

void BM_MmdbLookup(benchmark::State& state) {
  const resolve::GeoLookup geo(databases());
  const auto addresses = public_addresses(65536, 1);
  std::size_t i = 0;
  std::size_t found = 0;
  for (auto _ : state) {
    const auto info = geo.lookup(addresses[i++ & 65535U]);
    found += info.empty() ? 0U : 1U;
    benchmark::DoNotOptimize(info);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["found_ratio"] = static_cast<double>(found) / static_cast<double>(state.iterations());
  state.SetLabel(geo.open_files().empty() ? "no db" : geo.open_files().front().filename().string());
}
BENCHMARK(BM_MmdbLookup);

struct Latency {
  std::vector<double> ns;
  void report(benchmark::State& state) {
    std::sort(ns.begin(), ns.end());
    double sum = 0;
    for (double v : ns) sum += v;
    state.counters["mean_ns"] = sum / static_cast<double>(ns.size());
    state.counters["p50_ns"] = ns[ns.size() / 2];
    state.counters["p99_ns"] = ns[ns.size() * 99 / 100];
    state.counters["max_ns"] = ns.back();
  }
};

resolve::ResolverConfig bench_config(const test::DnsResponder& dns) {
  resolve::ResolverConfig c;
  c.databases = databases();
  c.dns.servers = dns.server();  // a real local server; every answer is NXDOMAIN
  return c;
}

void BM_AnnotateCold(benchmark::State& state) {
  util::discard_log();
  test::DnsResponder dns;
  const auto addresses = public_addresses(10000, 2);
  Latency latency;
  std::uint64_t drops = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto resolver = std::make_unique<resolve::Resolver>(bench_config(dns));
    resolver->start();
    state.ResumeTiming();
    for (const auto& a : addresses) {
      const auto t0 = Clock::now();
      benchmark::DoNotOptimize(resolver->annotate(a));
      latency.ns.push_back(static_cast<double>(std::chrono::nanoseconds(Clock::now() - t0).count()));
    }
    state.PauseTiming();
    drops += resolver->stats().ptr_drops + resolver->stats().geo_drops;
    resolver.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(addresses.size()));
  latency.report(state);
  state.counters["drops_per_run"] = static_cast<double>(drops) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_AnnotateCold)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_AnnotateWarm(benchmark::State& state) {
  util::discard_log();
  test::DnsResponder dns;
  const auto addresses = public_addresses(5000, 3);  // fits DNS_CACHE_SIZE (5000)
  resolve::Resolver resolver(bench_config(dns));
  resolver.start();
  for (const auto& a : addresses) resolver.annotate(a);
  // Let every lookup land (the queues take about 1,000 at a time).
  for (int round = 0; round < 50 && !resolver.wait_idle(std::chrono::milliseconds(200)); ++round) {
  }
  for (int round = 0; round < 20; ++round) {
    for (const auto& a : addresses) resolver.annotate(a);
    resolver.wait_idle(std::chrono::seconds(2));
  }
  Latency latency;
  std::size_t i = 0;
  for (auto _ : state) {
    const auto t0 = Clock::now();
    benchmark::DoNotOptimize(resolver.annotate(addresses[i++ % addresses.size()]));
    latency.ns.push_back(static_cast<double>(std::chrono::nanoseconds(Clock::now() - t0).count()));
  }
  state.SetItemsProcessed(state.iterations());
  latency.report(state);
  const auto stats = resolver.stats();
  state.counters["host_cache_size"] = static_cast<double>(stats.host_cache.size);
}
BENCHMARK(BM_AnnotateWarm);

void BM_Prefetch(benchmark::State& state) {
  util::discard_log();
  test::DnsResponder dns;
  const auto addresses = public_addresses(10000, 4);
  Latency latency;
  for (auto _ : state) {
    state.PauseTiming();
    auto resolver = std::make_unique<resolve::Resolver>(bench_config(dns));
    resolver->start();
    state.ResumeTiming();
    for (std::size_t at = 0; at < addresses.size(); at += 100) {  // 100 new addresses per tick
      const auto t0 = Clock::now();
      resolver->prefetch({addresses.data() + at, 100});
      latency.ns.push_back(static_cast<double>(std::chrono::nanoseconds(Clock::now() - t0).count()));
    }
    state.PauseTiming();
    resolver.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(addresses.size()));
  latency.report(state);
}
BENCHMARK(BM_Prefetch)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_ObserveNames(benchmark::State& state) {
  util::discard_log();
  test::DnsResponder dns;
  const auto addresses = public_addresses(4096, 5);
  std::vector<resolve::ObservedName> names;
  for (const auto& a : addresses) {
    names.push_back({a, "www.example.com", resolve::NameSource::TlsSni, util::from_unix_seconds(1.7e9), 0});
  }
  auto config = bench_config(dns);
  config.active = false;
  resolve::Resolver resolver(config);
  resolver.start();
  Latency latency;
  for (auto _ : state) {
    const auto t0 = Clock::now();
    resolver.observe_names({names.data() + (latency.ns.size() % 64) * 64, 64});  // one tick's worth
    latency.ns.push_back(static_cast<double>(std::chrono::nanoseconds(Clock::now() - t0).count()));
  }
  state.SetItemsProcessed(state.iterations() * 64);
  latency.report(state);
  state.counters["intake_drops"] = static_cast<double>(resolver.stats().intake_drops);
}
BENCHMARK(BM_ObserveNames);

}  // namespace
