#include "resolve/resolver.hpp"

#include <thread>

#include "util/log.hpp"

namespace pt::resolve {
namespace {

WhoisConfig with_cancel(WhoisConfig config, const std::atomic<bool>* cancel) {
  config.limits.cancel = cancel;
  return config;
}

}  // namespace

Resolver::Resolver(ResolverConfig config, PersistentResolveCache* persistent)
    : config_(std::move(config)),
      persistent_(persistent),
      names_(config_.public_suffix_list),
      geo_lookup_(config_.databases),
      passive_(config_.passive_capacity, config_.passive_ttl),
      whois_lookup_(with_cancel(config_.whois, &whois_cancel_)),
      geo_cache_(config_.geo_cache_size, config_.geo_cache_ttl),
      host_cache_(config_.dns_cache_size, config_.dns_cache_ttl),
      whois_cache_(config_.dns_cache_size, config_.whois_cache_ttl),
      active_(config_.active),
      address_intake_(config_.intake_capacity),
      name_intake_(config_.name_intake_capacity),
      local_(config_.queue_capacity, [this](LocalJob& job) { run_local_job(job); }),
      whois_worker_(config_.queue_capacity, [this](util::IpAddress& a) { run_whois_job(a); }) {
  if (!geo_lookup_.notice().empty()) notices_.push_back(geo_lookup_.notice());
}

Resolver::~Resolver() { stop(); }

void Resolver::start() {
  if (running_.exchange(true)) return;
  local_.start();
  whois_worker_.start();
  try {
    dns_ = std::make_unique<ReverseDns>(config_.dns, [this](const PtrResult& r) { on_ptr_result(r); });
  } catch (const ResolveError& e) {
    std::lock_guard lock(notices_mutex_);
    notices_.push_back(std::string("reverse DNS off: ") + e.what());
  }
  if (config_.ip_api) {
    auto provider =
        std::make_unique<IpApiProvider>(*config_.ip_api, [this](const IpApiResult& r) { on_ip_api_result(r); });
    if (std::string error = provider->prepare(); error.empty()) {
      provider->start();
      ip_api_ = std::move(provider);
    } else {
      std::lock_guard lock(notices_mutex_);
      notices_.push_back(error);
    }
  }
  intake_running_.store(true);
  intake_thread_ = std::thread([this] { run_intake(); });
  spdlog::info("resolver started (geo files: {}, reverse dns: {}, ip-api: {})", geo_lookup_.open_files().size(),
               dns_ ? "on" : "off", ip_api_ ? "on" : "off");
}

void Resolver::stop() {
  if (!running_.exchange(false)) return;
  intake_running_.store(false);
  wake_intake();
  if (intake_thread_.joinable()) intake_thread_.join();
  local_.stop();
  whois_cancel_.store(true);
  whois_worker_.stop();
  if (ip_api_) ip_api_->stop();
  if (dns_) dns_->stop();
  std::lock_guard lock(pending_mutex_);
  geo_pending_.clear();
  ptr_pending_.clear();
  whois_pending_.clear();
  provider_pending_.clear();
}

bool Resolver::mark_pending(AddressSet& set, const util::IpAddress& address) {
  std::lock_guard lock(pending_mutex_);
  return set.insert(address).second;
}

void Resolver::clear_pending(AddressSet& set, const util::IpAddress& address) {
  std::lock_guard lock(pending_mutex_);
  set.erase(address);
}

bool Resolver::is_pending(const AddressSet& set, const util::IpAddress& address) const {
  std::lock_guard lock(pending_mutex_);
  return set.count(address) != 0;
}

HostAnnotation Resolver::annotate(const util::IpAddress& address, bool request_missing) {
  HostAnnotation a;
  a.address = address;
  a.scope = address.scope();
  if (a.scope != util::AddressScope::Public) {
    a.local_label = std::string(util::scope_label(a.scope));
  } else {
    fill_geo(a, request_missing);
    fill_ptr(a, request_missing);
    fill_whois(a);
  }
  a.observed = passive_.preferred(address);
  if (a.observed) a.observed_host = names_.host_info(a.observed->name);
  a.display = a.observed ? a.observed_host : a.ptr;
  a.ownership.asn = a.geo.asn != 0 ? a.geo.asn : a.ownership.asn;
  a.ownership.as_name = a.geo.as_org;
  if (a.ownership.isp.empty()) a.ownership.isp = !a.geo.isp.empty() ? a.geo.isp : a.geo.as_org;
  return a;
}

void Resolver::fill_geo(HostAnnotation& a, bool request_missing) {
  if (auto entry = geo_cache_.get(a.address)) {
    a.geo_state = entry->state;
    a.geo_failure = entry->failure;
    a.geo = entry->info;
    return;
  }
  const bool can_look_up = geo_lookup_.has_city() || geo_lookup_.has_asn() || (ip_api_ && active_.load());
  if (!can_look_up || !running_.load()) return;  // None: no database
  if (request_missing && !request_geo(a.address)) {
    a.geo_state = LookupState::Failed;
    a.geo_failure = FailureReason::QueueFull;
    return;
  }
  if (is_pending(geo_pending_, a.address)) {
    a.geo_state = LookupState::Pending;
  } else if (auto entry = geo_cache_.get(a.address)) {
    // Answered between the cache miss above and now (an mmdb lookup takes microseconds).
    a.geo_state = entry->state;
    a.geo_failure = entry->failure;
    a.geo = entry->info;
  }
}

void Resolver::fill_ptr(HostAnnotation& a, bool request_missing) {
  if (auto entry = host_cache_.get(a.address)) {
    a.ptr_state = entry->state;
    a.ptr_failure = entry->failure;
    a.ptr = entry->host;
    return;
  }
  if (!active_.load() || !dns_ || !running_.load()) return;  // None: lookups off
  if (request_missing && !request_ptr(a.address)) {
    a.ptr_state = LookupState::Failed;
    a.ptr_failure = FailureReason::QueueFull;
    return;
  }
  if (is_pending(ptr_pending_, a.address)) {
    a.ptr_state = LookupState::Pending;
  } else if (auto entry = host_cache_.get(a.address)) {
    // Answered between the cache miss above and now (a nearby DNS server is that fast).
    a.ptr_state = entry->state;
    a.ptr_failure = entry->failure;
    a.ptr = entry->host;
  }
}

void Resolver::fill_whois(HostAnnotation& a) {
  if (auto entry = whois_cache_.get(a.address)) {
    a.whois_state = entry->state;
    a.whois_failure = entry->failure;
    a.ownership = entry->info;
  } else if (is_pending(whois_pending_, a.address)) {
    a.whois_state = LookupState::Pending;
  }
}

bool Resolver::request_geo(const util::IpAddress& address) {
  if (!mark_pending(geo_pending_, address)) return true;
  if (local_.submit({address, JobKind::Geo})) return true;
  clear_pending(geo_pending_, address);
  geo_drops_.fetch_add(1);
  geo_cache_.put(address, {LookupState::Failed, FailureReason::QueueFull, {}}, Clock::now(), config_.queue_full_ttl);
  return false;
}

bool Resolver::request_ptr(const util::IpAddress& address) {
  if (!mark_pending(ptr_pending_, address)) return true;
  // With a persistent cache the local worker reads it first; otherwise straight to c-ares.
  const bool queued = persistent_ != nullptr ? local_.submit({address, JobKind::Host}) : send_to_dns(address);
  if (queued) return true;
  clear_pending(ptr_pending_, address);
  ptr_drops_.fetch_add(1);
  host_cache_.put(address, {LookupState::Failed, FailureReason::QueueFull, {}}, Clock::now(), config_.queue_full_ttl);
  return false;
}

bool Resolver::send_to_dns(const util::IpAddress& address) { return dns_ && dns_->submit(address); }

void Resolver::prefetch(std::span<const util::IpAddress> addresses) {
  bool any = false;
  for (const auto& address : addresses) {
    if (address.is_public()) any = address_intake_.try_push(address) || any;
  }
  if (any) wake_intake();
}

void Resolver::observe_names(std::span<const ObservedName> observed) {
  if (!running_.load()) {  // before start() nothing runs concurrently: apply at once
    for (const auto& o : observed) passive_.observe(o);
    return;
  }
  bool any = false;
  for (const auto& o : observed) {
    any = name_intake_.try_push({o.address, util::FixedString<255>(o.name), o.source, o.time, o.ttl_seconds}) || any;
  }
  if (any) wake_intake();
}

void Resolver::wake_intake() {
  intake_epoch_.fetch_add(1, std::memory_order_release);
  intake_epoch_.notify_one();  // a futex wake only when the intake thread sleeps
}

void Resolver::run_intake() {
  while (true) {
    const int seen = intake_epoch_.load(std::memory_order_acquire);
    intake_busy_.store(true);
    while (drain_intake()) {
    }
    intake_busy_.store(false);
    if (!intake_running_.load()) return;
    intake_epoch_.wait(seen, std::memory_order_acquire);
  }
}

bool Resolver::drain_intake() {
  bool any = false;
  while (auto name = name_intake_.try_pop()) {
    passive_.observe({name->address, name->name.view(), name->source, name->time, name->ttl_seconds});
    any = true;
  }
  while (auto address = address_intake_.try_pop()) {
    request_missing(*address);
    any = true;
  }
  return any;
}

void Resolver::request_missing(const util::IpAddress& address) {
  const bool geo_possible = geo_lookup_.has_city() || geo_lookup_.has_asn() || ip_api_ != nullptr;
  if (geo_possible && !geo_cache_.contains(address)) request_geo(address);
  if (active_.load() && dns_ && !host_cache_.contains(address)) request_ptr(address);
}

bool Resolver::request_whois(const util::IpAddress& address) {
  if (!address.is_public() || !active_.load() || !running_.load()) return false;
  if (auto entry = whois_cache_.get(address); entry && entry->state == LookupState::Ready) return true;
  if (!mark_pending(whois_pending_, address)) return true;
  if (whois_worker_.submit(address)) return true;
  clear_pending(whois_pending_, address);
  whois_drops_.fetch_add(1);
  whois_cache_.put(address, {LookupState::Failed, FailureReason::QueueFull, {}}, Clock::now(), config_.queue_full_ttl);
  return false;
}

std::string Resolver::registrable_domain(const util::IpAddress& address) const {
  if (auto observed = passive_.preferred(address)) return names_.registrable_domain(observed->name);
  if (auto entry = host_cache_.get(address)) {
    return entry->host.domain;
  }
  return {};
}

bool Resolver::wait_idle(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    {
      std::lock_guard lock(pending_mutex_);
      if (geo_pending_.empty() && ptr_pending_.empty() && whois_pending_.empty() && provider_pending_.empty() &&
          address_intake_.size() == 0 && name_intake_.size() == 0 && !intake_busy_.load()) {
        return true;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

ResolverStats Resolver::stats() const {
  ResolverStats s;
  s.geo_cache = geo_cache_.stats();
  s.host_cache = host_cache_.stats();
  s.whois_cache = whois_cache_.stats();
  {
    std::lock_guard lock(pending_mutex_);
    s.geo_pending = geo_pending_.size() + provider_pending_.size();
    s.ptr_pending = ptr_pending_.size();
    s.whois_pending = whois_pending_.size();
  }
  s.geo_drops = geo_drops_.load() + (ip_api_ ? ip_api_->stats().dropped : 0);
  s.ptr_drops = ptr_drops_.load();
  s.whois_drops = whois_drops_.load();
  s.intake_drops = address_intake_.dropped() + name_intake_.dropped();
  s.ptr_found = ptr_found_.load();
  s.ptr_no_record = ptr_no_record_.load();
  s.ptr_failed = ptr_failed_.load();
  s.whois_done = whois_done_.load();
  s.provider_requests = ip_api_ ? ip_api_->stats().requests : 0;
  s.persistent_hits = persistent_hits_.load();
  s.passive_addresses = passive_.size();
  s.passive_names = passive_.observed_count();
  s.active = active_.load();
  return s;
}

std::vector<std::string> Resolver::notices() const {
  std::lock_guard lock(notices_mutex_);
  return notices_;
}

std::string Resolver::capture_exclusion_filter() const {
  return ip_api_ ? ip_api_->capture_exclusion_filter() : std::string();
}

}  // namespace pt::resolve
