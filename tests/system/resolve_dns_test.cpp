// Reverse DNS end to end through the Resolver facade against real peers on loopback: Debian's
// dnsmasq serving v4 and v6 PTR records, a dead server (nothing listening), a slow server that
// answers after DNS_TIMEOUT, and a server whose PTR target carries terminal escape sequences.

#include <gtest/gtest.h>

#include <thread>

#include "resolve/resolver.hpp"
#include "resolve/reverse_dns.hpp"
#include "support/resolve_dns_responder.hpp"
#include "support/resolve_dnsmasq.hpp"

namespace pt::resolve {
namespace {

using namespace std::chrono_literals;

util::IpAddress ip(const char* text) { return *util::IpAddress::parse(text); }

template <typename Predicate>
bool eventually(Predicate done, std::chrono::milliseconds limit = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return done();
}

ResolverConfig dns_only(const std::string& servers) {
  ResolverConfig c;  // no geo databases: this suite is about names
  c.dns.servers = servers;
  return c;
}

HostAnnotation settled(Resolver& resolver, const util::IpAddress& address) {
  resolver.annotate(address);
  eventually([&] { return resolver.annotate(address).ptr_state != LookupState::Pending; });
  return resolver.annotate(address);
}

class ResolveDnsmasqTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::Dnsmasq::available()) GTEST_SKIP() << "dnsmasq is not installed (scripts/install-deps.sh)";
    dnsmasq_ = std::make_unique<test::Dnsmasq>(std::vector<std::string>{
        "--host-record=router1.lab.test,10.0.1.1",
        "--host-record=dns6.lab.test,2001:4860:4860::8888",
        "--ptr-record=8.8.8.8.in-addr.arpa,dns.google",
        "--ptr-record=34.216.184.93.in-addr.arpa,edge-42.lax.example-cdn.co.uk",
    });
    ASSERT_TRUE(dnsmasq_->running()) << dnsmasq_->error();
  }
  std::unique_ptr<test::Dnsmasq> dnsmasq_;
};

TEST_F(ResolveDnsmasqTest, V4AndV6PtrThroughTheFacade) {
  Resolver resolver(dns_only(dnsmasq_->server()));
  resolver.start();
  const auto v4 = settled(resolver, ip("8.8.8.8"));
  EXPECT_EQ(v4.ptr_state, LookupState::Ready);
  EXPECT_EQ(v4.ptr.fqdn, "dns.google");
  const auto v6 = settled(resolver, ip("2001:4860:4860::8888"));
  EXPECT_EQ(v6.ptr_state, LookupState::Ready);
  EXPECT_EQ(v6.ptr.fqdn, "dns6.lab.test");
  EXPECT_EQ(v6.ptr.hostname, "dns6");
  EXPECT_EQ(v6.ptr.domain, "lab.test");
  const auto cdn = settled(resolver, ip("93.184.216.34"));
  EXPECT_EQ(cdn.ptr.hostname, "edge-42");
  EXPECT_EQ(cdn.ptr.domain, "example-cdn.co.uk");
  EXPECT_EQ(resolver.registrable_domain(ip("93.184.216.34")), "example-cdn.co.uk");
}

TEST_F(ResolveDnsmasqTest, UnknownAddressIsNoPtrNotAFailure) {
  Resolver resolver(dns_only(dnsmasq_->server()));
  resolver.start();
  const auto a = settled(resolver, ip("9.9.9.9"));
  EXPECT_EQ(a.ptr_state, LookupState::Ready);
  EXPECT_EQ(a.ptr_failure, FailureReason::NoRecord);
  EXPECT_EQ(resolver.stats().ptr_no_record, 1U);
}

TEST_F(ResolveDnsmasqTest, PrivateAddressesAreNotSentEvenWhenTheServerKnowsThem) {
  Resolver resolver(dns_only(dnsmasq_->server()));
  resolver.start();
  const auto a = resolver.annotate(ip("10.0.1.1"));
  EXPECT_EQ(a.local_label, "Private network");
  EXPECT_EQ(a.ptr_state, LookupState::None);
  EXPECT_EQ(resolver.stats().ptr_pending, 0U);
}

TEST(ResolveDnsPeersTest, DeadServerIsResolverDown) {
  Resolver resolver(dns_only("127.0.0.1:" + std::to_string(test::unused_udp_port())));
  resolver.start();
  const auto a = settled(resolver, ip("8.8.8.8"));
  EXPECT_EQ(a.ptr_state, LookupState::Failed);
  EXPECT_NE(a.ptr_failure, FailureReason::NoRecord);
}

TEST(ResolveDnsPeersTest, SlowServerTimesOutAtDnsTimeoutWithoutBlockingTheCaller) {
  test::DnsResponder slow;
  slow.add_ptr("8.8.8.8.in-addr.arpa", "dns.google");
  slow.set_delay(2500ms);
  Resolver resolver(dns_only(slow.server()));  // default DNS_TIMEOUT: 1 s
  resolver.start();
  const auto call_start = std::chrono::steady_clock::now();
  EXPECT_EQ(resolver.annotate(ip("8.8.8.8")).ptr_state, LookupState::Pending);
  EXPECT_LT(std::chrono::steady_clock::now() - call_start, 100ms);
  ASSERT_TRUE(eventually([&] { return resolver.annotate(ip("8.8.8.8")).ptr_state != LookupState::Pending; }));
  const auto took = std::chrono::steady_clock::now() - call_start;
  const auto a = resolver.annotate(ip("8.8.8.8"));
  EXPECT_EQ(a.ptr_state, LookupState::Failed);
  EXPECT_EQ(a.ptr_failure, FailureReason::Timeout);
  EXPECT_GE(took, 900ms);
  EXPECT_LT(took, 2400ms);
}

TEST(ResolveDnsPeersTest, EscapeSequenceInPtrComesOutSanitized) {
  test::DnsResponder evil;  // dnsmasq refuses to load such a record; a hostile server would not
  evil.add_ptr("6.6.6.6.in-addr.arpa", "x\x1b]0;owned\x07.\x1b[2Jevil.example.com");
  Resolver resolver(dns_only(evil.server()));
  resolver.start();
  const auto a = settled(resolver, ip("6.6.6.6"));
  ASSERT_EQ(a.ptr_state, LookupState::Ready);
  for (const std::string* s : {&a.ptr.fqdn, &a.ptr.hostname, &a.ptr.domain, &a.ptr.display_name, &a.display.fqdn}) {
    EXPECT_EQ(s->find('\x1b'), std::string::npos) << *s;
    EXPECT_EQ(s->find('\x07'), std::string::npos) << *s;
  }
  EXPECT_EQ(a.ptr.domain, "example.com");
}

}  // namespace
}  // namespace pt::resolve
