#include "resolve/reverse_dns.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <map>
#include <mutex>

#include "support/resolve_dns_responder.hpp"

namespace pt::resolve {
namespace {

using namespace std::chrono_literals;

util::IpAddress ip(const char* text) { return *util::IpAddress::parse(text); }

// Collects callbacks and lets the test wait for them with a generous deadline.
class Results {
 public:
  ReverseDns::Callback callback() {
    return [this](const PtrResult& r) {
      std::lock_guard lock(mutex_);
      results_[r.address] = r;
      changed_.notify_all();
    };
  }
  std::optional<PtrResult> wait_for(const util::IpAddress& a, std::chrono::milliseconds limit = 10s) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, limit, [&] { return results_.count(a) != 0; });
    if (auto it = results_.find(a); it != results_.end()) return it->second;
    return std::nullopt;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<util::IpAddress, PtrResult> results_;
};

TEST(ReverseDnsTest, FindsV4AndV6AndTellsNoRecordApart) {
  test::DnsResponder dns;
  dns.add_ptr("8.8.8.8.in-addr.arpa", "dns.google");
  dns.add_ptr(ip("2001:4860:4860::8888").reverse_dns_name(), "dns.google");
  Results results;
  ReverseDns resolver({.servers = dns.server()}, results.callback());
  ASSERT_TRUE(resolver.submit(ip("8.8.8.8")));
  ASSERT_TRUE(resolver.submit(ip("2001:4860:4860::8888")));
  ASSERT_TRUE(resolver.submit(ip("192.0.2.99")));

  auto v4 = results.wait_for(ip("8.8.8.8"));
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->failure, FailureReason::None);
  EXPECT_EQ(v4->name, "dns.google");
  auto v6 = results.wait_for(ip("2001:4860:4860::8888"));
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->name, "dns.google");
  auto none = results.wait_for(ip("192.0.2.99"));
  ASSERT_TRUE(none);
  EXPECT_EQ(none->failure, FailureReason::NoRecord);
  EXPECT_EQ(resolver.stats().completed, 3U);
}

TEST(ReverseDnsTest, DeadServerIsResolverDownNotNoRecord) {
  Results results;
  ReverseDns resolver({.servers = "127.0.0.1:" + std::to_string(test::unused_udp_port())}, results.callback());
  ASSERT_TRUE(resolver.submit(ip("8.8.4.4")));
  auto r = results.wait_for(ip("8.8.4.4"));
  ASSERT_TRUE(r);
  EXPECT_NE(r->failure, FailureReason::NoRecord);
  EXPECT_NE(r->failure, FailureReason::None);
}

TEST(ReverseDnsTest, SlowServerTimesOutAfterDnsTimeout) {
  test::DnsResponder dns;
  dns.add_ptr("1.1.1.1.in-addr.arpa", "one.one.one.one");
  dns.set_delay(1500ms);
  Results results;
  ReverseDns resolver({.servers = dns.server(), .timeout = 300ms}, results.callback());
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(resolver.submit(ip("1.1.1.1")));
  auto r = results.wait_for(ip("1.1.1.1"));
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(r);
  EXPECT_EQ(r->failure, FailureReason::Timeout);
  EXPECT_GE(took, 250ms);
  EXPECT_LT(took, 1400ms);  // gave up before the late answer came
}

TEST(ReverseDnsTest, EscapeBytesInPtrTargetNeverComeOutRaw) {
  test::DnsResponder dns;
  dns.add_ptr("6.6.6.6.in-addr.arpa", "evil\x1b[31mred.example.com");
  Results results;
  ReverseDns resolver({.servers = dns.server()}, results.callback());
  ASSERT_TRUE(resolver.submit(ip("6.6.6.6")));
  auto r = results.wait_for(ip("6.6.6.6"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->failure, FailureReason::None);
  EXPECT_EQ(r->name.find('\x1b'), std::string::npos) << r->name;
  EXPECT_NE(r->name.find("red.example.com"), std::string::npos) << r->name;
}

TEST(ReverseDnsTest, FullQueueRefusesAtOnce) {
  Results results;
  ReverseDns resolver(
      {.servers = "127.0.0.1:" + std::to_string(test::unused_udp_port()), .max_in_flight = 1, .queue_capacity = 2},
      results.callback());
  int accepted = 0;
  const auto start = std::chrono::steady_clock::now();
  for (std::uint32_t i = 0; i < 100; ++i) accepted += resolver.submit(util::IpAddress::v4(0x0A000000U + i)) ? 1 : 0;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 50ms);
  EXPECT_LT(accepted, 100);
  EXPECT_EQ(resolver.stats().dropped, static_cast<std::uint64_t>(100 - accepted));
}

TEST(ReverseDnsTest, BadServerListIsATypedError) {
  Results results;
  try {
    ReverseDns resolver({.servers = "not an address"}, results.callback());
    FAIL() << "expected ResolveError";
  } catch (const ResolveError& e) {
    EXPECT_EQ(e.kind(), ResolveError::Kind::BadServers);
  }
}

}  // namespace
}  // namespace pt::resolve
