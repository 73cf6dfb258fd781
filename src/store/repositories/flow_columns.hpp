#pragma once
// How a FlowRecord maps onto the flows table, column by column, in one place: the name, what
// an UPSERT does with it on conflict, whether it changes during a flow's life ("hot": part of
// the short per-second UPDATE), and how it is bound and read. The repository builds its SQL
// from this table, so statements, bindings and reads cannot drift apart.

#include <array>
#include <span>
#include <string>
#include <string_view>

#include "store/records.hpp"
#include "store/statement.hpp"

namespace pt::store::repositories {

enum class OnConflict : std::uint8_t {
  Keep,     // identity and first-seen values: set on insert only
  Replace,  // counters and state: the newest row wins
  FillIn,   // names, geo, classification text: a later empty value never erases a known one
};

// Text the binders create (addresses, MACs); lives until the statement has run.
struct BoundText {
  std::array<char, 64> src{};
  std::array<char, 64> dst{};
  std::string src_mac;
  std::string dst_mac;
};

// How often a column changes during a flow's life; decides which UPDATE carries it.
enum class Change : std::uint8_t {
  Never,      // identity, first-seen values, enrichment (names and geo go through the UPSERT)
  Sometimes,  // classification, TTLs, end reason: written when their signature changes
  Often,      // counters, last_seen, state: written on every update
};

struct FlowColumn {
  std::string_view name;
  OnConflict on_conflict;
  Change change;
  void (*bind)(Statement& statement, int index, const FlowRecord& flow, BoundText& text);
  void (*read)(const Statement& row, int column, FlowRecord& flow);
};

std::span<const FlowColumn> flow_columns();

// "INSERT INTO flows (...) VALUES (...) ON CONFLICT (session_id, flow_id) DO UPDATE ... RETURNING id"
std::string flow_upsert_sql();
// "UPDATE flows SET <columns changing at least that often> = ?4... WHERE id = ?1 AND
// session_id = ?2 AND flow_id = ?3"
std::string flow_update_sql(Change at_least);
// "session_id, flow_id, ..." in table order, for SELECTs read with read_flow().
std::string flow_select_list(std::string_view table_alias = "");

// Binds every column from index 1, or those changing at least that often from first_index.
void bind_flow(Statement& statement, const FlowRecord& flow, BoundText& text);
void bind_changing_columns(Statement& statement, int first_index, Change at_least, const FlowRecord& flow,
                           BoundText& text);
// A hash of the Change::Sometimes columns: equal signatures need only the counters UPDATE.
std::uint64_t sometimes_signature(const FlowRecord& flow);
FlowRecord read_flow(const Statement& row);

}  // namespace pt::store::repositories
