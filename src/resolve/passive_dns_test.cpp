#include "resolve/passive_dns.hpp"

#include <gtest/gtest.h>

namespace pt::resolve {
namespace {

using namespace std::chrono_literals;

util::IpAddress ip(const char* text) { return *util::IpAddress::parse(text); }
util::Timestamp at(int seconds) { return util::from_unix_seconds(1700000000.0 + seconds); }

TEST(PassiveDnsTest, MostRecentNameWinsAndAllAreKept) {
  PassiveDns passive(100, 3600s);
  passive.observe({ip("93.184.216.34"), "www.example.com", NameSource::DnsAnswer, at(0), 300});
  passive.observe({ip("93.184.216.34"), "cdn.example.net", NameSource::TlsSni, at(5), 0});
  auto best = passive.preferred(ip("93.184.216.34"));
  ASSERT_TRUE(best);
  EXPECT_EQ(best->name, "cdn.example.net");
  EXPECT_EQ(best->source, NameSource::TlsSni);
  EXPECT_EQ(passive.names_for(ip("93.184.216.34")).size(), 2U);

  passive.observe({ip("93.184.216.34"), "WWW.Example.COM.", NameSource::DnsAnswer, at(9), 300});
  best = passive.preferred(ip("93.184.216.34"));
  EXPECT_EQ(best->name, "www.example.com");
  EXPECT_EQ(best->first_seen, at(0));
  EXPECT_EQ(best->last_seen, at(9));
  EXPECT_EQ(best->times_seen, 2U);
}

TEST(PassiveDnsTest, SniBeatsDnsAnswerAtTheSameInstant) {
  PassiveDns passive(100, 3600s);
  passive.observe({ip("1.2.3.4"), "a.example.com", NameSource::DnsAnswer, at(1), 60});
  passive.observe({ip("1.2.3.4"), "b.example.com", NameSource::TlsSni, at(1), 0});
  EXPECT_EQ(passive.preferred(ip("1.2.3.4"))->name, "b.example.com");
}

TEST(PassiveDnsTest, NamesAreSanitizedAndJunkIgnored) {
  PassiveDns passive(100, 3600s);
  passive.observe({ip("1.2.3.4"), "evil\x1b]0;pwned\x07.example.com", NameSource::HttpHost, at(1), 0});
  const auto best = passive.preferred(ip("1.2.3.4"));
  ASSERT_TRUE(best);
  EXPECT_EQ(best->name.find('\x1b'), std::string::npos);
  EXPECT_EQ(best->name.find('\x07'), std::string::npos);

  passive.observe({ip("5.6.7.8"), "", NameSource::TlsSni, at(1), 0});
  passive.observe({ip("5.6.7.8"), "5.6.7.8", NameSource::HttpHost, at(1), 0});
  passive.observe({ip("5.6.7.8"), "[2001:db8::1]:8080", NameSource::HttpHost, at(1), 0});
  EXPECT_FALSE(passive.preferred(ip("5.6.7.8")));
}

TEST(PassiveDnsTest, HttpHostPortIsDropped) {
  PassiveDns passive(100, 3600s);
  passive.observe({ip("5.6.7.8"), "www.example.com:8080", NameSource::HttpHost, at(1), 0});
  EXPECT_EQ(passive.preferred(ip("5.6.7.8"))->name, "www.example.com");
}

TEST(PassiveDnsTest, BoundedPerAddressAndOverall) {
  PassiveDns passive(2, 3600s);
  for (int i = 0; i < 20; ++i) {
    passive.observe({ip("1.1.1.1"), "n" + std::to_string(i) + ".example.com", NameSource::DnsAnswer, at(i), 1});
  }
  EXPECT_EQ(passive.names_for(ip("1.1.1.1")).size(), PassiveDns::kMaxNamesPerAddress);
  EXPECT_EQ(passive.preferred(ip("1.1.1.1"))->name, "n19.example.com");
  passive.observe({ip("2.2.2.2"), "two.example.com", NameSource::DnsAnswer, at(1), 1});
  passive.observe({ip("3.3.3.3"), "three.example.com", NameSource::DnsAnswer, at(1), 1});
  EXPECT_EQ(passive.size(), 2U);
  EXPECT_FALSE(passive.preferred(ip("1.1.1.1")));
  EXPECT_EQ(passive.observed_count(), 22U);
}

}  // namespace
}  // namespace pt::resolve
