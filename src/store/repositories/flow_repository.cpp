#include "store/repositories/flow_repository.hpp"

#include <array>
#include <string>

#include "store/repositories/flow_columns.hpp"

namespace pt::store::repositories {

namespace {

// Bounds the rowid memory should a session never end its flows.
constexpr std::size_t kMaxRememberedRows = 1'000'000;

bool enriched(const FlowRecord& flow) {
  return !flow.src_geo.empty() || !flow.dst_geo.empty() || !flow.src_names.empty() || !flow.dst_names.empty();
}

void bind_count(Statement& statement, int index, std::uint64_t value) {
  if (value == 0) {
    statement.bind_null(index);
  } else {
    statement.bind(index, value);
  }
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
  const std::uint64_t signature = sometimes_signature(flow);
  if (auto it = written_.find(slot); it != written_.end()) {
    const Written before = it->second;
    if (ending) {
      written_.erase(it);
    } else {
      it->second.signature = signature;
    }
    // Names and geo go through the full statement, which only fills in what is missing.
    if (!enriched(flow) && update_changed(before.rowid, flow, signature != before.signature)) return;
  }
  const std::int64_t rowid = upsert_full(flow);
  if (!ending && written_.size() < kMaxRememberedRows) written_[slot] = Written{rowid, signature};
}

bool FlowRepository::update_changed(std::int64_t rowid, const FlowRecord& flow, bool sometimes_too) {
  Statement& s = sometimes_too ? update_sometimes_ : update_often_;
  const Change at_least = sometimes_too ? Change::Sometimes : Change::Often;
  if (!s.valid()) s = connection_.prepare(flow_update_sql(at_least), true);
  s.bind(1, rowid);
  s.bind(2, flow.session.value);
  s.bind(3, flow.flow_id);
  BoundText text;
  bind_changing_columns(s, 4, at_least, flow, text);
  s.run();
  return connection_.changes() == 1;
}

std::int64_t FlowRepository::upsert_full(const FlowRecord& flow) {
  if (!upsert_flow_.valid()) upsert_flow_ = connection_.prepare(flow_upsert_sql(), true);
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
  auto prepare_side = [&](Statement& statement, const std::string& p) {
    if (statement.valid()) return;
    std::string sets;
    int index = 3;
    for (const char* column :
         {"_country", "_country_code", "_city", "_asn", "_as_name", "_fqdn", "_hostname", "_domain"}) {
      if (!sets.empty()) sets += ", ";
      ((sets += p) += column) += " = COALESCE(?" + std::to_string(index++) + ", ";
      ((sets += p) += column) += ")";
    }
    statement = connection_.prepare("UPDATE flows SET " + sets + " WHERE session_id = ?1 AND " + p + "_ip = ?2", true);
  };
  prepare_side(annotate_src_, "src");
  prepare_side(annotate_dst_, "dst");
  const GeoInfo geo = a.geo.value_or(GeoInfo{});
  const HostNames names = a.names.value_or(HostNames{});
  for (Statement* statement : {&annotate_src_, &annotate_dst_}) {
    Statement& s = *statement;
    s.bind(1, a.session.value);
    s.bind(2, a.ip);
    s.bind_ref(3, geo.country);
    s.bind_ref(4, geo.country_code);
    s.bind_ref(5, geo.city);
    bind_count(s, 6, geo.asn);
    s.bind_ref(7, geo.as_name);
    s.bind_ref(8, names.fqdn);
    s.bind_ref(9, names.hostname);
    s.bind_ref(10, names.domain);
    s.run();
  }
}

std::vector<FlowRecord> FlowRepository::list(SessionId session, const FlowQuery& query) {
  const std::string sql = "SELECT " + flow_select_list() +
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
      connection_.prepare("SELECT " + flow_select_list() + " FROM flows WHERE session_id = ?1 AND flow_id = ?2");
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
