#include "ui/stats_model.hpp"

#include <gtest/gtest.h>

#include "ui/fake_source.hpp"

namespace pt::ui {
namespace {

using testing::FakeSource;
using testing::found;
using testing::ip;
using testing::make_flow;
using testing::make_snapshot;

class StatsModelTest : public ::testing::Test {
 protected:
  FakeSource source;
  Annotator names{source};

  void SetUp() override {
    source.labels[ip("8.8.8.8")] = found("dns.google", "dns.google", "US", "United States", "", 15169, "GOOGLE");
    source.labels[ip("8.8.4.4")] = found("dns.google", "dns.google", "US", "United States", "", 15169, "GOOGLE");
    source.labels[ip("1.1.1.1")] = found("one.one.one.one", "one.one", "AU", "Australia", "", 13335, "CLOUDFLARENET");
  }
};

const Share* find(const std::vector<Share>& shares, std::string_view label) {
  for (const auto& s : shares) {
    if (s.label == label) return &s;
  }
  return nullptr;
}

std::shared_ptr<engine::Snapshot> sample() {
  return make_snapshot({
      make_flow({.dst = "8.8.8.8", .bytes_sent = 100, .bytes_recv = 900}),
      make_flow({.dst = "8.8.4.4", .bytes_sent = 100, .bytes_recv = 400}),
      make_flow({.src = "192.168.1.11", .dst = "1.1.1.1", .bytes_sent = 50, .bytes_recv = 150}),
      make_flow({.src = "192.168.1.11", .dst = "192.168.1.1", .bytes_sent = 10, .bytes_recv = 10}),
      // The remote end is the public one whichever side sent first.
      make_flow({.src = "1.1.1.1", .dst = "192.168.1.10", .bytes_sent = 30, .bytes_recv = 70}),
  });
}

TEST_F(StatsModelTest, GroupsRemoteTrafficByCountryOwnerAndDomain) {
  const auto snap = sample();
  const StatsModel m = build_stats(*snap, scope_flows(*snap, {}), names);
  EXPECT_EQ(m.flows, 5U);
  EXPECT_EQ(m.bytes, 1820U);
  EXPECT_EQ(m.hosts, 6U);  // .10, .11 and .1 locally; 8.8.8.8, 8.8.4.4 and 1.1.1.1
  ASSERT_NE(find(m.countries, "United States"), nullptr);
  EXPECT_EQ(find(m.countries, "United States")->bytes, 1500U);
  EXPECT_EQ(find(m.countries, "United States")->flows, 2U);
  EXPECT_EQ(find(m.countries, "Australia")->bytes, 300U);
  EXPECT_EQ(find(m.countries, "Local network")->bytes, 20U);
  EXPECT_EQ(m.countries.front().label, "United States");  // bytes descending
  EXPECT_EQ(find(m.owners, "AS15169 GOOGLE")->bytes, 1500U);
  EXPECT_EQ(find(m.owners, "AS13335 CLOUDFLARENET")->flows, 2U);
  ASSERT_NE(find(m.domains, "dns.google"), nullptr);
  EXPECT_EQ(find(m.domains, "dns.google")->detail, "2 hosts");
  EXPECT_EQ(find(m.domains, "one.one")->detail, "1 host");
  EXPECT_EQ(m.pending, 0U);
}

TEST_F(StatsModelTest, TopTalkersCountEveryEndpointWithItsName) {
  const auto snap = sample();
  const StatsModel m = build_stats(*snap, scope_flows(*snap, {}), names);
  ASSERT_GE(m.talkers.size(), 2U);
  EXPECT_EQ(m.talkers[0].label, "192.168.1.10");  // 1000 + 500 + 100
  EXPECT_EQ(m.talkers[0].bytes, 1600U);
  EXPECT_EQ(m.talkers[1].label, "8.8.8.8");
  EXPECT_EQ(m.talkers[1].detail, "dns.google");
}

TEST_F(StatsModelTest, UnresolvedRemotesAreCountedAsPending) {
  const auto snap = make_snapshot({make_flow({.dst = "203.0.113.7"}), make_flow({.dst = "198.18.0.1"})});
  const StatsModel m = build_stats(*snap, scope_flows(*snap, {}), names);
  // 203.0.113.0/24 is documentation space: local, never looked up. 198.18/15 likewise.
  EXPECT_EQ(m.pending, 0U);
  const auto public_snap = make_snapshot({make_flow({.dst = "5.6.7.8"})});
  const StatsModel p = build_stats(*public_snap, scope_flows(*public_snap, {}), names);
  EXPECT_EQ(p.pending, 1U);
  EXPECT_EQ(find(p.countries, "(resolving)")->flows, 1U);
}

TEST_F(StatsModelTest, AKeptBuilderForgetsHostsThatLeftAndCountsOnlyCurrentOnes) {
  StatsBuilder builder;
  std::vector<engine::FlowRow> many;
  many.reserve(3000);
  for (int i = 0; i < 3000; ++i) {
    many.push_back(make_flow({.dst = "11." + std::to_string(i / 250) + "." + std::to_string(i % 250) + ".1"}));
  }
  const auto big = make_snapshot(std::move(many));
  EXPECT_EQ(builder.build(*big, scope_flows(*big, {}), names).hosts, 3001U);
  const auto snap = sample();
  for (int round = 0; round < 3; ++round) {
    const StatsModel m = builder.build(*snap, scope_flows(*snap, {}), names);
    EXPECT_EQ(m.hosts, 6U);
    EXPECT_EQ(find(m.countries, "United States")->bytes, 1500U);
    EXPECT_EQ(m.talkers[0].bytes, 1600U);
  }
  const StatsModel again = builder.build(*big, scope_flows(*big, {}), names);
  EXPECT_EQ(again.hosts, 3001U);
  EXPECT_EQ(again.flows, 3000U);
}

TEST_F(StatsModelTest, SelectedFlowsOnlyWithTheirOwnProtocolMix) {
  const auto snap = sample();
  Selection selection;
  selection.add(FlowIdentity::of(snap->flows[2]));
  const StatsModel m = build_stats(*snap, scope_flows(*snap, selection), names);
  EXPECT_TRUE(m.selected);
  EXPECT_EQ(m.flows, 1U);
  ASSERT_EQ(m.countries.size(), 1U);
  EXPECT_EQ(m.countries[0].label, "Australia");
  ASSERT_EQ(m.protocols.size(), 1U);
  EXPECT_EQ(m.protocols[0].label, "tcp");
}

}  // namespace
}  // namespace pt::ui
