// DNS messages (RFC 1035): questions, A/AAAA/CNAME/PTR answers, compression pointers and the
// ways they can be abused (loops, forward pointers, over-long names).

#include "packet/dns_message.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/packet_builder.hpp"

namespace pt::packet {
namespace {

using test::Bytes;

Bytes header(std::uint16_t questions, std::uint16_t answers, bool response = true) {
  return {0x12,
          0x34,
          static_cast<std::uint8_t>(response ? 0x81 : 0x01),
          0x80,
          0,
          static_cast<std::uint8_t>(questions),
          0,
          static_cast<std::uint8_t>(answers),
          0,
          0,
          0,
          0};
}

std::vector<std::string> question_names(const DnsMessage& m, bool* ok = nullptr) {
  std::vector<std::string> names;
  const bool result = m.for_each_question([&](const DnsQuestion& q) {
    names.emplace_back(q.name.view());
    return true;
  });
  if (ok != nullptr) *ok = result;
  return names;
}

TEST(DnsMessage, QueryHeaderAndQuestion) {
  const auto bytes = test::dns_message(0xABCD, "www.example.com", 28);
  const auto m = DnsMessage::parse(bytes);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->header().id, 0xABCD);
  EXPECT_FALSE(m->header().is_response);
  EXPECT_EQ(m->header().questions, 1);
  EXPECT_EQ(m->header().answers, 0);
  bool seen = false;
  EXPECT_TRUE(m->for_each_question([&](const DnsQuestion& q) {
    EXPECT_EQ(q.name.view(), "www.example.com");
    EXPECT_EQ(q.type, 28);
    EXPECT_EQ(q.klass, 1);
    seen = true;
    return true;
  }));
  EXPECT_TRUE(seen);
}

TEST(DnsMessage, AnswersOfEachType) {
  const auto bytes = test::dns_message(7, "www.example.com", 1,
                                       {{"www.example.com", 5, "cdn.example.net", 60},
                                        {"cdn.example.net", 1, "192.0.2.10", 30},
                                        {"cdn.example.net", 28, "2001:db8::10", 30},
                                        {"10.2.0.192.in-addr.arpa", 12, "host.example.org", 300}},
                                       true);
  const auto m = DnsMessage::parse(bytes);
  ASSERT_TRUE(m.has_value());
  EXPECT_TRUE(m->header().is_response);
  EXPECT_EQ(m->header().rcode, 0);
  std::vector<std::string> seen;
  EXPECT_TRUE(m->for_each_answer([&](const DnsRecord& r) {
    std::string line = std::string(r.name.view()) + " " + std::to_string(r.type) + " " + std::to_string(r.ttl) + " ";
    line += r.address.empty() ? std::string(r.target.view()) : r.address.to_string();
    seen.push_back(line);
    return true;
  }));
  EXPECT_EQ(seen, (std::vector<std::string>{"www.example.com 5 60 cdn.example.net", "cdn.example.net 1 30 192.0.2.10",
                                            "cdn.example.net 28 30 2001:db8::10",
                                            "10.2.0.192.in-addr.arpa 12 300 host.example.org"}));
}

TEST(DnsMessage, VisitorCanStopEarly) {
  const auto bytes =
      test::dns_message(7, "a.example", 1, {{"a.example", 1, "192.0.2.1"}, {"a.example", 1, "192.0.2.2"}}, true);
  const auto m = DnsMessage::parse(bytes);
  int calls = 0;
  EXPECT_TRUE(m->for_each_answer([&](const DnsRecord&) {
    ++calls;
    return false;
  }));
  EXPECT_EQ(calls, 1);
}

TEST(DnsMessage, CompressionPointersInNamesAndRdata) {
  // Question "example.com" at 12; answer name "www" + pointer to 12; CNAME target "cdn" +
  // pointer to the answer's own name (a two-step backwards chain).
  Bytes b = header(1, 1);
  b.insert(b.end(), {7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1});
  const std::uint8_t answer_name = static_cast<std::uint8_t>(b.size());
  b.insert(b.end(), {3, 'w', 'w', 'w', 0xC0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 6, 3, 'c', 'd', 'n', 0xC0, answer_name});
  const auto m = DnsMessage::parse(b);
  ASSERT_TRUE(m.has_value());
  std::string name;
  std::string target;
  EXPECT_TRUE(m->for_each_answer([&](const DnsRecord& r) {
    name = r.name.view();
    target = r.target.view();
    return true;
  }));
  EXPECT_EQ(name, "www.example.com");
  EXPECT_EQ(target, "cdn.www.example.com");
}

TEST(DnsMessage, PointerLoopIsRejected) {
  Bytes self = header(1, 0);
  self.insert(self.end(), {0xC0, 12, 0, 1, 0, 1});  // the name points at itself
  auto m = DnsMessage::parse(self);
  ASSERT_TRUE(m.has_value());
  bool ok = true;
  EXPECT_TRUE(question_names(*m, &ok).empty());
  EXPECT_FALSE(ok);

  // Two names pointing at each other: 12 -> label, pointer to 16; 16 -> pointer to 12.
  Bytes pair = header(1, 0);
  pair.insert(pair.end(), {1, 'a', 0xC0, 16, 0xC0, 12, 0, 1, 0, 1});
  m = DnsMessage::parse(pair);
  question_names(*m, &ok);
  EXPECT_FALSE(ok);
}

TEST(DnsMessage, ForwardPointerIsRejected) {
  Bytes b = header(1, 0);
  b.insert(b.end(), {0xC0, 18, 0, 1, 0, 1, 1, 'x', 0});
  bool ok = true;
  question_names(*DnsMessage::parse(b), &ok);
  EXPECT_FALSE(ok);
}

TEST(DnsMessage, PointerPastTheEndIsRejected) {
  Bytes b = header(1, 0);
  b.insert(b.end(), {1, 'a', 0xC0, 0xFF});
  bool ok = true;
  question_names(*DnsMessage::parse(b), &ok);
  EXPECT_FALSE(ok);
}

TEST(DnsMessage, OverLongNameIsRejected) {
  Bytes b = header(1, 0);
  for (int i = 0; i < 5; ++i) {  // 5 labels of 63 bytes: 319 characters
    b.push_back(63);
    b.insert(b.end(), 63, 'x');
  }
  b.insert(b.end(), {0, 0, 1, 0, 1});
  bool ok = true;
  question_names(*DnsMessage::parse(b), &ok);
  EXPECT_FALSE(ok);

  // Exactly at the limit is fine: 4 x 63 + 3 dots = 255 characters.
  Bytes limit = header(1, 0);
  for (int i = 0; i < 4; ++i) {
    limit.push_back(63);
    limit.insert(limit.end(), 63, 'y');
  }
  limit.insert(limit.end(), {0, 0, 1, 0, 1});
  const auto names = question_names(*DnsMessage::parse(limit), &ok);
  EXPECT_TRUE(ok);
  ASSERT_EQ(names.size(), 1U);
  EXPECT_EQ(names[0].size(), 255U);
}

TEST(DnsMessage, ObsoleteLabelTypesAreRejected) {
  Bytes b = header(1, 0);
  b.insert(b.end(), {0x41, 'a', 0, 0, 1, 0, 1});
  bool ok = true;
  question_names(*DnsMessage::parse(b), &ok);
  EXPECT_FALSE(ok);
}

TEST(DnsMessage, ShortOrAbsurdHeadersAreNotMessages) {
  EXPECT_FALSE(DnsMessage::parse(Bytes{1, 2, 3}).has_value());
  EXPECT_FALSE(DnsMessage::parse(Bytes{}).has_value());
  Bytes huge = header(0, 0);
  huge[4] = 0xFF;  // 65280 questions cannot fit a datagram
  EXPECT_FALSE(DnsMessage::parse(huge).has_value());
}

TEST(DnsMessage, CutSectionsReportFailure) {
  auto bytes = test::dns_message(1, "a.example", 1, {{"a.example", 1, "192.0.2.1"}}, true);
  bytes.resize(bytes.size() - 2);  // inside the A record's address
  const auto m = DnsMessage::parse(bytes);
  ASSERT_TRUE(m.has_value());
  EXPECT_FALSE(m->for_each_answer([](const DnsRecord&) { return true; }));
  bool ok = false;
  EXPECT_EQ(question_names(*m, &ok).size(), 1U);
  EXPECT_TRUE(ok);
}

TEST(DnsMessage, WrongRdataLengthLeavesNoAddress) {
  Bytes b = header(0, 1);
  b.insert(b.end(), {1, 'a', 0, 0, 1, 0, 1, 0, 0, 0, 9, 0, 3, 192, 0, 2});
  std::size_t records = 0;
  EXPECT_TRUE(DnsMessage::parse(b)->for_each_answer([&](const DnsRecord& r) {
    EXPECT_TRUE(r.address.empty());
    ++records;
    return true;
  }));
  EXPECT_EQ(records, 1U);
}

TEST(DnsMessage, TcpFramingSkipsTheLengthPrefix) {
  const auto message = test::dns_message(5, "tcp.example", 1);
  Bytes framed{0, static_cast<std::uint8_t>(message.size())};
  framed.insert(framed.end(), message.begin(), message.end());
  const auto m = DnsMessage::parse(framed, true);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->header().id, 5);
  EXPECT_EQ(question_names(*m), (std::vector<std::string>{"tcp.example"}));
  EXPECT_FALSE(DnsMessage::parse(Bytes{0}, true).has_value());
}

}  // namespace
}  // namespace pt::packet
