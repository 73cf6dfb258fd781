#include "store/repositories/flow_columns.hpp"

#include <string>

namespace pt::store::repositories {

namespace {

void bind_count(Statement& statement, int index, std::uint64_t value) {
  if (value == 0) {
    statement.bind_null(index);
  } else {
    statement.bind(index, value);
  }
}

// A side that sent nothing has min 255 and max 0 in the engine: both are "not seen".
void bind_ttl(Statement& statement, int index, std::uint8_t value, std::uint8_t side_max) {
  if (side_max == 0) {
    statement.bind_null(index);
  } else {
    statement.bind(index, unsigned{value});
  }
}

// Table order; new columns go at the end of their group and into schema.cpp.
constexpr std::array<FlowColumn, 51> kColumns{{
    {"session_id", OnConflict::Keep, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind(i, f.session.value); },
     [](const Statement& r, int c, FlowRecord& f) { f.session = SessionId{r.int64(c)}; }},
    {"flow_id", OnConflict::Keep, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind(i, f.flow_id); },
     [](const Statement& r, int c, FlowRecord& f) { f.flow_id = r.uint64(c); }},
    {"flow_key", OnConflict::Keep, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind_ref(i, f.flow_key); },
     [](const Statement& r, int c, FlowRecord& f) { f.flow_key = r.text(c); }},
    {"protocol", OnConflict::Keep, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind(i, unsigned{f.protocol}); },
     [](const Statement& r, int c, FlowRecord& f) { f.protocol = r.integer<std::uint8_t>(c); }},
    {"ip_version", OnConflict::Keep, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind(i, unsigned{f.ip_version}); },
     [](const Statement& r, int c, FlowRecord& f) { f.ip_version = r.integer<std::uint8_t>(c); }},
    {"src_ip", OnConflict::Keep, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText& t) {
       s.bind_ref(i, std::string_view(t.src.data(), format_ip(f.src, t.src)));
     },
     [](const Statement& r, int c, FlowRecord& f) { f.src = r.ip(c); }},
    {"src_port", OnConflict::Keep, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind(i, unsigned{f.src_port.value}); },
     [](const Statement& r, int c, FlowRecord& f) { f.src_port = util::Port{r.integer<std::uint16_t>(c)}; }},
    {"dst_ip", OnConflict::Keep, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText& t) {
       s.bind_ref(i, std::string_view(t.dst.data(), format_ip(f.dst, t.dst)));
     },
     [](const Statement& r, int c, FlowRecord& f) { f.dst = r.ip(c); }},
    {"dst_port", OnConflict::Keep, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind(i, unsigned{f.dst_port.value}); },
     [](const Statement& r, int c, FlowRecord& f) { f.dst_port = util::Port{r.integer<std::uint16_t>(c)}; }},
    {"src_mac", OnConflict::FillIn, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText& t) {
       t.src_mac = format_mac(f.src_mac);
       s.bind_ref(i, t.src_mac);
     },
     [](const Statement& r, int c, FlowRecord& f) { f.src_mac = parse_mac(r.text(c)).value_or(MacAddress{}); }},
    {"dst_mac", OnConflict::FillIn, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText& t) {
       t.dst_mac = format_mac(f.dst_mac);
       s.bind_ref(i, t.dst_mac);
     },
     [](const Statement& r, int c, FlowRecord& f) { f.dst_mac = parse_mac(r.text(c)).value_or(MacAddress{}); }},
    {"packets_sent", OnConflict::Replace, Change::Often,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind(i, f.packets_sent); },
     [](const Statement& r, int c, FlowRecord& f) { f.packets_sent = r.uint64(c); }},
    {"packets_recv", OnConflict::Replace, Change::Often,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind(i, f.packets_recv); },
     [](const Statement& r, int c, FlowRecord& f) { f.packets_recv = r.uint64(c); }},
    {"bytes_sent", OnConflict::Replace, Change::Often,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind(i, f.bytes_sent); },
     [](const Statement& r, int c, FlowRecord& f) { f.bytes_sent = r.uint64(c); }},
    {"bytes_recv", OnConflict::Replace, Change::Often,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind(i, f.bytes_recv); },
     [](const Statement& r, int c, FlowRecord& f) { f.bytes_recv = r.uint64(c); }},
    {"payload_sent", OnConflict::Replace, Change::Often,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind(i, f.payload_sent); },
     [](const Statement& r, int c, FlowRecord& f) { f.payload_sent = r.uint64(c); }},
    {"payload_recv", OnConflict::Replace, Change::Often,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind(i, f.payload_recv); },
     [](const Statement& r, int c, FlowRecord& f) { f.payload_recv = r.uint64(c); }},
    {"first_seen", OnConflict::Keep, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind(i, f.first_seen); },
     [](const Statement& r, int c, FlowRecord& f) { f.first_seen = r.time(c); }},
    {"last_seen", OnConflict::Replace, Change::Often,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind(i, f.last_seen); },
     [](const Statement& r, int c, FlowRecord& f) { f.last_seen = r.time(c); }},
    {"state", OnConflict::Replace, Change::Often,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind_ref(i, f.state); },
     [](const Statement& r, int c, FlowRecord& f) { f.state = r.text(c); }},
    {"history", OnConflict::Replace, Change::Often,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind_ref(i, f.history); },
     [](const Statement& r, int c, FlowRecord& f) { f.history = r.text(c); }},
    {"closed", OnConflict::Replace, Change::Often,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind(i, f.closed); },
     [](const Statement& r, int c, FlowRecord& f) { f.closed = r.int64(c) != 0; }},
    {"end_reason", OnConflict::FillIn, Change::Sometimes,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind_ref(i, f.end_reason); },
     [](const Statement& r, int c, FlowRecord& f) { f.end_reason = r.text(c); }},
    {"ttl_sent_min", OnConflict::FillIn, Change::Sometimes,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { bind_ttl(s, i, f.ttl_sent_min, f.ttl_sent_max); },
     [](const Statement& r, int c, FlowRecord& f) { f.ttl_sent_min = r.integer<std::uint8_t>(c); }},
    {"ttl_sent_max", OnConflict::FillIn, Change::Sometimes,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { bind_ttl(s, i, f.ttl_sent_max, f.ttl_sent_max); },
     [](const Statement& r, int c, FlowRecord& f) { f.ttl_sent_max = r.integer<std::uint8_t>(c); }},
    {"ttl_recv_min", OnConflict::FillIn, Change::Sometimes,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { bind_ttl(s, i, f.ttl_recv_min, f.ttl_recv_max); },
     [](const Statement& r, int c, FlowRecord& f) { f.ttl_recv_min = r.integer<std::uint8_t>(c); }},
    {"ttl_recv_max", OnConflict::FillIn, Change::Sometimes,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { bind_ttl(s, i, f.ttl_recv_max, f.ttl_recv_max); },
     [](const Statement& r, int c, FlowRecord& f) { f.ttl_recv_max = r.integer<std::uint8_t>(c); }},
    {"fragments", OnConflict::Replace, Change::Often,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind(i, f.fragments); },
     [](const Statement& r, int c, FlowRecord& f) { f.fragments = r.integer<std::uint32_t>(c); }},
    {"app", OnConflict::FillIn, Change::Sometimes,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind_ref(i, f.app); },
     [](const Statement& r, int c, FlowRecord& f) { f.app = r.text(c); }},
    {"category", OnConflict::FillIn, Change::Sometimes,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind_ref(i, f.category); },
     [](const Statement& r, int c, FlowRecord& f) { f.category = r.text(c); }},
    {"detection", OnConflict::FillIn, Change::Sometimes,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind_ref(i, f.detection); },
     [](const Statement& r, int c, FlowRecord& f) { f.detection = r.text(c); }},
    {"traits", OnConflict::Replace, Change::Sometimes,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind(i, unsigned{f.traits}); },
     [](const Statement& r, int c, FlowRecord& f) { f.traits = r.integer<std::uint16_t>(c); }},
    {"encrypted", OnConflict::Replace, Change::Sometimes,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind(i, f.encrypted); },
     [](const Statement& r, int c, FlowRecord& f) { f.encrypted = r.int64(c) != 0; }},
    {"server_name", OnConflict::FillIn, Change::Sometimes,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind_ref(i, f.server_name); },
     [](const Statement& r, int c, FlowRecord& f) { f.server_name = r.text(c); }},
    {"service", OnConflict::FillIn, Change::Sometimes,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind_ref(i, f.service); },
     [](const Statement& r, int c, FlowRecord& f) { f.service = r.text(c); }},
    {"src_country", OnConflict::FillIn, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind_ref(i, f.src_geo.country); },
     [](const Statement& r, int c, FlowRecord& f) { f.src_geo.country = r.text(c); }},
    {"src_country_code", OnConflict::FillIn, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind_ref(i, f.src_geo.country_code); },
     [](const Statement& r, int c, FlowRecord& f) { f.src_geo.country_code = r.text(c); }},
    {"src_city", OnConflict::FillIn, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind_ref(i, f.src_geo.city); },
     [](const Statement& r, int c, FlowRecord& f) { f.src_geo.city = r.text(c); }},
    {"src_asn", OnConflict::FillIn, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { bind_count(s, i, f.src_geo.asn); },
     [](const Statement& r, int c, FlowRecord& f) { f.src_geo.asn = r.integer<std::uint32_t>(c); }},
    {"src_as_name", OnConflict::FillIn, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind_ref(i, f.src_geo.as_name); },
     [](const Statement& r, int c, FlowRecord& f) { f.src_geo.as_name = r.text(c); }},
    {"dst_country", OnConflict::FillIn, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind_ref(i, f.dst_geo.country); },
     [](const Statement& r, int c, FlowRecord& f) { f.dst_geo.country = r.text(c); }},
    {"dst_country_code", OnConflict::FillIn, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind_ref(i, f.dst_geo.country_code); },
     [](const Statement& r, int c, FlowRecord& f) { f.dst_geo.country_code = r.text(c); }},
    {"dst_city", OnConflict::FillIn, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind_ref(i, f.dst_geo.city); },
     [](const Statement& r, int c, FlowRecord& f) { f.dst_geo.city = r.text(c); }},
    {"dst_asn", OnConflict::FillIn, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { bind_count(s, i, f.dst_geo.asn); },
     [](const Statement& r, int c, FlowRecord& f) { f.dst_geo.asn = r.integer<std::uint32_t>(c); }},
    {"dst_as_name", OnConflict::FillIn, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind_ref(i, f.dst_geo.as_name); },
     [](const Statement& r, int c, FlowRecord& f) { f.dst_geo.as_name = r.text(c); }},
    {"src_hostname", OnConflict::FillIn, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind_ref(i, f.src_names.hostname); },
     [](const Statement& r, int c, FlowRecord& f) { f.src_names.hostname = r.text(c); }},
    {"src_domain", OnConflict::FillIn, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind_ref(i, f.src_names.domain); },
     [](const Statement& r, int c, FlowRecord& f) { f.src_names.domain = r.text(c); }},
    {"src_fqdn", OnConflict::FillIn, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind_ref(i, f.src_names.fqdn); },
     [](const Statement& r, int c, FlowRecord& f) { f.src_names.fqdn = r.text(c); }},
    {"dst_hostname", OnConflict::FillIn, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind_ref(i, f.dst_names.hostname); },
     [](const Statement& r, int c, FlowRecord& f) { f.dst_names.hostname = r.text(c); }},
    {"dst_domain", OnConflict::FillIn, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind_ref(i, f.dst_names.domain); },
     [](const Statement& r, int c, FlowRecord& f) { f.dst_names.domain = r.text(c); }},
    {"dst_fqdn", OnConflict::FillIn, Change::Never,
     [](Statement& s, int i, const FlowRecord& f, BoundText&) { s.bind_ref(i, f.dst_names.fqdn); },
     [](const Statement& r, int c, FlowRecord& f) { f.dst_names.fqdn = r.text(c); }},
}};

}  // namespace

