#include "ui/annotator.hpp"

#include <gtest/gtest.h>

#include "ui/fake_source.hpp"

namespace pt::ui {
namespace {

using std::chrono::milliseconds;
using testing::FakeSource;
using testing::found;
using testing::ip;

class AnnotatorTest : public ::testing::Test {
 protected:
  FakeSource source;
  SteadyTime now{};

  void frame(Annotator& names, milliseconds later) {
    now += later;
    names.set_now(now);
  }
};

TEST_F(AnnotatorTest, AsksTheSourceOncePerAddressUntilTheAnswerIsOld) {
  source.labels[ip("8.8.8.8")] = found("dns.google", "dns.google", "US", "United States", "", 15169, "GOOGLE");
  Annotator names(source, {.pending_retry = milliseconds(500), .refresh = milliseconds(10'000)});
  names.set_now(now);
  EXPECT_EQ(names.get(ip("8.8.8.8")).fqdn, "dns.google");
  frame(names, milliseconds(9'000));
  EXPECT_EQ(names.get(ip("8.8.8.8")).asn, 15169U);
  EXPECT_EQ(source.annotate_calls, 1);
  frame(names, milliseconds(1'000));
  names.get(ip("8.8.8.8"));
  EXPECT_EQ(source.annotate_calls, 2);
}

TEST_F(AnnotatorTest, PendingAnswersAreAskedAgainSoonAndShowOnceFound) {
  Annotator names(source, {.pending_retry = milliseconds(500), .refresh = milliseconds(10'000)});
  names.set_now(now);
  EXPECT_EQ(names.name(ip("1.1.1.1")), kPendingMark);
  source.labels[ip("1.1.1.1")] = found("one.one.one.one", "one.one", "AU", "Australia", "", 13335, "CLOUDFLARENET");
  frame(names, milliseconds(400));
  EXPECT_EQ(names.name(ip("1.1.1.1")), kPendingMark);
  frame(names, milliseconds(100));
  EXPECT_EQ(names.name(ip("1.1.1.1")), "one.one.one.one");
  EXPECT_EQ(names.owner(ip("1.1.1.1")), "AS13335 CLOUDFLARENET");
}

TEST_F(AnnotatorTest, NetworkStringsAreSanitizedOnTheWayIn) {
  source.labels[ip("9.9.9.9")] =
      found("evil\x1b]0;pwned\x07.example", "", "CH", "Switzerland", "", 19281, "QUAD9\x1b[2J");
  Annotator names(source);
  const HostLabel& l = names.get(ip("9.9.9.9"));
  EXPECT_EQ(l.fqdn.find('\x1b'), std::string::npos);
  EXPECT_EQ(l.as_name.find('\x1b'), std::string::npos);
}

TEST_F(AnnotatorTest, RefetchesPerFrameAreBoundedSoARefreshIsSpreadOverFrames) {
  Annotator names(source,
                  {.pending_retry = milliseconds(500), .refresh = milliseconds(10'000), .refetches_per_frame = 10});
  names.set_now(now);
  std::vector<util::IpAddress> hosts;
  for (int i = 1; i <= 25; ++i) hosts.push_back(ip("203.0.113." + std::to_string(i)));
  for (const auto& h : hosts) names.get(h);  // first answers are never held back
  EXPECT_EQ(source.annotate_calls, 25);
  frame(names, milliseconds(600));  // every one of them is pending again
  for (const auto& h : hosts) names.get(h);
  EXPECT_EQ(source.annotate_calls, 35);
  frame(names, milliseconds(100));
  for (const auto& h : hosts) names.get(h);
  EXPECT_EQ(source.annotate_calls, 45);
  frame(names, milliseconds(100));
  for (const auto& h : hosts) names.get(h);
  EXPECT_EQ(source.annotate_calls, 50);  // the last five; the first ten are not due yet
}

TEST_F(AnnotatorTest, HandleSkipsTheLookupAndSurvivesTheMemoStartingOver) {
  source.labels[ip("8.8.8.8")] = found("dns.google", "dns.google", "US", "United States", "", 15169, "GOOGLE");
  source.labels[ip("8.8.4.4")] = found("dns.google", "dns.google", "US", "United States", "", 15169, "GOOGLE");
  Annotator names(source, {.capacity = 2});
  names.set_now(now);
  Annotator::Handle handle;
  EXPECT_EQ(names.get(ip("8.8.8.8"), handle).asn, 15169U);
  EXPECT_EQ(names.get(ip("8.8.8.8"), handle).fqdn, "dns.google");
  EXPECT_EQ(source.annotate_calls, 1);
  names.get(ip("8.8.4.4"));
  names.get(ip("1.2.3.4"));  // over capacity: the memo starts over
  EXPECT_EQ(names.get(ip("8.8.8.8"), handle).fqdn, "dns.google");
  EXPECT_EQ(source.annotate_calls, 4);
  // A handle given with another address is not trusted.
  EXPECT_EQ(names.get(ip("8.8.4.4"), handle).fqdn, "dns.google");
  EXPECT_EQ(names.get(ip("1.2.3.4"), handle).geo_state, Lookup::Pending);
}

}  // namespace
}  // namespace pt::ui
