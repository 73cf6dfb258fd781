#pragma once
// tshark's TCP and UDP conversations as pcaps-reference/<capture>.flows.json holds them
// (make_reference.py: keyed by the unordered (address, port) pair, a <= b compared as Python
// tuples of (str, int), port reuse not split), and the comparison of our flows with them: flows
// sharing a 5-tuple are summed first. Header-only: nlohmann_json is header-only too.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace pt::test {

struct ConversationCounts {
  std::uint64_t packets_ab = 0, bytes_ab = 0, packets_ba = 0, bytes_ba = 0;
  friend bool operator==(const ConversationCounts&, const ConversationCounts&) = default;
};
// (proto, a, a_port, b, b_port) with (a, a_port) <= (b, b_port).
using ConversationKey = std::tuple<std::string, std::string, int, std::string, int>;
using Conversations = std::map<ConversationKey, ConversationCounts>;

// tshark's conversations of one capture; empty when the reference file is absent.
inline Conversations load_tshark_conversations(const std::filesystem::path& flows_json) {
  Conversations out;
  std::ifstream in(flows_json);
  if (!in) return out;
  for (const auto& f : nlohmann::json::parse(in)) {
    out[{f["proto"], f["a"], f["a_port"], f["b"], f["b_port"]}] = {f["packets_ab"], f["bytes_ab"], f["packets_ba"],
                                                                   f["bytes_ba"]};
  }
  return out;
}

// One flow of ours (src = initiator) added to its conversation; returns the key.
inline ConversationKey add_flow(Conversations& into, const std::string& proto, const std::string& src, int sport,
                                const std::string& dst, int dport, const ConversationCounts& sent_recv) {
  const bool forward = std::tie(src, sport) <= std::tie(dst, dport);
  const ConversationKey key =
      forward ? ConversationKey{proto, src, sport, dst, dport} : ConversationKey{proto, dst, dport, src, sport};
  auto& c = into[key];
  // sent_recv holds packets/bytes sent in *_ab and received in *_ba.
  (forward ? c.packets_ab : c.packets_ba) += sent_recv.packets_ab;
  (forward ? c.bytes_ab : c.bytes_ba) += sent_recv.bytes_ab;
  (forward ? c.packets_ba : c.packets_ab) += sent_recv.packets_ba;
  (forward ? c.bytes_ba : c.bytes_ab) += sent_recv.bytes_ba;
  return key;
}

struct ConversationDiff {
  std::size_t compared = 0;
  std::size_t left_out = 0;  // keys in `skip` (e.g. flows with attributed non-first fragments)
  std::vector<std::string> mismatches;
};

// Every conversation either side has, compared exactly, except the keys in `skip`.
inline ConversationDiff compare_conversations(const Conversations& ours, const Conversations& theirs,
                                              const std::set<ConversationKey>& skip) {
  ConversationDiff diff;
  std::set<ConversationKey> keys;
  for (const auto& [k, _] : theirs) keys.insert(k);
  for (const auto& [k, _] : ours) keys.insert(k);
  const auto text = [](const ConversationCounts& c) {
    return std::to_string(c.packets_ab) + "/" + std::to_string(c.bytes_ab) + " " + std::to_string(c.packets_ba) + "/" +
           std::to_string(c.bytes_ba);
  };
  for (const auto& k : keys) {
    if (skip.contains(k)) {
      ++diff.left_out;
      continue;
    }
    ++diff.compared;
    const auto a = ours.find(k);
    const auto b = theirs.find(k);
    const ConversationCounts mine = a == ours.end() ? ConversationCounts{} : a->second;
    const ConversationCounts ref = b == theirs.end() ? ConversationCounts{} : b->second;
    if (mine == ref) continue;
    const auto& [proto, x, xp, y, yp] = k;
    diff.mismatches.push_back(proto + " " + x + ":" + std::to_string(xp) + " <-> " + y + ":" + std::to_string(yp) +
                              " ours " + text(mine) + " tshark " + text(ref));
  }
  return diff;
}

}  // namespace pt::test
