#include "app/store_resolve_cache.hpp"

#include <mutex>

#include "store/repositories/dns_repository.hpp"
#include "store/repositories/geo_repository.hpp"
#include "store/store_error.hpp"
#include "util/log.hpp"

namespace pt::app {

store::GeoRecord to_geo_record(const util::IpAddress& address, const resolve::GeoInfo& geo, util::Timestamp now) {
  store::GeoRecord r;
  r.ip = address;
  r.country = geo.country;
  r.country_code = geo.country_code;
  r.region = geo.region;
  r.city = geo.city;
  r.latitude = geo.latitude;
  r.longitude = geo.longitude;
  r.asn = geo.asn;
  r.as_name = geo.as_org;
  r.isp = geo.isp;
  r.source = std::string(resolve::to_string(geo.source));
  r.updated_at = now;
  return r;
}

resolve::GeoInfo to_geo_info(const store::GeoRecord& record) {
  resolve::GeoInfo g;
  g.country_code = record.country_code;
  g.country = record.country;
  g.region = record.region;
  g.city = record.city;
  g.latitude = record.latitude;
  g.longitude = record.longitude;
  g.asn = record.asn;
  g.as_org = record.as_name;
  g.isp = record.isp;
  g.source = resolve::GeoSource::Persistent;
  return g;
}

store::DnsRecord to_dns_record(const util::IpAddress& address, const resolve::StoredHost& host, util::Timestamp now) {
  store::DnsRecord r;
  r.ip = address;
  r.status = host.found ? store::DnsStatus::Resolved : store::DnsStatus::NoName;
  if (host.found) {
    r.fqdn = host.fqdn;
    r.hostname = host.fqdn.substr(0, host.fqdn.find('.'));
  }
  r.source = "ptr";
  r.updated_at = now;
  return r;
}

std::optional<resolve::StoredHost> to_stored_host(const store::DnsRecord& record) {
  switch (record.status) {
    case store::DnsStatus::Resolved:
      if (record.fqdn.empty()) return std::nullopt;
      return resolve::StoredHost{record.fqdn, true};
    case store::DnsStatus::NoName: return resolve::StoredHost{{}, false};
    case store::DnsStatus::Failed: return std::nullopt;
  }
  return std::nullopt;
}

void StoreResolveCache::attach(store::Database& database) {
  std::unique_lock lock(mutex_);
  database_ = &database;
}

void StoreResolveCache::detach() {
  std::unique_lock lock(mutex_);
  database_ = nullptr;
}

std::optional<resolve::GeoInfo> StoreResolveCache::load_geo(const util::IpAddress& address) {
  std::shared_lock lock(mutex_);
  if (database_ == nullptr) return std::nullopt;
  try {
    auto lease = database_->reads().acquire();
    const auto ttl = database_->settings().geo_cache_ttl;
    if (auto row = store::repositories::GeoRepository(*lease, ttl).get(address, util::wall_clock_now())) {
      geo_hits_.fetch_add(1, std::memory_order_relaxed);
      return to_geo_info(*row);
    }
  } catch (const store::StoreError& e) {
    if (errors_.fetch_add(1) == 0) spdlog::warn("persistent geo cache: {}", e.what());
  }
  misses_.fetch_add(1, std::memory_order_relaxed);
  return std::nullopt;
}

std::optional<resolve::StoredHost> StoreResolveCache::load_host(const util::IpAddress& address) {
  std::shared_lock lock(mutex_);
  if (database_ == nullptr) return std::nullopt;
  try {
    auto lease = database_->reads().acquire();
    const auto ttl = database_->settings().dns_cache_ttl;
    if (auto row = store::repositories::DnsRepository(*lease, ttl).get(address, util::wall_clock_now())) {
      if (auto host = to_stored_host(*row)) {
        host_hits_.fetch_add(1, std::memory_order_relaxed);
        return host;
      }
    }
  } catch (const store::StoreError& e) {
    if (errors_.fetch_add(1) == 0) spdlog::warn("persistent DNS cache: {}", e.what());
  }
  misses_.fetch_add(1, std::memory_order_relaxed);
  return std::nullopt;
}

void StoreResolveCache::save_geo(const util::IpAddress& address, const resolve::GeoInfo& geo) {
  std::shared_lock lock(mutex_);
  if (database_ == nullptr || !database_->writable()) return;
  saved(database_->writer().submit(to_geo_record(address, geo, util::wall_clock_now())));
}

void StoreResolveCache::save_host(const util::IpAddress& address, const resolve::StoredHost& host) {
  std::shared_lock lock(mutex_);
  if (database_ == nullptr || !database_->writable()) return;
  saved(database_->writer().submit(to_dns_record(address, host, util::wall_clock_now())));
}

void StoreResolveCache::saved(bool taken) {
  if (taken) saved_.fetch_add(1, std::memory_order_relaxed);
}

StoreResolveCache::Counters StoreResolveCache::counters() const {
  return {geo_hits_.load(), host_hits_.load(), misses_.load(), saved_.load(), errors_.load()};
}

}  // namespace pt::app
