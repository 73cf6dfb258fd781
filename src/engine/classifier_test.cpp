#include "engine/classifier.hpp"

#include <gtest/gtest.h>
#include <ndpi_api.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "packet/decode.hpp"
#include "support/packet_builder.hpp"

namespace pt::engine {
namespace {

using test::Bytes;
using namespace std::chrono_literals;

constexpr std::uint8_t kTcp = 6;
constexpr std::uint8_t kUdp = 17;

// One conversation between a client and a server, fed packet by packet to a Classifier the way
// the engine does: wire bytes -> packet::decode -> on_packet, with TCP sequence numbers kept
// right (nDPI ignores retransmitted payload).
class Conversation {
 public:
  Conversation(Classifier& classifier, std::uint8_t protocol, std::uint16_t client_port, std::uint16_t server_port,
               std::string server = "192.0.2.10")
      : classifier_(classifier), server_(std::move(server)), client_port_(client_port), server_port_(server_port) {
    flow.protocol = protocol;
    flow.src = *util::IpAddress::parse(client_);
    flow.dst = *util::IpAddress::parse(server_);
    flow.src_port = util::Port{client_port};
    flow.dst_port = util::Port{server_port};
    flow.first_seen = now_;
  }
  ~Conversation() { classifier_.finish(state, flow); }
  Conversation(const Conversation&) = delete;
  Conversation& operator=(const Conversation&) = delete;

  void handshake() {
    send(true, {}, test::kSyn);
    send(false, {}, test::kSyn | test::kAck);
    send(true, {}, test::kAck);
  }
  void send(bool from_client, const Bytes& payload, std::uint8_t flags = test::kAck | test::kPsh) {
    Bytes l4;
    if (flow.protocol == kTcp) {
      auto& seq = from_client ? client_seq_ : server_seq_;
      const auto ack = from_client ? server_seq_ : client_seq_;
      l4 = test::tcp(from_client ? client_port_ : server_port_, from_client ? server_port_ : client_port_, flags,
                     payload, test::TcpSpec{.seq = seq, .ack = (flags & test::kAck) != 0 ? ack : 0U});
      seq += static_cast<std::uint32_t>(payload.size()) + ((flags & (test::kSyn | test::kFin)) != 0 ? 1U : 0U);
    } else {
      l4 = test::udp(from_client ? client_port_ : server_port_, from_client ? server_port_ : client_port_, payload);
    }
    const Bytes frame =
        test::ethernet(test::ipv4(from_client ? client_ : server_, from_client ? server_ : client_, flow.protocol, l4));
    packet::Frame f{
        .timestamp = now_, .wire_length = static_cast<std::uint32_t>(frame.size()), .link_type = 1, .data = frame};
    packet::Packet p;
    ASSERT_EQ(packet::decode(f, p), packet::DecodeStatus::Ok);
    classifier_.on_packet(state, flow, p, from_client);
    flow.last_seen = now_;
    now_ += 10ms;
  }
  [[nodiscard]] std::string app() const {
    const auto& c = flow.classification;
    const auto labels = classifier_.labels();
    if (c.master_protocol != 0 && c.master_protocol != c.app_protocol) {
      return std::string(labels->protocol(c.master_protocol)) + "." + std::string(labels->protocol(c.app_protocol));
    }
    return std::string(labels->protocol(c.app_protocol));
  }

  FlowRow flow;
  ClassifierFlowState* state = nullptr;

