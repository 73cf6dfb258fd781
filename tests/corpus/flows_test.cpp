// Per-flow packets and bytes in each direction equal tshark's TCP and UDP conversations on every
// shared capture (precomputed in pcaps-reference/<capture>.flows.json by make_reference.py:
// frames whose first transport is tcp/udp, keyed by the unordered (address, port) pair, port
// reuse not split). Our flows sharing a 5-tuple are summed before comparing.

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "capture/file_source.hpp"
#include "engine/flow_table.hpp"
#include "packet/decode.hpp"
#include "support/corpus.hpp"

namespace pt {
namespace {

struct Counts {
  std::uint64_t packets_ab = 0, bytes_ab = 0, packets_ba = 0, bytes_ba = 0;
  friend bool operator==(const Counts&, const Counts&) = default;
};
// (proto, a, a_port, b, b_port) with (a, a_port) <= (b, b_port) compared as Python tuples of (str, int).
using Key = std::tuple<std::string, std::string, int, std::string, int>;

Key make_key(const std::string& proto, const std::string& x, int xp, const std::string& y, int yp, bool& forward) {
  forward = std::tie(x, xp) <= std::tie(y, yp);
  return forward ? Key{proto, x, xp, y, yp} : Key{proto, y, yp, x, xp};
}

class Collect : public engine::FlowEndHandler {
 public:
  void on_flow_end(engine::FlowEntry& e, engine::FlowEnd) override { rows.push_back(e.row); }
  std::vector<engine::FlowRow> rows;
};

// Captures whose flows differ from tshark's by design, and why. Each entry must still differ
// (a stale entry fails), so this list stays honest.
struct Exception {
  const char* pattern;  // regex over the relative path
  const char* reason;
};
const Exception kExceptions[] = {
    {"^libpcap/pcap-invalid-version-2\\.pcap$", "libpcap refuses pcap format version 2.5 (tshark reads it)"},
    {"^ndpi/fuzz-2021-06-07-c6c72a0a56\\.pcap$", "tshark clamps frame.len at 2^31-1; the record claims more"},
    {"^tcpdump/bigtcp-ipv6(-geneve-ipv[46]|-vxlan-ipv[46])?\\.pcap$",
     "IPv6 jumbograms (BIG TCP, RFC 2675 jumbo payload option, payload length 0): tshark 4.0 stops at the "
     "hop-by-hop header; we take the captured length as the datagram's and count its TCP/UDP"},
    {"^zeek/ipv6-mobility-dst-opts\\.pcap$",
     "a Home Address option (RFC 6275) declared 1 byte long: tshark reads 16 bytes and goes on to UDP; we follow "
     "RFC 8200 section 4.2 and call the header malformed"},
};

const char* exception_for(const std::string& rel) {
  for (const auto& e : kExceptions) {
    if (std::regex_search(rel, std::regex(e.pattern))) return e.reason;
  }
  return nullptr;
}

struct FileResult {
  bool readable = true;
  std::size_t compared = 0;
  std::size_t fragmented = 0;  // flows with attributed non-first fragments (tshark counts only the first)
  std::vector<std::string> mismatches;
};

FileResult compare_file(const std::filesystem::path& shared, const std::filesystem::path& rel) {
  FileResult result;
  std::map<Key, Counts> theirs;
  std::ifstream ref(test::reference_file(shared, rel, "flows.json"));
  if (ref) {
    for (const auto& f : nlohmann::json::parse(ref)) {
      theirs[{f["proto"], f["a"], f["a_port"], f["b"], f["b_port"]}] = {f["packets_ab"], f["bytes_ab"], f["packets_ba"],
                                                                        f["bytes_ba"]};
    }
  }
  Collect collect;
  engine::FlowTable table({.capacity = 65536}, collect);
  try {
    capture::FileSource source(shared / "pcaps" / rel);
    packet::Frame frame;
    packet::Packet p;
    while (source.next(frame) == capture::ReadStatus::Frame) {
      packet::decode(frame, p);
      table.update(p);
    }
  } catch (const capture::CaptureError&) {
    result.readable = false;
  }
  table.end_all(engine::FlowEnd::Shutdown);

  std::map<Key, Counts> ours;
  std::set<Key> fragmented;
  for (const auto& r : collect.rows) {
    if (r.protocol != 6 && r.protocol != 17) continue;
    bool forward = true;
    const auto key = make_key(r.protocol == 6 ? "tcp" : "udp", r.src.to_string(), r.src_port.value, r.dst.to_string(),
                              r.dst_port.value, forward);
    auto& c = ours[key];
    (forward ? c.packets_ab : c.packets_ba) += r.packets_sent;
    (forward ? c.bytes_ab : c.bytes_ba) += r.bytes_sent;
    (forward ? c.packets_ba : c.packets_ab) += r.packets_recv;
    (forward ? c.bytes_ba : c.bytes_ab) += r.bytes_recv;
    if (r.fragments > 0) fragmented.insert(key);
  }
  std::set<Key> keys;
  for (const auto& [k, _] : theirs) keys.insert(k);
  for (const auto& [k, _] : ours) keys.insert(k);
  for (const auto& k : keys) {
    if (fragmented.contains(k)) {
      ++result.fragmented;
      continue;
    }
    ++result.compared;
    const auto a = ours.find(k);
    const auto b = theirs.find(k);
    const Counts mine = a == ours.end() ? Counts{} : a->second;
    const Counts ref_counts = b == theirs.end() ? Counts{} : b->second;
    if (mine == ref_counts) continue;
    const auto& [proto, x, xp, y, yp] = k;
    result.mismatches.push_back(proto + " " + x + ":" + std::to_string(xp) + " <-> " + y + ":" + std::to_string(yp) +
                                " ours " + std::to_string(mine.packets_ab) + "/" + std::to_string(mine.bytes_ab) + " " +
                                std::to_string(mine.packets_ba) + "/" + std::to_string(mine.bytes_ba) + " tshark " +
                                std::to_string(ref_counts.packets_ab) + "/" + std::to_string(ref_counts.bytes_ab) +
                                " " + std::to_string(ref_counts.packets_ba) + "/" +
                                std::to_string(ref_counts.bytes_ba));
  }
  return result;
}

TEST(CorpusFlows, EveryCaptureAgreesWithTsharkConversations) {
  const auto shared = test::shared_dir();
  if (!shared) GTEST_SKIP() << "shared corpus not found (set PT_SHARED_DIR to the folder holding pcaps/)";
  std::size_t files = 0, exact = 0, flows = 0, fragmented = 0, excepted = 0;
  std::vector<std::string> failures;
  for (const auto& rel : test::corpus_captures(*shared)) {
    ++files;
    const auto r = compare_file(*shared, rel);
    flows += r.compared;
    fragmented += r.fragmented;
    const char* reason = exception_for(rel.string());
    if (r.mismatches.empty()) {
      ++exact;
      if (reason != nullptr) failures.push_back(rel.string() + ": listed as an exception (" + reason + ") but agrees");
      continue;
    }
    if (reason != nullptr) {
      ++excepted;
      continue;
    }
    std::string text =
        rel.string() + ": " + std::to_string(r.mismatches.size()) + " flows differ, e.g. " + r.mismatches.front();
    failures.push_back(text);
  }
  std::cout << "[corpus flows] " << files << " captures, " << exact << " agree exactly, " << excepted
            << " named exceptions; " << flows << " flows compared, " << fragmented
            << " flows with attributed fragments left out\n";
  for (const auto& f : failures) ADD_FAILURE() << f;
}

}  // namespace
}  // namespace pt
