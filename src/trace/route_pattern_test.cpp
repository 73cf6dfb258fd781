#include "trace/route_pattern.hpp"

#include <gtest/gtest.h>

namespace pt::trace {
namespace {

RoutePattern pattern(std::initializer_list<const char*> hops, bool reached = true,
                     std::vector<std::uint32_t> as_path = {}) {
  RoutePattern p;
  p.destination = *util::IpAddress::parse("10.0.2.2");
  for (const auto* h : hops)
    p.hops.push_back(std::string_view(h) == "*" ? util::IpAddress{} : *util::IpAddress::parse(h));
  p.reached = reached;
  p.as_path = std::move(as_path);
  p.times_seen = 1;
  p.first_seen = p.last_seen = util::from_unix_seconds(1000);
  return p;
}

TEST(RoutePattern, SameRouteIsNoChange) {
  EXPECT_FALSE(detect_route_change(pattern({"10.0.1.1", "10.0.12.2", "10.0.2.2"}),
                                   pattern({"10.0.1.1", "10.0.12.2", "10.0.2.2"})));
}

TEST(RoutePattern, SilentHopsAreLossNotChange) {
  const auto before = pattern({"10.0.1.1", "10.0.12.2", "10.0.2.2"});
  EXPECT_FALSE(detect_route_change(before, pattern({"10.0.1.1", "*", "10.0.2.2"})));
  // The target stopped answering: thirty silent hops after the first.
  EXPECT_FALSE(detect_route_change(before, pattern({"10.0.1.1", "*", "*", "*", "*", "*"}, false)));
  // Nothing answered at all: no information, no change.
  EXPECT_FALSE(detect_route_change(before, pattern({"*", "*", "*"}, false)));
}

TEST(RoutePattern, AnInsertedRouterIsOneAddedHop) {
  const auto change = detect_route_change(pattern({"10.0.1.1", "10.0.12.2", "10.0.2.2"}),
                                          pattern({"10.0.1.1", "10.0.13.2", "10.0.12.2", "10.0.2.2"}), 7);
  ASSERT_TRUE(change);
  ASSERT_EQ(change->hops.size(), 1U);
  EXPECT_EQ(change->hops[0].kind, HopChangeKind::Added);
  EXPECT_EQ(change->hops[0].ttl.value, 2);
  EXPECT_EQ(change->hops[0].after.to_string(), "10.0.13.2");
  EXPECT_EQ(change->trace_id, 7U);
  EXPECT_EQ(change->before.size(), 3U);
  EXPECT_EQ(change->after.size(), 4U);
  EXPECT_EQ(change->summary(), "hop 2 added 10.0.13.2");
}

TEST(RoutePattern, ARemovedRouter) {
  const auto change = detect_route_change(pattern({"10.0.1.1", "10.0.13.2", "10.0.12.2", "10.0.2.2"}),
                                          pattern({"10.0.1.1", "10.0.12.2", "10.0.2.2"}));
  ASSERT_TRUE(change);
  ASSERT_EQ(change->hops.size(), 1U);
  EXPECT_EQ(change->hops[0].kind, HopChangeKind::Removed);
  EXPECT_EQ(change->hops[0].before.to_string(), "10.0.13.2");
}

TEST(RoutePattern, AReplacedRouterAndADifferentAsPath) {
  const auto change = detect_route_change(pattern({"10.0.1.1", "192.0.2.1", "10.0.2.2"}, true, {64500, 64501}),
                                          pattern({"10.0.1.1", "198.51.100.1", "10.0.2.2"}, true, {64500, 64502}));
  ASSERT_TRUE(change);
  ASSERT_EQ(change->hops.size(), 1U);
  EXPECT_EQ(change->hops[0].kind, HopChangeKind::Replaced);
  EXPECT_EQ(change->hops[0].before.to_string(), "192.0.2.1");
  EXPECT_EQ(change->hops[0].after.to_string(), "198.51.100.1");
  EXPECT_TRUE(change->as_path_changed());
  EXPECT_EQ(change->summary(), "hop 2 192.0.2.1 -> 198.51.100.1; AS path 64500 64501 -> 64500 64502");
}

TEST(RoutePattern, MergeFillsSilentHopsAndKeepsHistory) {
  auto before = pattern({"10.0.1.1", "10.0.12.2", "10.0.2.2"});
  before.times_seen = 4;
  auto now = pattern({"10.0.1.1", "*", "*", "*"}, false);
  now.last_seen = util::from_unix_seconds(2000);
  const auto merged = merge_pattern(before, now);
  EXPECT_EQ(merged.signature(), "10.0.1.1 10.0.12.2 10.0.2.2");
  EXPECT_TRUE(merged.reached);
  EXPECT_EQ(merged.times_seen, 5U);
  EXPECT_EQ(merged.first_seen, before.first_seen);
  EXPECT_EQ(merged.last_seen, now.last_seen);
}

TEST(RoutePattern, PatternOfATrace) {
  TraceResult t;
  t.target = *util::IpAddress::parse("10.0.2.2");
  t.status = TraceStatus::Reached;
  for (const char* a : {"10.0.1.1", "*", "10.0.2.2"}) {
    HopResult h;
    h.ttl = util::Ttl{static_cast<std::uint8_t>(t.hops.size() + 1)};
    if (std::string_view(a) != "*") h.responders.push_back({*util::IpAddress::parse(a), 1, {}});
    t.hops.push_back(h);
  }
  t.hops[0].responders[0].names.asn = 64500;
  t.hops[2].responders[0].names.asn = 64500;
  const auto p = pattern_of(t);
  EXPECT_EQ(p.signature(), "10.0.1.1 * 10.0.2.2");
  EXPECT_EQ(p.as_path, (std::vector<std::uint32_t>{64500}));
  EXPECT_TRUE(p.reached);
}

}  // namespace
}  // namespace pt::trace