std::span<const FlowColumn> flow_columns() { return kColumns; }

std::string flow_select_list(std::string_view table_alias) {
  std::string list;
  for (const FlowColumn& column : kColumns) {
    if (!list.empty()) list += ", ";
    if (!table_alias.empty()) (list += table_alias) += '.';
    list += column.name;
  }
  return list;
}

std::string flow_upsert_sql() {
  std::string values;
  std::string updates;
  for (std::size_t i = 0; i < kColumns.size(); ++i) {
    const FlowColumn& column = kColumns[i];
    if (i > 0) values += ", ";
    values += "?" + std::to_string(i + 1);
    const std::string name(column.name);
    if (column.on_conflict == OnConflict::Keep) continue;
    if (!updates.empty()) updates += ", ";
    updates += column.on_conflict == OnConflict::Replace ? name + " = excluded." + name
                                                         : name + " = COALESCE(excluded." + name + ", " + name + ")";
  }
  return "INSERT INTO flows (" + flow_select_list() + ") VALUES (" + values +
         ") ON CONFLICT (session_id, flow_id) DO UPDATE SET " + updates + " RETURNING id";
}

std::string flow_update_sql(Change at_least) {
  std::string updates;
  int index = 4;
  for (const FlowColumn& column : kColumns) {
    if (column.change < at_least) continue;
    if (!updates.empty()) updates += ", ";
    const std::string name(column.name);
    const std::string value = "?" + std::to_string(index++);
    updates += column.on_conflict == OnConflict::Replace ? name + " = " + value
                                                         : name + " = COALESCE(" + value + ", " + name + ")";
  }
  return "UPDATE flows SET " + updates + " WHERE id = ?1 AND session_id = ?2 AND flow_id = ?3";
}

