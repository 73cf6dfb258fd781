#include "resolve/domain_names.hpp"

#include <gtest/gtest.h>

namespace pt::resolve {
namespace {

TEST(DomainNamesTest, RegistrableDomainFollowsThePublicSuffixList) {
  DomainNames names;
  EXPECT_TRUE(names.loaded_from_file());
  EXPECT_EQ(names.registrable_domain("www.bbc.co.uk"), "bbc.co.uk");
  EXPECT_EQ(names.registrable_domain("foo.github.io"), "github.io");  // ICANN section only
  EXPECT_EQ(names.registrable_domain("router1.lab.test"), "lab.test");
  EXPECT_EQ(names.registrable_domain("server1.us-west-2.compute.amazonaws.com"), "amazonaws.com");
  EXPECT_EQ(names.registrable_domain("localhost"), "");
  EXPECT_EQ(names.registrable_domain("co.uk"), "");
  EXPECT_EQ(names.registrable_domain("8.8.8.8"), "");
}

TEST(DomainNamesTest, HostInfoSplitsFqdn) {
  DomainNames names;
  const HostInfo h = names.host_info("Dns.Google.");
  EXPECT_EQ(h.fqdn, "dns.google");
  EXPECT_EQ(h.hostname, "dns");
  EXPECT_EQ(h.domain, "dns.google");
  EXPECT_EQ(h.display_name, "dns.google");

  const HostInfo aws = names.host_info("ec2-54-1-2-3.us-west-2.compute.amazonaws.com");
  EXPECT_EQ(aws.hostname, "ec2-54-1-2-3");
  EXPECT_EQ(aws.domain, "amazonaws.com");
  EXPECT_EQ(aws.display_name,
            "ec2-54-1-2-3\xE2\x80\xA6"
            "amazonaws.com");
}

TEST(DomainNamesTest, EscapeSequencesNeverSurvive) {
  DomainNames names;
  const HostInfo h = names.host_info("evil\x1b[31m.example.com\x07");
  EXPECT_EQ(h.fqdn.find('\x1b'), std::string::npos);
  EXPECT_EQ(h.fqdn.find('\x07'), std::string::npos);
  EXPECT_EQ(h.domain.find('\x1b'), std::string::npos);
  EXPECT_EQ(h.hostname, "evil?[31m");
  EXPECT_TRUE(names.host_info("\x1b\x1b").fqdn.find('\x1b') == std::string::npos);
  EXPECT_TRUE(names.host_info("").empty());
  EXPECT_TRUE(names.host_info("...").empty());
}

TEST(DomainNamesTest, BuiltinListIsTheFallback) {
  DomainNames names("/nonexistent/list.dafsa");
  EXPECT_FALSE(names.loaded_from_file());
  EXPECT_EQ(names.registrable_domain("www.bbc.co.uk"), "bbc.co.uk");
}

}  // namespace
}  // namespace pt::resolve