 private:
  Classifier& classifier_;
  std::string client_ = "10.0.0.1";
  std::string server_;
  std::uint16_t client_port_;
  std::uint16_t server_port_;
  std::uint32_t client_seq_ = 1000;
  std::uint32_t server_seq_ = 90000;
  util::Timestamp now_ = util::from_unix_seconds(1'700'000'000.0);
};

Bytes random_bytes(std::size_t n, std::uint32_t seed) {
  std::mt19937 gen(seed);
  Bytes out(n);
  for (auto& b : out) b = static_cast<std::uint8_t>(gen());
  return out;
}

class ClassifierTest : public ::testing::Test {
 protected:
  ClassifierTest() {
    services_ = std::filesystem::temp_directory_path() / ("pt-classifier-services-" + std::to_string(::getpid()));
    std::ofstream(services_) << "# test services(5)\npt-test\t40001/tcp\t# a port nDPI knows nothing of\n";
  }
  ~ClassifierTest() override { std::filesystem::remove(services_); }
  ClassifierConfig config() const {
    ClassifierConfig c;
    c.services_file = services_;
    return c;
  }
  std::filesystem::path services_;
};

TEST_F(ClassifierTest, LabelsNameEveryProtocolAndCategory) {
  Classifier classifier(config());
  const auto labels = classifier.labels();
  ASSERT_GT(labels->protocol_count(), 250U);  // nDPI 4.2 has 282
  EXPECT_EQ(labels->protocol(0), "Unknown");
  EXPECT_EQ(labels->protocol(NDPI_PROTOCOL_TLS), "TLS");
  EXPECT_EQ(labels->protocol(NDPI_PROTOCOL_DNS), "DNS");
  EXPECT_EQ(labels->category(NDPI_PROTOCOL_CATEGORY_WEB), "Web");
  EXPECT_EQ(labels->category(CUSTOM_CATEGORY_MINING), "Mining");
}

TEST_F(ClassifierTest, DnsQueryAndAnswerAreDetectedAndStateIsFreed) {
  Classifier classifier(config());
  Conversation dns(classifier, kUdp, 53000, 53);
  dns.send(true, test::dns_message(7, "www.example.org", 1));
  EXPECT_EQ(dns.app(), "DNS");
  dns.send(false, test::dns_message(7, "www.example.org", 1, {{"www.example.org", 1, "192.0.2.80"}}, true));
  const auto& c = dns.flow.classification;
  EXPECT_EQ(c.method, DetectionMethod::Dpi);
  EXPECT_EQ(dns.app(), "DNS");
  EXPECT_EQ(c.server_name.view(), "www.example.org");
  EXPECT_EQ(c.service.view(), "domain");
  EXPECT_EQ(classifier.labels()->category(c.category), "Network");
  EXPECT_EQ(dns.state, nullptr);
  EXPECT_EQ(classifier.counters().in_progress, 0U);
  EXPECT_EQ(classifier.counters().detected, 1U);
  EXPECT_EQ(classifier.counters().inspected_packets, 2U);
}

TEST_F(ClassifierTest, TlsClientHelloGivesTheSniAndIsEncrypted) {
  Classifier classifier(config());
  Conversation tls(classifier, kTcp, 51000, 443);
  tls.handshake();
  tls.send(true, test::tls_client_hello("www.example.org"));
  // TLS is known from the ClientHello; nDPI keeps going for the certificate, and the row shows
  // TLS meanwhile.
  EXPECT_EQ(tls.app(), "TLS");
  EXPECT_EQ(tls.flow.classification.server_name.view(), "www.example.org");
  EXPECT_EQ(tls.flow.classification.method, DetectionMethod::Pending);
  ASSERT_NE(tls.state, nullptr);
  EXPECT_EQ(classifier.counters().in_progress, 1U);

  classifier.finish(tls.state, tls.flow);
  const auto& c = tls.flow.classification;
  EXPECT_EQ(tls.state, nullptr);
  EXPECT_EQ(c.method, DetectionMethod::Dpi);
  EXPECT_EQ(tls.app(), "TLS");
  EXPECT_EQ(c.server_name.view(), "www.example.org");
  EXPECT_EQ(c.service.view(), "https");
  EXPECT_TRUE(c.encrypted());
  EXPECT_EQ(classifier.counters().in_progress, 0U);
}

TEST_F(ClassifierTest, TlsSniNamesTheService) {
  Classifier classifier(config());
  Conversation tls(classifier, kTcp, 51001, 443);
  tls.handshake();
  tls.send(true, test::tls_client_hello("www.youtube.com"));
  classifier.finish(tls.state, tls.flow);
  EXPECT_EQ(tls.app(), "TLS.YouTube");
  EXPECT_EQ(classifier.labels()->category(tls.flow.classification.category), "Media");
}

TEST_F(ClassifierTest, HttpRequestGivesTheHostAndIsClearText) {
  Classifier classifier(config());
  Conversation http(classifier, kTcp, 51002, 80);
  http.handshake();
  http.send(true, test::http_request("www.example.org"));
  EXPECT_EQ(http.app(), "HTTP");
  http.send(false, test::bytes_of("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 2\r\n\r\nok"));
  const auto& c = http.flow.classification;
  EXPECT_EQ(http.state, nullptr) << "request and response seen: nDPI needs nothing more";
  EXPECT_EQ(c.method, DetectionMethod::Dpi);
  EXPECT_EQ(http.app(), "HTTP");
  EXPECT_EQ(c.server_name.view(), "www.example.org");
  EXPECT_FALSE(c.encrypted());
}

TEST_F(ClassifierTest, SshBannersAreDetected) {
  Classifier classifier(config());
  Conversation ssh(classifier, kTcp, 51003, 22);
  ssh.handshake();
  ssh.send(false, test::bytes_of("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"));
  ssh.send(true, test::bytes_of("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"));
  classifier.finish(ssh.state, ssh.flow);
  const auto& c = ssh.flow.classification;
  EXPECT_EQ(ssh.app(), "SSH");
  EXPECT_EQ(c.method, DetectionMethod::Dpi);
  EXPECT_EQ(c.service.view(), "ssh");
  EXPECT_TRUE(c.encrypted());
}

TEST_F(ClassifierTest, UnknownPayloadOnAKnownPortIsGuessedAfterThePacketBound) {
  ClassifierConfig cfg = config();
  Classifier classifier(cfg);
  Conversation flow(classifier, kTcp, 51004, 443);
  flow.handshake();
  // 3 handshake packets + 77 data packets = 80: still inspecting (ndpiReader gives up after 80).
  for (std::uint32_t i = 0; i < 77; ++i) flow.send(i % 2 == 0, random_bytes(200, i));
  EXPECT_EQ(flow.flow.classification.method, DetectionMethod::Pending);
  EXPECT_NE(flow.state, nullptr);
  flow.send(true, random_bytes(200, 999));  // the 81st packet
  const auto& c = flow.flow.classification;
  EXPECT_EQ(flow.state, nullptr);
  EXPECT_EQ(c.method, DetectionMethod::Guess);
  EXPECT_EQ(flow.app(), "TLS") << "nDPI's guess by port 443";
  EXPECT_EQ(classifier.counters().guessed, 1U);
  EXPECT_EQ(classifier.counters().in_progress, 0U);
  EXPECT_EQ(classifier.counters().inspected_packets, 81U);
  EXPECT_NE(c.traits & flow_trait::kHighEntropy, 0U);
}

TEST_F(ClassifierTest, UnknownPayloadOnAnUnknownPortFallsBackToTheServiceTable) {
  Classifier classifier(config());
  Conversation named(classifier, kTcp, 51005, 40001);
  named.handshake();
  named.send(true, test::bytes_of("hello there, this is no protocol nDPI knows\r\n"));
  classifier.finish(named.state, named.flow);
  EXPECT_EQ(named.flow.classification.app_protocol, 0U);
  EXPECT_EQ(named.flow.classification.method, DetectionMethod::Port);
  EXPECT_EQ(named.flow.classification.service.view(), "pt-test");

  Conversation unnamed(classifier, kTcp, 51006, 40002);
  unnamed.handshake();
  unnamed.send(true, test::bytes_of("hello there, this is no protocol nDPI knows\r\n"));
  classifier.finish(unnamed.state, unnamed.flow);
  EXPECT_EQ(unnamed.flow.classification.method, DetectionMethod::Unknown);
  EXPECT_TRUE(unnamed.flow.classification.service.empty());
  EXPECT_EQ(unnamed.flow.classification.traits & flow_trait::kHighEntropy, 0U) << "text is not random";
}

TEST_F(ClassifierTest, UdpGivesUpAfterItsOwnBound) {
  Classifier classifier(config());
  Conversation flow(classifier, kUdp, 40000, 40002);
  for (std::uint32_t i = 0; i < 24; ++i) flow.send(i % 2 == 0, random_bytes(300, i));
  EXPECT_NE(flow.state, nullptr);
  flow.send(true, random_bytes(300, 77));
  EXPECT_EQ(flow.state, nullptr);
  const auto& c = flow.flow.classification;
  EXPECT_EQ(c.method, DetectionMethod::Unknown);
  EXPECT_NE(c.traits & flow_trait::kHighEntropy, 0U);
  EXPECT_TRUE(c.encrypted()) << "random payload nDPI cannot name counts as encrypted";
}

TEST_F(ClassifierTest, DecidedFlowsAreNotInspectedAgain) {
  Classifier classifier(config());
  Conversation dns(classifier, kUdp, 53001, 53);
  dns.send(true, test::dns_message(9, "a.example", 1));
  dns.send(false, test::dns_message(9, "a.example", 1, {{"a.example", 1, "192.0.2.1"}}, true));
  ASSERT_EQ(dns.state, nullptr);
  const auto before = classifier.counters().inspected_packets;
  for (int i = 0; i < 5; ++i) dns.send(true, test::dns_message(10, "b.example", 1));
  EXPECT_EQ(classifier.counters().inspected_packets, before);
  EXPECT_EQ(dns.state, nullptr);
  EXPECT_EQ(dns.flow.classification.server_name.view(), "a.example");
}

TEST_F(ClassifierTest, FinishOnPendingFlowsFreesEveryState) {
  Classifier classifier(config());
  std::vector<std::unique_ptr<Conversation>> flows;
  for (std::uint16_t i = 0; i < 300; ++i) {  // more than one pool slab
    flows.push_back(std::make_unique<Conversation>(classifier, kTcp, static_cast<std::uint16_t>(20000 + i), 40002));
    flows.back()->handshake();
  }
  EXPECT_EQ(classifier.counters().in_progress, 300U);
  EXPECT_GE(classifier.state_memory(), 300 * sizeof(ndpi_flow_struct));
  for (auto& f : flows) {
    classifier.finish(f->state, f->flow);
    EXPECT_EQ(f->state, nullptr);
    EXPECT_NE(f->flow.classification.method, DetectionMethod::Pending);
  }
  EXPECT_EQ(classifier.counters().in_progress, 0U);
  classifier.finish(flows.front()->state, flows.front()->flow);  // finishing twice is harmless
  EXPECT_EQ(classifier.counters().in_progress, 0U);
}

TEST_F(ClassifierTest, DestructorFreesStatesStillInUse) {
  // Under ASan/LSan this leaks if the destructor forgets the pending nDPI states (a TLS flow
  // holds heap buffers inside nDPI's flow struct).
  auto classifier = std::make_unique<Classifier>(config());
  ClassifierFlowState* state = nullptr;
  {
    Conversation tls(*classifier, kTcp, 51007, 443);
    tls.handshake();
    tls.send(true, test::tls_client_hello("leak.example.org"));
    ASSERT_NE(tls.state, nullptr);
    std::swap(state, tls.state);  // keep the state pending past the conversation
  }
  EXPECT_EQ(classifier->counters().in_progress, 1U);
  classifier.reset();
}

TEST_F(ClassifierTest, WithoutDpiFlowsAreNamedByPortAtTheFirstPacket) {
  ClassifierConfig cfg = config();
  cfg.dpi_enabled = false;
  Classifier classifier(cfg);
  Conversation https(classifier, kTcp, 51008, 443);
  https.send(true, {}, test::kSyn);
  EXPECT_EQ(https.state, nullptr);
  EXPECT_EQ(https.flow.classification.method, DetectionMethod::Guess);
  EXPECT_EQ(https.app(), "TLS");
  EXPECT_EQ(https.flow.classification.service.view(), "https");
  EXPECT_TRUE(https.flow.classification.encrypted());

  Conversation named(classifier, kTcp, 51009, 40001);
  named.send(true, {}, test::kSyn);
  EXPECT_EQ(named.flow.classification.method, DetectionMethod::Port);
  EXPECT_EQ(classifier.counters().inspected_packets, 0U);
  EXPECT_FALSE(classifier.counters().dpi_enabled);
}

TEST_F(ClassifierTest, TruncatedAndLaterFragmentPacketsAreNotInspected) {
  Classifier classifier(config());
  FlowRow flow;
  flow.protocol = kUdp;
  ClassifierFlowState* state = nullptr;
  const Bytes payload = test::udp(5000, 53, test::dns_message(1, "x.example", 1));
  const Bytes later =
      test::ethernet(test::ipv4("10.0.0.1", "192.0.2.1", kUdp, payload, test::Ipv4Spec{.fragment_offset_bytes = 1480}));
  Bytes cut = test::ethernet(test::ipv4("10.0.0.1", "192.0.2.1", kUdp, payload));
  cut.resize(cut.size() - 4);  // snaplen cut
  for (const Bytes* frame : std::initializer_list<const Bytes*>{&later, &cut}) {
    packet::Frame f{.timestamp = {}, .wire_length = 100, .link_type = 1, .data = *frame};
    packet::Packet p;
    packet::decode(f, p);
    classifier.on_packet(state, flow, p, true);
  }
  EXPECT_EQ(state, nullptr);
  EXPECT_EQ(classifier.counters().inspected_packets, 0U);
  EXPECT_EQ(flow.classification.method, DetectionMethod::Pending);

  // Ended without one packet nDPI could read: named from nDPI's port table.
  flow.src = *util::IpAddress::parse("10.0.0.1");
  flow.dst = *util::IpAddress::parse("192.0.2.1");
  flow.src_port = util::Port{5000};
  flow.dst_port = util::Port{53};
  classifier.finish(state, flow);
  EXPECT_EQ(flow.classification.method, DetectionMethod::Guess);
  EXPECT_EQ(classifier.labels()->protocol(flow.classification.app_protocol), "DNS");
  EXPECT_EQ(flow.classification.service.view(), "domain");
}

TEST_F(ClassifierTest, UpdateTraitsAddsProtocolAndBehaviourBits) {
  Classifier classifier(config());
  const auto start = util::from_unix_seconds(1'700'000'000.0);
  FlowRow rtp;
  rtp.protocol = kUdp;
  rtp.classification.app_protocol = NDPI_PROTOCOL_RTP;
  rtp.classification.method = DetectionMethod::Dpi;
  classifier.update_traits(rtp, start);
  EXPECT_NE(rtp.classification.traits & flow_trait::kVoip, 0U);
  EXPECT_FALSE(rtp.classification.encrypted());

  FlowRow wireguard;
  wireguard.protocol = kUdp;
  wireguard.classification.app_protocol = NDPI_PROTOCOL_WIREGUARD;
  classifier.update_traits(wireguard, start);
  EXPECT_TRUE(wireguard.classification.encrypted());
  EXPECT_NE(wireguard.classification.traits & flow_trait::kTunnel, 0U);

  // A TLS download streaming at 4 Mbit/s for a minute: encrypted and streaming, and it stays
  // streaming after it ends.
  FlowRow video;
  video.protocol = kTcp;
  video.classification.master_protocol = NDPI_PROTOCOL_TLS;
  video.classification.app_protocol = NDPI_PROTOCOL_YOUTUBE;
  video.first_seen = start;
  video.last_seen = start + 60s;
  video.bytes_recv = 30'000'000;
  video.bytes_sent = 600'000;
  video.payload_recv = 29'000'000;
  video.payload_sent = 10'000;
  classifier.update_traits(video, video.last_seen);
  const auto t = video.classification.traits;
  EXPECT_NE(t & flow_trait::kEncrypted, 0U);
  EXPECT_NE(t & flow_trait::kStreaming, 0U);
  EXPECT_NE(t & flow_trait::kBulk, 0U);
  video.last_seen = start + 600s;  // a late keep-alive brings the average rate down
  classifier.update_traits(video, video.last_seen);
  EXPECT_NE(video.classification.traits & flow_trait::kStreaming, 0U);

  // Random payload nDPI could not name stays encrypted through later ticks.
  FlowRow opaque;
  opaque.protocol = kUdp;
  opaque.classification.method = DetectionMethod::Unknown;
  opaque.classification.traits = flow_trait::kHighEntropy | flow_trait::kEncrypted;
  classifier.update_traits(opaque, start);
  EXPECT_TRUE(opaque.classification.encrypted());
  EXPECT_NE(opaque.classification.traits & flow_trait::kHighEntropy, 0U);

  // A refused connection becomes handshake-only once it has been quiet long enough.
  FlowRow refused;
  refused.protocol = kTcp;
  refused.packets_sent = 1;
  refused.packets_recv = 1;
  refused.first_seen = refused.last_seen = start;
  classifier.update_traits(refused, start + 1s);
  EXPECT_EQ(refused.classification.traits & flow_trait::kHandshakeOnly, 0U);
  classifier.update_traits(refused, start + 30s);
  EXPECT_NE(refused.classification.traits & flow_trait::kHandshakeOnly, 0U);
  refused.payload_recv = 10;  // it did carry data after all: not sticky
  classifier.update_traits(refused, start + 60s);
  EXPECT_EQ(refused.classification.traits & flow_trait::kHandshakeOnly, 0U);
}

}  // namespace
}  // namespace pt::engine
