// The real binary's flows agree with tshark's conversations (issue 3 "Corpus", end to end):
// `packettracer -r F --report json` on ~30 shared captures picked across every source of the
// corpus, its flows[] summed per 5-tuple and compared with pcaps-reference/<F>.flows.json exactly
// (packets and on-wire bytes each way). tests/corpus/flows_test.cpp checks every capture in
// process; this one checks what reaches the user: the pipeline, its flow timeout and capacity
// (flows a timeout or a reused tuple split are summed again), and the JSON writer.

#include <gtest/gtest.h>

#include <iostream>
#include <map>

#include "support/conversations.hpp"
#include "support/corpus.hpp"
#include "support/process_packettracer.hpp"
#include "support/process_report.hpp"
#include "support/process_runner.hpp"

namespace pt::test {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t kPerSource = 4;
constexpr std::size_t kMaxCaptures = 30;
constexpr std::uintmax_t kMaxBytes = std::uintmax_t{4} << 20U;  // keeps ~30 ASan runs near a minute

// tshark read the capture cleanly and found TCP or UDP conversations in it.
bool has_conversations(const std::filesystem::path& shared, const std::filesystem::path& rel) {
  std::ifstream protocols(reference_file(shared, rel, "protocols.json"));
  if (!protocols) return false;
  const auto p = nlohmann::json::parse(protocols, nullptr, false);
  if (p.is_discarded() || p.value("tshark_rc", 1) != 0) return false;
  return !load_tshark_conversations(reference_file(shared, rel, "flows.json")).empty();
}

// Up to kPerSource captures from each source directory, spread evenly over its sorted list.
std::vector<std::filesystem::path> pick_captures(const std::filesystem::path& shared) {
  std::map<std::string, std::vector<std::filesystem::path>> by_source;
  for (const auto& rel : corpus_captures(shared)) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(shared / "pcaps" / rel, ec);
    if (ec || size > kMaxBytes || !has_conversations(shared, rel)) continue;
    by_source[rel.begin()->string()].push_back(rel);
  }
  // Round by round (the i-th pick of every source), so the cap drops picks evenly.
  std::vector<std::filesystem::path> picked;
  for (std::size_t round = 0; round < kPerSource; ++round) {
    for (const auto& [source, files] : by_source) {
      const std::size_t n = std::min(kPerSource, files.size());
      if (round < n && picked.size() < kMaxCaptures) picked.push_back(files[round * files.size() / n]);
    }
  }
  return picked;
}

struct BinaryResult {
  std::string failure;  // the run itself failed
  ConversationDiff diff;
  std::size_t flows = 0;
};

BinaryResult compare_binary(const std::filesystem::path& shared, const std::filesystem::path& rel,
                            const ScratchDir& dir) {
  BinaryResult out;
  const auto run = run_packettracer({"-r", (shared / "pcaps" / rel).string(), "--report", "json", "--no-db",
                                     "--no-resolve", "--log-file", (dir / "packettracer.log").string()},
                                    300s);
  if (!run.exited(0)) return {.failure = run.status() + ": " + run.err};
  const auto report = parse_report(run.out);
  if (!report) return {.failure = "stdout is not one JSON object"};
  Conversations ours;
  std::set<ConversationKey> fragmented;
  for (const auto& f : (*report)["flows"]) {
    const auto proto = f.value("proto", "");
    if (proto != "tcp" && proto != "udp") continue;
    ++out.flows;
    const ConversationCounts sent_recv{f["packets_sent"], f["bytes_sent"], f["packets_recv"], f["bytes_recv"]};
    const auto key = add_flow(ours, proto, f["src"], f["sport"], f["dst"], f["dport"], sent_recv);
    // tshark counts only the first fragment of a datagram; we attribute the later ones.
    if (f.value("fragments", 0) > 0) fragmented.insert(key);
  }
  out.diff =
      compare_conversations(ours, load_tshark_conversations(reference_file(shared, rel, "flows.json")), fragmented);
  return out;
}

TEST(CorpusBinaryFlows, TheBinarysFlowsAgreeWithTsharkConversations) {
  if (auto why = packettracer_unavailable_reason(); !why.empty()) GTEST_SKIP() << why;
  const auto shared = shared_dir();
  if (!shared) GTEST_SKIP() << "shared corpus not found (set PT_SHARED_DIR to the folder holding pcaps/)";
  const auto captures = pick_captures(*shared);
  ASSERT_GE(captures.size(), 20U) << "too few captures with conversations under " << *shared / "pcaps";
  ScratchDir dir("pt-binary-flows");
  std::size_t flows = 0, conversations = 0, left_out = 0;
  std::set<std::string> sources;
  for (const auto& rel : captures) {
    SCOPED_TRACE(rel.string());
    const auto r = compare_binary(*shared, rel, dir);
    ASSERT_EQ(r.failure, "") << "packettracer -r " << rel;
    flows += r.flows;
    conversations += r.diff.compared;
    left_out += r.diff.left_out;
    sources.insert(rel.begin()->string());
    if (!r.diff.mismatches.empty()) {
      ADD_FAILURE() << r.diff.mismatches.size() << " of " << r.diff.compared << " conversations differ, e.g. "
                    << r.diff.mismatches.front();
    }
  }
  std::cout << "[binary flows] " << captures.size() << " captures from " << sources.size() << " sources, " << flows
            << " tcp/udp flows, " << conversations << " conversations compared, " << left_out
            << " with attributed fragments left out\n";
}

}  // namespace
}  // namespace pt::test