void bind_flow(Statement& statement, const FlowRecord& flow, BoundText& text) {
  int index = 1;
  for (const FlowColumn& column : kColumns) column.bind(statement, index++, flow, text);
}

void bind_changing_columns(Statement& statement, int first_index, Change at_least, const FlowRecord& flow,
                           BoundText& text) {
  int index = first_index;
  for (const FlowColumn& column : kColumns) {
    if (column.change >= at_least) column.bind(statement, index++, flow, text);
  }
}

std::uint64_t sometimes_signature(const FlowRecord& flow) {
  // FNV-1a (64-bit) over exactly the Change::Sometimes columns of the table above.
  std::uint64_t hash = 14695981039346656037ULL;
  auto mix_byte = [&](std::uint8_t byte) { hash = (hash ^ byte) * 1099511628211ULL; };
  auto mix_text = [&](std::string_view text) {
    for (const char c : text) mix_byte(static_cast<std::uint8_t>(c));
    mix_byte(0xFF);  // a separator, so "ab","c" and "a","bc" differ (0xFF never occurs in UTF-8)
  };
  for (const std::uint8_t ttl : {flow.ttl_sent_min, flow.ttl_sent_max, flow.ttl_recv_min, flow.ttl_recv_max}) {
    mix_byte(ttl);
  }
  mix_byte(static_cast<std::uint8_t>(flow.traits & 0xFFU));
  mix_byte(static_cast<std::uint8_t>(flow.traits >> 8U));
  mix_byte(flow.encrypted ? 1 : 0);
  for (const std::string* text :
       {&flow.end_reason, &flow.app, &flow.category, &flow.detection, &flow.server_name, &flow.service}) {
    mix_text(*text);
  }
  return hash;
}

FlowRecord read_flow(const Statement& row) {
  FlowRecord flow;
  int index = 0;
  for (const FlowColumn& column : kColumns) column.read(row, index++, flow);
  return flow;
}

}  // namespace pt::store::repositories
