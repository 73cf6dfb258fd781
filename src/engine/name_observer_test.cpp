#include "engine/name_observer.hpp"

#include <gtest/gtest.h>

#include <string>

#include "engine/flow_table.hpp"
#include "support/decoded_frame.hpp"

namespace pt::engine {
namespace {

using test::DecodedFrame;

test::Bytes udp_frame(std::string_view src, std::string_view dst, std::uint16_t sport, std::uint16_t dport,
                      const test::Bytes& payload) {
  return test::ethernet(test::ipv4(src, dst, 17, test::udp(sport, dport, payload)));
}

test::Bytes tcp_frame(std::string_view src, std::string_view dst, const test::Bytes& payload) {
  return test::ethernet(test::ipv4(src, dst, 6, test::tcp(51000, 443, 0x18, payload)));
}

std::string text(const ObservedName& n) { return n.address.to_string() + " " + std::string(n.name.view()); }

TEST(NameObserverTest, DnsAnswersMapEveryAddressToTheAskedNameNotTheCnameTarget) {
  NameObserver names;
  const auto message = test::dns_message(7, "www.example.com", 1,
                                         {{"www.example.com", 5, "edge.cdn.net"},
                                          {"edge.cdn.net", 1, "93.184.216.34"},
                                          {"edge.cdn.net", 28, "2606:2800:220:1::1"}},
                                         true);
  const DecodedFrame p(udp_frame("10.0.0.53", "10.0.0.1", 53, 40000, message));
  names.observe(p, nullptr, false);
  ASSERT_EQ(names.pending().size(), 2U);
  EXPECT_EQ(text(names.pending()[0]), "93.184.216.34 www.example.com");
  EXPECT_EQ(text(names.pending()[1]), "2606:2800:220:1::1 www.example.com");
  EXPECT_EQ(names.pending()[0].source, NameSource::DnsAnswer);
  EXPECT_EQ(names.pending()[0].ttl_seconds, 300U);
}

TEST(NameObserverTest, QueriesAndNonDnsPortsTeachNothing) {
  NameObserver names;
  const auto query = test::dns_message(7, "www.example.com", 1, {{"www.example.com", 1, "93.184.216.34"}}, false);
  const DecodedFrame q(udp_frame("10.0.0.1", "10.0.0.53", 40000, 53, query));
  names.observe(q, nullptr, true);
  const auto answer = test::dns_message(7, "www.example.com", 1, {{"www.example.com", 1, "93.184.216.34"}}, true);
  const DecodedFrame other_port(udp_frame("10.0.0.53", "10.0.0.1", 5000, 40000, answer));
  names.observe(other_port, nullptr, false);
  EXPECT_TRUE(names.pending().empty());
}

TEST(NameObserverTest, ClientHelloNamesTheServerOnceAndHostDropsItsPort) {
  NameObserver names;
  FlowEntry flow;
  const DecodedFrame hello(tcp_frame("10.0.0.1", "93.184.216.34", test::tls_client_hello("example.com")));
  names.observe(hello, &flow, true);
  names.observe(hello, &flow, true);  // a retransmission: the flow already has its name
  ASSERT_EQ(names.pending().size(), 1U);
  EXPECT_EQ(text(names.pending()[0]), "93.184.216.34 example.com");
  EXPECT_EQ(names.pending()[0].source, NameSource::TlsSni);

  FlowEntry web;
  const DecodedFrame get(tcp_frame("10.0.0.1", "192.0.2.80", test::http_request("intranet.example:8080")));
  names.observe(get, &web, true);
  ASSERT_EQ(names.pending().size(), 2U);
  EXPECT_EQ(text(names.pending()[1]), "192.0.2.80 intranet.example");
  EXPECT_EQ(names.pending()[1].source, NameSource::HttpHost);
}

TEST(NameObserverTest, ResponderPayloadIsNotTheClientsRequest) {
  NameObserver names;
  FlowEntry flow;
  const DecodedFrame reply(tcp_frame("93.184.216.34", "10.0.0.1", test::http_request("spoofed.example")));
  names.observe(reply, &flow, false);
  EXPECT_TRUE(names.pending().empty());
}

TEST(NameObserverTest, ServerNameFromTheClassifierIsTakenOncePerFlow) {
  NameObserver names;
  FlowEntry flow;
  flow.row.dst = *util::IpAddress::parse("142.250.181.227");
  flow.row.classification.server_name.assign("ssl.gstatic.com");
  names.observe_server_name(flow, NameSource::TlsSni, util::Timestamp{});
  names.observe_server_name(flow, NameSource::TlsSni, util::Timestamp{});
  ASSERT_EQ(names.pending().size(), 1U);
  EXPECT_EQ(text(names.pending()[0]), "142.250.181.227 ssl.gstatic.com");
}

TEST(NameObserverTest, NamesBeyondTheTickCapacityAreCountedAsDropped) {
  NameObserver names(1);
  const auto answer = test::dns_message(
      7, "a.example", 1, {{"a.example", 1, "192.0.2.1"}, {"a.example", 1, "192.0.2.2"}, {"a.example", 1, "192.0.2.3"}},
      true);
  const DecodedFrame p(udp_frame("10.0.0.53", "10.0.0.1", 53, 40000, answer));
  names.observe(p, nullptr, false);
  EXPECT_EQ(names.pending().size(), 1U);
  EXPECT_EQ(names.observed(), 1U);
  EXPECT_EQ(names.dropped(), 2U);
  names.clear();
  EXPECT_TRUE(names.pending().empty());
}

}  // namespace
}  // namespace pt::engine
