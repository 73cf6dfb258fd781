#pragma once
// The resolution layer's one entry point for the app and the dashboard. Every call returns at
// once: annotate() answers from the memory caches (LRU+TTL) and queues what is missing; the
// lookups run on the resolver's own threads (local: mmdb + persistent cache; c-ares PTR; WHOIS;
// optional ip-api). A full queue becomes a counted drop and a short-lived Failed entry, never a
// wait (Trippy's lazy resolver). Private, loopback, link-local, multicast, CGNAT and
// documentation addresses are answered locally and never looked up.
//
//   Resolver resolver(config, &persistent);   // persistent may be nullptr
//   resolver.start();                          // before the capture opens (ip-api resolves its host)
//   filter = combine(user_filter, resolver.capture_exclusion_filter());
//   capture thread, per tick:  resolver.prefetch(new_addresses); resolver.observe_names(names);
//   dashboard / writer:        auto a = resolver.annotate(ip);   // never blocks
//   key press:                 resolver.request_whois(ip);
//   --no-resolve:              resolver.set_enabled(false);      // passive names and offline geo stay
//   batch report:              resolver.wait_idle(2s);
//   shutdown:                  resolver.stop();

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "resolve/domain_names.hpp"
#include "resolve/geo_lookup.hpp"
#include "resolve/host_annotation.hpp"
#include "resolve/ip_api_provider.hpp"
#include "resolve/passive_dns.hpp"
#include "resolve/persistent_resolve_cache.hpp"
#include "resolve/resolver_stats.hpp"
#include "resolve/reverse_dns.hpp"
#include "resolve/spsc_ring.hpp"
#include "resolve/whois_lookup.hpp"
#include "resolve/worker_queue.hpp"
#include "util/fixed_string.hpp"
#include "util/lru_ttl_cache.hpp"

namespace pt::resolve {

struct ResolverConfig {
  GeoDatabasePaths databases;                // see locate_geo_databases()
  std::size_t geo_cache_size = 10000;        // GEO_CACHE_SIZE
  std::chrono::seconds geo_cache_ttl{3600};  // GEO_CACHE_TTL
  std::size_t dns_cache_size = 5000;         // DNS_CACHE_SIZE
  std::chrono::seconds dns_cache_ttl{3600};  // DNS_CACHE_TTL
  std::chrono::seconds negative_ttl{300};    // a "no PTR" answer is remembered this long
  std::chrono::seconds failure_ttl{30};      // after a failed lookup, ask again after this
  std::chrono::seconds queue_full_ttl{2};    // after a drop at a full queue (a burst, not a failure)
  std::chrono::seconds whois_cache_ttl{24 * 3600};
  std::size_t passive_capacity = 50000;
  std::chrono::seconds passive_ttl{6 * 3600};
  std::size_t queue_capacity = 1024;        // local and WHOIS queues
  std::size_t intake_capacity = 16384;      // lock-free hand-off from the capture thread (addresses)
  std::size_t name_intake_capacity = 4096;  // (observed names)
  ReverseDnsConfig dns;                     // servers, DNS_TIMEOUT (1 s), in-flight bound
  WhoisConfig whois;
  std::optional<IpApiConfig> ip_api;  // --geo-provider ip-api; off when empty
  std::filesystem::path public_suffix_list = std::filesystem::path(kDefaultPublicSuffixList);
  bool active = true;  // false = --no-resolve
};

class Resolver {
 public:
  explicit Resolver(ResolverConfig config, PersistentResolveCache* persistent = nullptr);
  ~Resolver();
  Resolver(const Resolver&) = delete;
  Resolver& operator=(const Resolver&) = delete;

  // Starts the worker threads; with ip-api configured, resolves its host once (blocking).
  // Problems (no database, DNS init failure, provider host unknown) become notices().
  void start();
  // Joins every thread; outstanding lookups are abandoned. Caches stay readable.
  void stop();

  // Never blocks. With request_missing, queues geo and PTR lookups the caches lack.
  HostAnnotation annotate(const util::IpAddress& address, bool request_missing = true);
  // For the capture thread's tick: lock-free, wait-free hand-off into fixed rings (a full ring
  // counts a drop); the resolver's intake thread does the rest. One producer thread only.
  void prefetch(std::span<const util::IpAddress> addresses);
  void observe_names(std::span<const ObservedName> observed);
  void observe_name(const ObservedName& observed) { observe_names({&observed, 1}); }
  // Queues a WHOIS lookup (on demand: a key in the dashboard, a trace hop). False when the address
  // is not public, lookups are off, or the queue is full.
  bool request_whois(const util::IpAddress& address);
  // Registrable domain for Stats' Top Domains: the observed name's, else the cached PTR name's.
  [[nodiscard]] std::string registrable_domain(const util::IpAddress& address) const;

