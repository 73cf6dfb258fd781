// The Resolver's background halves: what its worker threads do with a queued address and how
// answers land in the memory caches (and the persistent cache). Nothing here runs on a caller's
// thread.

#include "resolve/resolver.hpp"
#include "util/log.hpp"

namespace pt::resolve {
namespace {

// ip-api refines what the offline database said; the database's ASN stays when ip-api has none.
GeoInfo merged(const GeoInfo& offline, const GeoInfo& online) {
  GeoInfo out = online;
  if (out.asn == 0) out.asn = offline.asn;
  if (out.as_org.empty()) out.as_org = offline.as_org;
  if (out.country.empty()) out.country = offline.country;
  return out;
}

}  // namespace

void Resolver::run_local_job(LocalJob& job) {
  const auto now = Clock::now();
  if (job.kind == JobKind::Host) {
    if (auto stored = persistent_->load_host(job.address)) {
      persistent_hits_.fetch_add(1);
      HostEntry entry{LookupState::Ready, stored->found ? FailureReason::None : FailureReason::NoRecord,
                      stored->found ? names_.host_info(stored->fqdn) : HostInfo{}};
      host_cache_.put(job.address, entry, now, stored->found ? config_.dns_cache_ttl : config_.negative_ttl);
      clear_pending(ptr_pending_, job.address);
    } else if (!send_to_dns(job.address)) {
      ptr_drops_.fetch_add(1);
      host_cache_.put(job.address, {LookupState::Failed, FailureReason::QueueFull, {}}, now, config_.queue_full_ttl);
      clear_pending(ptr_pending_, job.address);
    }
    return;
  }
  GeoInfo info = geo_lookup_.lookup(job.address);
  if (ip_api_ && active_.load()) {
    std::optional<GeoInfo> stored = persistent_ ? persistent_->load_geo(job.address) : std::nullopt;
    if (stored) {
      persistent_hits_.fetch_add(1);
      info = merged(info, *stored);
    } else if (mark_pending(provider_pending_, job.address) && !ip_api_->submit(job.address)) {
      clear_pending(provider_pending_, job.address);  // counted by the provider's queue
    }
  }
  // The offline answer is shown at once; an ip-api answer replaces it when it comes.
  geo_cache_.put(job.address, {LookupState::Ready, FailureReason::None, std::move(info)}, now);
  clear_pending(geo_pending_, job.address);
}

void Resolver::on_ptr_result(const PtrResult& result) {
  const auto now = Clock::now();
  HostEntry entry;
  auto ttl = config_.failure_ttl;
  if (result.failure == FailureReason::None) {
    entry = {LookupState::Ready, FailureReason::None, names_.host_info(result.name)};
    if (entry.host.empty()) entry.failure = FailureReason::NoRecord;  // nothing printable was left
    ttl = config_.dns_cache_ttl;
    ptr_found_.fetch_add(1);
  } else if (result.failure == FailureReason::NoRecord) {
    entry = {LookupState::Ready, FailureReason::NoRecord, {}};
    ttl = config_.negative_ttl;
    ptr_no_record_.fetch_add(1);
  } else {
    entry = {LookupState::Failed, result.failure, {}};
    ptr_failed_.fetch_add(1);
  }
  if (persistent_ != nullptr && entry.state == LookupState::Ready) {
    persistent_->save_host(result.address, {entry.host.fqdn, !entry.host.empty()});
  }
  host_cache_.put(result.address, std::move(entry), now, ttl);
  clear_pending(ptr_pending_, result.address);
}

void Resolver::on_ip_api_result(const IpApiResult& result) {
  const auto now = Clock::now();
  if (result.failure == FailureReason::None) {
    GeoInfo offline;
    if (auto entry = geo_cache_.get(result.address, now)) offline = entry->info;
    GeoInfo geo = merged(offline, result.geo);
    if (persistent_ != nullptr) persistent_->save_geo(result.address, geo);
    geo_cache_.put(result.address, {LookupState::Ready, FailureReason::None, std::move(geo)}, now);
  } else if (result.failure != FailureReason::NoRecord) {
    // Keep the offline answer but look again after the back-off.
    if (auto entry = geo_cache_.get(result.address, now)) {
      geo_cache_.put(result.address, *entry, now, config_.failure_ttl);
    }
  }
  clear_pending(provider_pending_, result.address);
}

void Resolver::run_whois_job(util::IpAddress& address) {
  const auto now = Clock::now();
  if (!active_.load()) {
    clear_pending(whois_pending_, address);
    return;
  }
  const WhoisResult result = whois_lookup_.lookup(address, now);
  whois_done_.fetch_add(1);
  if (result.failure == FailureReason::None) {
    whois_cache_.put(address, {LookupState::Ready, FailureReason::None, result.info}, now);
  } else {
    spdlog::info("whois {}: {}", address.to_string(), to_string(result.failure));
    whois_cache_.put(address, {LookupState::Failed, result.failure, result.info}, now, config_.failure_ttl);
  }
  clear_pending(whois_pending_, address);
}

}  // namespace pt::resolve
