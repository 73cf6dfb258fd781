#include "store/repositories/device_repository.hpp"

namespace pt::store::repositories {

void DeviceRepository::upsert(const DeviceRecord& d) {
  if (!upsert_.valid()) {
    upsert_ = connection_.prepare(
        "INSERT INTO devices (mac, ip, kind, reason, addresses_behind, packets, first_seen, last_seen, "
        "last_session_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (mac) DO UPDATE SET "
        "ip = COALESCE(excluded.ip, ip), kind = excluded.kind, reason = excluded.reason, "
        "addresses_behind = excluded.addresses_behind, packets = excluded.packets, "
        "first_seen = MIN(first_seen, excluded.first_seen), last_seen = MAX(last_seen, excluded.last_seen), "
        "last_session_id = COALESCE(excluded.last_session_id, last_session_id)",
        true);
  }
  Statement& s = upsert_;
  s.bind(1, format_mac(d.mac));
  s.bind(2, d.address);
  s.bind(3, d.kind.empty() ? std::string_view("unknown") : std::string_view(d.kind));
  s.bind_text_or_null(4, d.reason);
  s.bind(5, d.addresses_behind);
  s.bind(6, d.packets);
  s.bind(7, d.first_seen);
  s.bind(8, d.last_seen);
  if (d.session) {
    s.bind(9, d.session->value);
  } else {
    s.bind_null(9);
  }
  s.run();
}

void DeviceRepository::put(const NodeOwnership& o) {
  if (!put_ownership_.valid()) {
    put_ownership_ = connection_.prepare(
        "INSERT OR REPLACE INTO node_ownership (ip, asn, as_name, org, isp, network, country, source, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        true);
  }
  Statement& s = put_ownership_;
  s.bind(1, o.ip);
  if (o.asn == 0) {
    s.bind_null(2);
  } else {
    s.bind(2, o.asn);
  }
  s.bind_text_or_null(3, o.as_name);
  s.bind_text_or_null(4, o.org);
  s.bind_text_or_null(5, o.isp);
  s.bind_text_or_null(6, o.network);
  s.bind_text_or_null(7, o.country);
  s.bind_text_or_null(8, o.source);
  s.bind(9, o.updated_at);
  s.run();
}

std::vector<DeviceRecord> DeviceRepository::list(std::size_t limit) {
  Statement statement = connection_.prepare(
      "SELECT mac, ip, kind, reason, addresses_behind, packets, first_seen, last_seen, last_session_id FROM devices "
      "ORDER BY last_seen DESC, mac LIMIT ?1");
  statement.bind(1, limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(limit));
  std::vector<DeviceRecord> devices;
  while (statement.step()) {
    DeviceRecord d;
    d.mac = parse_mac(statement.text(0)).value_or(MacAddress{});
    d.address = statement.ip(1);
    d.kind = statement.text(2);
    d.reason = statement.text(3);
    d.addresses_behind = statement.integer<std::uint32_t>(4);
    d.packets = statement.uint64(5);
    d.first_seen = statement.time(6);
    d.last_seen = statement.time(7);
    if (!statement.is_null(8)) d.session = SessionId{statement.int64(8)};
    devices.push_back(std::move(d));
  }
  return devices;
}

std::optional<NodeOwnership> DeviceRepository::ownership(const util::IpAddress& ip) {
  Statement statement = connection_.prepare(
      "SELECT ip, asn, as_name, org, isp, network, country, source, updated_at FROM node_ownership WHERE ip = ?1");
  statement.bind(1, ip);
  if (!statement.step()) return std::nullopt;
  NodeOwnership o;
  o.ip = statement.ip(0);
  o.asn = statement.integer<std::uint32_t>(1);
  o.as_name = statement.text(2);
  o.org = statement.text(3);
  o.isp = statement.text(4);
  o.network = statement.text(5);
  o.country = statement.text(6);
  o.source = statement.text(7);
  o.updated_at = statement.time(8);
  return o;
}

}  // namespace pt::store::repositories
