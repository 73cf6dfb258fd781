#include "store/repositories/flow_repository.hpp"

#include <array>
#include <string>

namespace pt::store::repositories {

namespace {

constexpr std::string_view kFlowColumns =
    "session_id, flow_id, flow_key, protocol, ip_version, src_ip, src_port, dst_ip, dst_port, src_mac, dst_mac, "
    "packets_sent, packets_recv, bytes_sent, bytes_recv, first_seen, last_seen, state, history, closed, end_reason, "
    "ttl_sent, ttl_recv, app, category, encrypted, server_name, service, "
    "src_country, src_city, src_asn, src_as_name, dst_country, dst_city, dst_asn, dst_as_name, "
    "src_hostname, src_domain, dst_hostname, dst_domain, src_fqdn, dst_fqdn";

// Counters and state always take the newest value; everything learned once (names, geo,
// classification text) only fills in, so a later row without it never erases it.
constexpr std::string_view kFlowUpsert =
    "INSERT INTO flows (session_id, flow_id, flow_key, protocol, ip_version, src_ip, src_port, dst_ip, dst_port, "
    "src_mac, dst_mac, packets_sent, packets_recv, bytes_sent, bytes_recv, first_seen, last_seen, state, history, "
    "closed, end_reason, ttl_sent, ttl_recv, app, category, encrypted, server_name, service, "
    "src_country, src_city, src_asn, src_as_name, dst_country, dst_city, dst_asn, dst_as_name, "
    "src_hostname, src_domain, dst_hostname, dst_domain, src_fqdn, dst_fqdn) VALUES "
    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, "
    "?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42) "
    "ON CONFLICT (session_id, flow_id) DO UPDATE SET "
    "packets_sent = excluded.packets_sent, packets_recv = excluded.packets_recv, "
    "bytes_sent = excluded.bytes_sent, bytes_recv = excluded.bytes_recv, last_seen = excluded.last_seen, "
    "state = excluded.state, history = excluded.history, closed = excluded.closed, "
    "end_reason = COALESCE(excluded.end_reason, end_reason), "
    "src_mac = COALESCE(excluded.src_mac, src_mac), dst_mac = COALESCE(excluded.dst_mac, dst_mac), "
    "ttl_sent = COALESCE(excluded.ttl_sent, ttl_sent), ttl_recv = COALESCE(excluded.ttl_recv, ttl_recv), "
    "app = COALESCE(excluded.app, app), category = COALESCE(excluded.category, category), "
    "encrypted = excluded.encrypted, server_name = COALESCE(excluded.server_name, server_name), "
    "service = COALESCE(excluded.service, service), "
    "src_country = COALESCE(excluded.src_country, src_country), src_city = COALESCE(excluded.src_city, src_city), "
    "src_asn = COALESCE(excluded.src_asn, src_asn), src_as_name = COALESCE(excluded.src_as_name, src_as_name), "
    "dst_country = COALESCE(excluded.dst_country, dst_country), dst_city = COALESCE(excluded.dst_city, dst_city), "
    "dst_asn = COALESCE(excluded.dst_asn, dst_asn), dst_as_name = COALESCE(excluded.dst_as_name, dst_as_name), "
    "src_hostname = COALESCE(excluded.src_hostname, src_hostname), "
    "src_domain = COALESCE(excluded.src_domain, src_domain), "
    "dst_hostname = COALESCE(excluded.dst_hostname, dst_hostname), "
    "dst_domain = COALESCE(excluded.dst_domain, dst_domain), "
    "src_fqdn = COALESCE(excluded.src_fqdn, src_fqdn), dst_fqdn = COALESCE(excluded.dst_fqdn, dst_fqdn) "
    "RETURNING id";

constexpr std::string_view kCountersUpdate =
    "UPDATE flows SET packets_sent = ?4, packets_recv = ?5, bytes_sent = ?6, bytes_recv = ?7, last_seen = ?8, "
    "state = ?9, history = ?10, closed = ?11, end_reason = COALESCE(?12, end_reason), "
    "ttl_sent = COALESCE(?13, ttl_sent), ttl_recv = COALESCE(?14, ttl_recv), app = COALESCE(?15, app), "
    "category = COALESCE(?16, category), encrypted = ?17, server_name = COALESCE(?18, server_name), "
    "service = COALESCE(?19, service) WHERE id = ?1 AND session_id = ?2 AND flow_id = ?3";

// Bounds the rowid memory should a session never end its flows.
constexpr std::size_t kMaxRememberedRows = 1'000'000;

bool enriched(const FlowRecord& flow) {
  return !flow.src_geo.empty() || !flow.dst_geo.empty() || !flow.src_names.empty() || !flow.dst_names.empty();
}

void bind_optional_count(Statement& statement, int index, std::uint64_t value) {
  if (value == 0) {
    statement.bind_null(index);
  } else {
    statement.bind(index, value);
  }
}

void bind_geo(Statement& statement, int first, const GeoInfo& geo) {
  statement.bind_ref(first, geo.country);
  statement.bind_ref(first + 1, geo.city);
  bind_optional_count(statement, first + 2, geo.asn);
  statement.bind_ref(first + 3, geo.as_name);
}

// Texts made for binding; they live until the statement has run (bind_ref).
struct BoundText {
  std::array<char, 64> src{};
  std::array<char, 64> dst{};
  std::string src_mac;
  std::string dst_mac;
};

void bind_flow(Statement& s, const FlowRecord& flow, BoundText& text) {
  s.bind(1, flow.session.value);
  s.bind(2, flow.flow_id);
  s.bind_ref(3, flow.flow_key);
  s.bind(4, unsigned{flow.protocol});
  s.bind(5, unsigned{flow.ip_version});
  s.bind_ref(6, std::string_view(text.src.data(), format_ip(flow.src, text.src)));
  s.bind(7, unsigned{flow.src_port.value});
  s.bind_ref(8, std::string_view(text.dst.data(), format_ip(flow.dst, text.dst)));
  s.bind(9, unsigned{flow.dst_port.value});
  text.src_mac = format_mac(flow.src_mac);
  text.dst_mac = format_mac(flow.dst_mac);
  s.bind_ref(10, text.src_mac);
  s.bind_ref(11, text.dst_mac);
  s.bind(12, flow.packets_sent);
  s.bind(13, flow.packets_recv);
  s.bind(14, flow.bytes_sent);
  s.bind(15, flow.bytes_recv);
  s.bind(16, flow.first_seen);
  s.bind(17, flow.last_seen);
  s.bind_ref(18, flow.state);
  s.bind_ref(19, flow.history);
  s.bind(20, flow.closed);
  s.bind_ref(21, flow.end_reason);
  bind_optional_count(s, 22, flow.ttl_sent);
  bind_optional_count(s, 23, flow.ttl_recv);
  s.bind_ref(24, flow.app);
  s.bind_ref(25, flow.category);
  s.bind(26, flow.encrypted);
  s.bind_ref(27, flow.server_name);
  s.bind_ref(28, flow.service);
  bind_geo(s, 29, flow.src_geo);
  bind_geo(s, 33, flow.dst_geo);
  s.bind_ref(37, flow.src_names.hostname);
  s.bind_ref(38, flow.src_names.domain);
  s.bind_ref(39, flow.dst_names.hostname);
  s.bind_ref(40, flow.dst_names.domain);
  s.bind_ref(41, flow.src_names.fqdn);
  s.bind_ref(42, flow.dst_names.fqdn);
}

GeoInfo read_geo(const Statement& row, int first) {
  return GeoInfo{row.text(first), row.text(first + 1), row.integer<std::uint32_t>(first + 2), row.text(first + 3)};
}

FlowRecord read_flow(const Statement& row) {
  FlowRecord flow;
  flow.session = SessionId{row.int64(0)};
  flow.flow_id = row.uint64(1);
  flow.flow_key = row.text(2);
  flow.protocol = row.integer<std::uint8_t>(3);
  flow.ip_version = row.integer<std::uint8_t>(4);
  flow.src = row.ip(5);
  flow.src_port = util::Port{row.integer<std::uint16_t>(6)};
  flow.dst = row.ip(7);
  flow.dst_port = util::Port{row.integer<std::uint16_t>(8)};
  flow.src_mac = parse_mac(row.text(9)).value_or(MacAddress{});
  flow.dst_mac = parse_mac(row.text(10)).value_or(MacAddress{});
  flow.packets_sent = row.uint64(11);
  flow.packets_recv = row.uint64(12);
  flow.bytes_sent = row.uint64(13);
  flow.bytes_recv = row.uint64(14);
  flow.first_seen = row.time(15);
  flow.last_seen = row.time(16);
  flow.state = row.text(17);
  flow.history = row.text(18);
  flow.closed = row.int64(19) != 0;
  flow.end_reason = row.text(20);
  flow.ttl_sent = row.integer<std::uint8_t>(21);
  flow.ttl_recv = row.integer<std::uint8_t>(22);
  flow.app = row.text(23);
  flow.category = row.text(24);
  flow.encrypted = row.int64(25) != 0;
  flow.server_name = row.text(26);
  flow.service = row.text(27);
  flow.src_geo = read_geo(row, 28);
  flow.dst_geo = read_geo(row, 32);
  flow.src_names = HostNames{row.text(40), row.text(36), row.text(37)};
  flow.dst_names = HostNames{row.text(41), row.text(38), row.text(39)};
  return flow;
}

std::string like_pattern(std::string_view needle) {
  std::string pattern = "%";
  for (const char c : needle) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += '%';
  return pattern;
}

std::string_view order_by(FlowSort sort) {
  switch (sort) {
    case FlowSort::Bytes: return "bytes_sent + bytes_recv DESC, id";
    case FlowSort::Packets: return "packets_sent + packets_recv DESC, id";
    case FlowSort::Time: return "last_seen DESC, id";
  }
  return "id";
}

}  // namespace

std::size_t FlowRepository::SlotHash::operator()(const Slot& slot) const noexcept {
  return std::hash<std::uint64_t>{}(slot.flow_id) ^ (std::hash<std::int64_t>{}(slot.session) << 1U);
}

void FlowRepository::upsert(const FlowRecord& flow) {
  const Slot slot{flow.session.value, flow.flow_id};
  const bool ending = !flow.end_reason.empty();
  if (auto it = rowids_.find(slot); it != rowids_.end()) {
    const std::int64_t rowid = it->second;
    if (ending) rowids_.erase(it);
    // Names and geo go through the full statement, which only fills in what is missing.
    if (!enriched(flow) && update_counters(rowid, flow)) return;
  }
  const std::int64_t rowid = upsert_full(flow);
  if (!ending && rowids_.size() < kMaxRememberedRows) rowids_[slot] = rowid;
}

bool FlowRepository::update_counters(std::int64_t rowid, const FlowRecord& flow) {
  if (!update_counters_.valid()) update_counters_ = connection_.prepare(kCountersUpdate, true);
  Statement& s = update_counters_;
  s.bind(1, rowid);
  s.bind(2, flow.session.value);
  s.bind(3, flow.flow_id);
  s.bind(4, flow.packets_sent);
  s.bind(5, flow.packets_recv);
  s.bind(6, flow.bytes_sent);
  s.bind(7, flow.bytes_recv);
  s.bind(8, flow.last_seen);
  s.bind_ref(9, flow.state);
  s.bind_ref(10, flow.history);
  s.bind(11, flow.closed);
  s.bind_ref(12, flow.end_reason);
  bind_optional_count(s, 13, flow.ttl_sent);
  bind_optional_count(s, 14, flow.ttl_recv);
  s.bind_ref(15, flow.app);
  s.bind_ref(16, flow.category);
  s.bind(17, flow.encrypted);
  s.bind_ref(18, flow.server_name);
  s.bind_ref(19, flow.service);
  s.run();
  return connection_.changes() == 1;
}

std::int64_t FlowRepository::upsert_full(const FlowRecord& flow) {
  if (!upsert_flow_.valid()) upsert_flow_ = connection_.prepare(kFlowUpsert, true);
  BoundText text;
  bind_flow(upsert_flow_, flow, text);
  std::int64_t rowid = 0;
  if (upsert_flow_.step()) {
    rowid = upsert_flow_.int64(0);
    while (upsert_flow_.step()) {
    }
  }
  upsert_flow_.reset();  // never step() again after DONE: SQLite would run the statement anew
  return rowid;
}

void FlowRepository::upsert(const ClassificationRecord& c) {
  if (!upsert_classification_.valid()) {
    upsert_classification_ = connection_.prepare(
        "INSERT INTO classifications (session_id, flow_id, app_protocol_id, master_protocol_id, category_id, app, "
        "master, category, method, traits, patterns, encrypted, service, server_name, updated_at) VALUES "
        "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) ON CONFLICT (session_id, flow_id) DO "
        "UPDATE SET app_protocol_id = excluded.app_protocol_id, master_protocol_id = excluded.master_protocol_id, "
        "category_id = excluded.category_id, app = excluded.app, master = excluded.master, "
        "category = excluded.category, method = excluded.method, traits = excluded.traits, "
        "patterns = excluded.patterns, encrypted = excluded.encrypted, service = excluded.service, "
        "server_name = COALESCE(excluded.server_name, server_name), updated_at = excluded.updated_at",
        true);
  }
  Statement& s = upsert_classification_;
  s.bind(1, c.session.value);
  s.bind(2, c.flow_id);
  s.bind(3, unsigned{c.app_protocol_id});
  s.bind(4, unsigned{c.master_protocol_id});
  s.bind(5, unsigned{c.category_id});
  s.bind_text_or_null(6, c.app);
  s.bind_text_or_null(7, c.master);
  s.bind_text_or_null(8, c.category);
  s.bind(9, c.method.empty() ? std::string_view("unknown") : std::string_view(c.method));
  s.bind(10, unsigned{c.traits});
  s.bind_text_or_null(11, c.patterns);
  s.bind(12, c.encrypted);
  s.bind_text_or_null(13, c.service);
  s.bind_text_or_null(14, c.server_name);
  s.bind(15, c.updated_at);
  s.run();
}

void FlowRepository::annotate(const AddressAnnotation& a) {
  auto prepare_side = [&](Statement& statement, std::string_view side) {
    if (statement.valid()) return;
    const std::string p(side);
    statement = connection_.prepare(
        "UPDATE flows SET " + p + "_country = COALESCE(?3, " + p + "_country), " + p + "_city = COALESCE(?4, " + p +
            "_city), " + p + "_asn = COALESCE(?5, " + p + "_asn), " + p + "_as_name = COALESCE(?6, " + p +
            "_as_name), " + p + "_fqdn = COALESCE(?7, " + p + "_fqdn), " + p + "_hostname = COALESCE(?8, " + p +
            "_hostname), " + p + "_domain = COALESCE(?9, " + p + "_domain) WHERE session_id = ?1 AND " + p + "_ip = ?2",
        true);
  };
  prepare_side(annotate_src_, "src");
  prepare_side(annotate_dst_, "dst");
  const GeoInfo geo = a.geo.value_or(GeoInfo{});
  const HostNames names = a.names.value_or(HostNames{});
  for (Statement* statement : {&annotate_src_, &annotate_dst_}) {
    statement->bind(1, a.session.value);
    statement->bind(2, a.ip);
    bind_geo(*statement, 3, geo);
    statement->bind_text_or_null(7, names.fqdn);
    statement->bind_text_or_null(8, names.hostname);
    statement->bind_text_or_null(9, names.domain);
    statement->run();
  }
}

std::vector<FlowRecord> FlowRepository::list(SessionId session, const FlowQuery& query) {
  const std::string sql = "SELECT " + std::string(kFlowColumns) +
                          " FROM flows WHERE session_id = ?1"
                          " AND (?2 IS NULL OR src_ip LIKE ?2 ESCAPE '\\' OR dst_ip LIKE ?2 ESCAPE '\\')"
                          " AND (?3 IS NULL OR src_port = ?3 OR dst_port = ?3)"
                          " AND (?4 IS NULL OR protocol = ?4)"
                          " ORDER BY " +
                          std::string(order_by(query.sort)) + " LIMIT ?5";
  Statement statement = connection_.prepare(sql);
  statement.bind(1, session.value);
  if (query.ip_contains.empty()) {
    statement.bind_null(2);
  } else {
    statement.bind(2, like_pattern(query.ip_contains));
  }
  if (query.port) {
    statement.bind(3, unsigned{query.port->value});
  } else {
    statement.bind_null(3);
  }
  if (query.protocol) {
    statement.bind(4, unsigned{*query.protocol});
  } else {
    statement.bind_null(4);
  }
  statement.bind(5, query.limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(query.limit));
  std::vector<FlowRecord> flows;
  while (statement.step()) flows.push_back(read_flow(statement));
  return flows;
}

std::optional<FlowRecord> FlowRepository::get(SessionId session, std::uint64_t flow_id) {
  Statement statement =
      connection_.prepare("SELECT " + std::string(kFlowColumns) + " FROM flows WHERE session_id = ?1 AND flow_id = ?2");
  statement.bind(1, session.value);
  statement.bind(2, flow_id);
  if (!statement.step()) return std::nullopt;
  return read_flow(statement);
}

std::uint64_t FlowRepository::count(SessionId session) {
  Statement statement = connection_.prepare("SELECT COUNT(*) FROM flows WHERE session_id = ?1");
  statement.bind(1, session.value);
  return statement.step() ? statement.uint64(0) : 0;
}

std::vector<ClassificationRecord> FlowRepository::classifications(SessionId session) {
  Statement statement = connection_.prepare(
      "SELECT session_id, flow_id, app_protocol_id, master_protocol_id, category_id, app, master, category, method, "
      "traits, patterns, encrypted, service, server_name, updated_at FROM classifications WHERE session_id = ?1 "
      "ORDER BY flow_id");
  statement.bind(1, session.value);
  std::vector<ClassificationRecord> rows;
  while (statement.step()) {
    ClassificationRecord c;
    c.session = SessionId{statement.int64(0)};
    c.flow_id = statement.uint64(1);
    c.app_protocol_id = statement.integer<std::uint16_t>(2);
    c.master_protocol_id = statement.integer<std::uint16_t>(3);
    c.category_id = statement.integer<std::uint16_t>(4);
    c.app = statement.text(5);
    c.master = statement.text(6);
    c.category = statement.text(7);
    c.method = statement.text(8);
    c.traits = statement.integer<std::uint16_t>(9);
    c.patterns = statement.text(10);
    c.encrypted = statement.int64(11) != 0;
    c.service = statement.text(12);
    c.server_name = statement.text(13);
    c.updated_at = statement.time(14);
    rows.push_back(std::move(c));
  }
  return rows;
}

}  // namespace pt::store::repositories