  // false = --no-resolve: no PTR, WHOIS or ip-api traffic; passive names and offline geo stay.
  void set_enabled(bool active) { active_.store(active); }
  [[nodiscard]] bool enabled() const { return active_.load(); }
  // Waits (for batch reports) until nothing is queued or in flight; false on timeout.
  bool wait_idle(std::chrono::milliseconds timeout);

  [[nodiscard]] ResolverStats stats() const;
  // One line each, for the app to show once (e.g. "geo: no city and ASN database ...").
  [[nodiscard]] std::vector<std::string> notices() const;
  // BPF clause excluding the resolver's own provider traffic ("" when none); AND it with the
  // user's filter: "(USER) and (EXCLUSION)".
  [[nodiscard]] std::string capture_exclusion_filter() const;

 private:
  struct GeoEntry {
    LookupState state = LookupState::None;
    FailureReason failure = FailureReason::None;
    GeoInfo info;
  };
  struct HostEntry {
    LookupState state = LookupState::None;
    FailureReason failure = FailureReason::None;
    HostInfo host;
  };
  struct WhoisEntry {
    LookupState state = LookupState::None;
    FailureReason failure = FailureReason::None;
    OwnershipInfo info;
  };
  enum class JobKind : std::uint8_t { Geo, Host };
  struct LocalJob {
    util::IpAddress address;
    JobKind kind = JobKind::Geo;
  };
  struct NameIntake {
    util::IpAddress address;
    util::FixedString<255> name;
    NameSource source = NameSource::DnsAnswer;
    util::Timestamp time{};
    std::uint32_t ttl_seconds = 0;
  };
  using Clock = std::chrono::steady_clock;
  using AddressSet = std::unordered_set<util::IpAddress>;

  void fill_geo(HostAnnotation& a, bool request_missing);
  void fill_ptr(HostAnnotation& a, bool request_missing);
  void fill_whois(HostAnnotation& a);
  // False when the address was refused at a full queue (it then holds a short Failed entry).
  bool request_geo(const util::IpAddress& address);
  bool request_ptr(const util::IpAddress& address);
  bool mark_pending(AddressSet& set, const util::IpAddress& address);
  void clear_pending(AddressSet& set, const util::IpAddress& address);
  bool is_pending(const AddressSet& set, const util::IpAddress& address) const;
  bool send_to_dns(const util::IpAddress& address);

  void wake_intake();
  void run_intake();
  bool drain_intake();
  void request_missing(const util::IpAddress& address);

  // Worker-thread handlers (resolver_workers.cpp).
  void run_local_job(LocalJob& job);
  void on_ptr_result(const PtrResult& result);
  void on_ip_api_result(const IpApiResult& result);
  void run_whois_job(util::IpAddress& address);

  ResolverConfig config_;
  PersistentResolveCache* persistent_;
  DomainNames names_;
  GeoLookup geo_lookup_;
  PassiveDns passive_;
  std::atomic<bool> whois_cancel_{false};  // stop() must not sit out a slow registry
  WhoisLookup whois_lookup_;
  // Reads reorder the LRU list and count hits, hence mutable for the const readers.
  mutable util::LruTtlCache<util::IpAddress, GeoEntry> geo_cache_;
  mutable util::LruTtlCache<util::IpAddress, HostEntry> host_cache_;
  mutable util::LruTtlCache<util::IpAddress, WhoisEntry> whois_cache_;

  mutable std::mutex pending_mutex_;
  AddressSet geo_pending_, ptr_pending_, whois_pending_, provider_pending_;

  std::atomic<bool> active_;
  std::atomic<bool> running_{false};
  std::atomic<std::uint64_t> geo_drops_{0}, ptr_drops_{0}, whois_drops_{0};
  std::atomic<std::uint64_t> ptr_found_{0}, ptr_no_record_{0}, ptr_failed_{0}, whois_done_{0}, persistent_hits_{0};
  mutable std::mutex notices_mutex_;
  std::vector<std::string> notices_;

  SpscRing<util::IpAddress> address_intake_;
  SpscRing<NameIntake> name_intake_;
  std::atomic<int> intake_epoch_{0};  // bumped on every hand-off; the intake thread waits on it
  std::atomic<bool> intake_running_{false};
  std::atomic<bool> intake_busy_{false};
  std::thread intake_thread_;

  WorkerQueue<LocalJob> local_;
  WorkerQueue<util::IpAddress> whois_worker_;
  std::unique_ptr<ReverseDns> dns_;
  std::unique_ptr<IpApiProvider> ip_api_;
};

}  // namespace pt::resolve
