#include "store/repositories/dns_repository.hpp"

#include <string>

namespace pt::store::repositories {

namespace {

// Nameserver host names cannot contain a comma, so a comma-separated list round-trips.
std::string join(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) {
    if (!text.empty()) text += ',';
    text += name;
  }
  return text;
}

std::vector<std::string> split(std::string_view text) {
  std::vector<std::string> names;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    names.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return names;
}

}  // namespace

void DnsRepository::put(const DnsRecord& d) {
  if (!put_.valid()) {
    put_ = connection_.prepare(
        "INSERT OR REPLACE INTO dns_cache (ip, fqdn, hostname, domain, display_name, status, source, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        true);
  }
  put_.bind(1, d.ip);
  put_.bind_text_or_null(2, d.fqdn);
  put_.bind_text_or_null(3, d.hostname);
  put_.bind_text_or_null(4, d.domain);
  put_.bind_text_or_null(5, d.display_name);
  put_.bind(6, to_string(d.status));
  put_.bind_text_or_null(7, d.source);
  put_.bind(8, d.updated_at);
  put_.run();
}

void DnsRepository::put(const NsLookup& lookup) {
  if (!put_ns_.valid()) {
    put_ns_ = connection_.prepare(
        "INSERT OR REPLACE INTO ns_lookup (domain, nameservers, status, updated_at) VALUES (?1, ?2, ?3, ?4)", true);
  }
  put_ns_.bind(1, lookup.domain);
  put_ns_.bind_text_or_null(2, join(lookup.nameservers));
  put_ns_.bind(3, lookup.status.empty() ? std::string_view("ok") : std::string_view(lookup.status));
  put_ns_.bind(4, lookup.updated_at);
  put_ns_.run();
}

std::optional<DnsRecord> DnsRepository::get(const util::IpAddress& ip, util::Timestamp now) {
  if (!get_.valid()) {
    get_ = connection_.prepare(
        "SELECT ip, fqdn, hostname, domain, display_name, status, source, updated_at FROM dns_cache "
        "WHERE ip = ?1 AND updated_at >= ?2");
  }
  get_.bind(1, ip);
  get_.bind(2, now - ttl_);
  std::optional<DnsRecord> result;
  if (get_.step()) {
    DnsRecord d;
    d.ip = get_.ip(0);
    d.fqdn = get_.text(1);
    d.hostname = get_.text(2);
    d.domain = get_.text(3);
    d.display_name = get_.text(4);
    d.status = parse_dns_status(get_.text(5)).value_or(DnsStatus::Failed);
    d.source = get_.text(6);
    d.updated_at = get_.time(7);
    result = std::move(d);
  }
  get_.reset();
  return result;
}

std::optional<NsLookup> DnsRepository::ns_lookup(std::string_view domain, util::Timestamp now) {
  Statement statement = connection_.prepare(
      "SELECT domain, nameservers, status, updated_at FROM ns_lookup WHERE domain = ?1 AND updated_at >= ?2");
  statement.bind(1, domain);
  statement.bind(2, now - ttl_);
  if (!statement.step()) return std::nullopt;
  return NsLookup{statement.text(0), split(statement.text(1)), statement.text(2), statement.time(3)};
}

std::int64_t DnsRepository::purge_expired(util::Timestamp now) {
  Statement statement = connection_.prepare("DELETE FROM dns_cache WHERE updated_at < ?1");
  statement.bind(1, now - ttl_);
  statement.run();
  std::int64_t purged = connection_.changes();
  Statement ns = connection_.prepare("DELETE FROM ns_lookup WHERE updated_at < ?1");
  ns.bind(1, now - ttl_);
  ns.run();
  purged += connection_.changes();
  return purged;
}

}  // namespace pt::store::repositories
