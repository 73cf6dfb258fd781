#include "app/resolver_bridge.hpp"

#include <unistd.h>

#include <cstdlib>

namespace pt::app {
namespace {

resolve::NameSource convert(engine::NameSource source) {
  switch (source) {
    case engine::NameSource::DnsAnswer: return resolve::NameSource::DnsAnswer;
    case engine::NameSource::TlsSni: return resolve::NameSource::TlsSni;
    case engine::NameSource::HttpHost: return resolve::NameSource::HttpHost;
  }
  return resolve::NameSource::DnsAnswer;
}

std::chrono::seconds seconds_of(double s) { return std::chrono::seconds(static_cast<std::int64_t>(s)); }

}  // namespace

std::filesystem::path locate_data_dir() {
  std::vector<std::filesystem::path> candidates;
  if (const char* env = std::getenv("PACKETTRACER_DATA"); env != nullptr && *env != '\0') candidates.emplace_back(env);
  std::error_code ec;
  // build/<kind>/src/packettracer -> <source tree>/data
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (auto dir = exe.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
      if (std::filesystem::is_directory(dir / "data" / "node_modules" / "geolite2", ec)) {
        candidates.push_back(dir / "data");
        break;
      }
    }
  }
  candidates.emplace_back("data");
  for (const auto& c : candidates) {
    if (std::filesystem::is_directory(c, ec)) return c;
  }
  return "data";
}

resolve::ResolverConfig make_resolver_config(const Config& config) {
  const auto& r = config.resolve;
  resolve::GeoSearch search;
  search.city_db = r.geoip_db;
  search.asn_db = r.asn_db;
  search.data_dir = locate_data_dir();
  resolve::ResolverConfig out;
  out.databases = resolve::locate_geo_databases(search);
  out.geo_cache_size = r.geo_cache_size;
  out.geo_cache_ttl = seconds_of(r.geo_cache_ttl_seconds);
  out.dns_cache_size = r.dns_cache_size;
  out.dns_cache_ttl = seconds_of(r.dns_cache_ttl_seconds);
  out.dns.servers = r.dns_servers;
  out.dns.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(r.dns_timeout_seconds * 1000));
  if (r.geo_provider == "ip-api") {
    resolve::IpApiConfig ip_api;
    ip_api.requests_per_minute = r.geo_api_rate_limit;
    out.ip_api = ip_api;
  }
  out.active = r.active_lookups;
  return out;
}

void ResolverOutbox::names_observed(std::span<const engine::ObservedName> names) {
  converted_.clear();
  for (const auto& n : names) {
    resolve::ObservedName o;
    o.address = n.address;
    o.name = n.name.view();  // a view into the engine's buffer, valid during this call
    o.source = convert(n.source);
    o.time = n.time;
    o.ttl_seconds = n.ttl_seconds;
    converted_.push_back(o);
  }
  resolver_.observe_names(converted_);
}

trace::HopNames ResolverHopAnnotator::annotate(const util::IpAddress& address) {
  auto a = resolver_.annotate(address);
  if (a.whois_state == resolve::LookupState::None) resolver_.request_whois(address);
  trace::HopNames names;
  names.fqdn = a.display.fqdn;
  names.asn = a.ownership.asn != 0 ? a.ownership.asn : a.geo.asn;
  names.owner =
      !a.ownership.isp.empty() ? a.ownership.isp : (!a.ownership.as_name.empty() ? a.ownership.as_name : a.geo.as_org);
  names.location = a.location_label();
  const bool public_address = a.scope == util::AddressScope::Public;
  names.pending =
      public_address && (a.geo_state == resolve::LookupState::Pending || a.ptr_state == resolve::LookupState::Pending ||
                         a.whois_state == resolve::LookupState::Pending);
  return names;
}

report::Annotator make_report_annotator(resolve::Resolver& resolver) {
  return [&resolver](const util::IpAddress& address) -> std::optional<report::HostAnnotation> {
    const auto a = resolver.annotate(address, false);
    report::HostAnnotation out;
    out.fqdn = a.display.fqdn;
    out.domain = a.display.domain;
    out.country = a.geo.country_code;
    out.country_name = a.geo.country;
    out.city = a.geo.city;
    out.asn = a.geo.asn != 0 ? a.geo.asn : a.ownership.asn;
    out.as_name = !a.geo.as_org.empty() ? a.geo.as_org : a.ownership.as_name;
    if (out.fqdn.empty() && out.country.empty() && out.city.empty() && out.asn == 0) return std::nullopt;
    return out;
  };
}

}  // namespace pt::app
