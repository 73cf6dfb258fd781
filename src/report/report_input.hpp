#pragma once
// Everything a report is made from: the engine's final snapshot, every flow of the run (the
// table only holds live flows; ended ones are collected by the caller), where the packets came
// from, and optional per-address annotations (geo, names, ownership) supplied by the app.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>

#include "engine/flow_row.hpp"
#include "engine/snapshot.hpp"
#include "util/ip_address.hpp"

namespace pt::report {

struct SourceInfo {
  std::string kind;                   // "file", "live" or "session"
  std::string name;                   // file path, interface list, or session description
  std::string filter;                 // BPF filter, if any
  bool has_capture_counters = false;  // live: kernel counters below are meaningful
  std::uint64_t received = 0;
  std::uint64_t dropped = 0;
  std::uint64_t interface_dropped = 0;
  std::string error;         // why reading stopped early (e.g. a file cut short), empty when it did not
  std::int64_t session = 0;  // kind "session": the stored session's id
};

// What the resolution layer knows about an address; empty strings are simply left out.
struct HostAnnotation {
  std::string fqdn;
  std::string domain;
  std::string country;  // ISO code
  std::string country_name;
  std::string city;
  std::uint32_t asn = 0;
  std::string as_name;
};
using Annotator = std::function<std::optional<HostAnnotation>(const util::IpAddress&)>;

// What the input can tell. A capture knows everything; a stored session (--session ID) only what
// the database keeps, and the reports leave the rest out rather than print zeros for it.
struct ReportContents {
  bool frame_counters = true;   // first_ts, last_ts, link_types, protocols, decode, tunnels, fragments
  bool engine_counters = true;  // flow_table capacity and fragments_*, classifier
  bool packet_analysis = true;  // hops[]; analysis protocols, packet_sizes, tcp_flags, icmp_types, throughput
};

struct ReportInput {
  const engine::Snapshot& snapshot;
  std::span<const engine::FlowRow> flows;  // every flow of the run
  SourceInfo source;
  Annotator annotate;         // may be empty
  std::size_t text_top = 20;  // rows per table in the text report
  ReportContents contents{};
};

}  // namespace pt::report
