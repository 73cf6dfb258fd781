#include "engine/classifier.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "engine/classifier_state.hpp"

namespace pt::engine {
namespace {

constexpr std::uint8_t kUdp = 17;

// Protocols whose flows are calls or call signalling (spec: "VoIP: RTP/SIP/STUN").
constexpr std::array<std::uint16_t, 10> kVoipProtocols{
    NDPI_PROTOCOL_RTP,           NDPI_PROTOCOL_RTCP,          NDPI_PROTOCOL_SIP,  NDPI_PROTOCOL_STUN,
    NDPI_PROTOCOL_H323,          NDPI_PROTOCOL_IAX,           NDPI_PROTOCOL_MGCP, NDPI_PROTOCOL_SKYPE_CALL,
    NDPI_PROTOCOL_WHATSAPP_CALL, NDPI_PROTOCOL_FACEBOOK_VOIP,
};
// Tunnels that are not in nDPI's VPN category.
constexpr std::array<std::uint16_t, 6> kTunnelProtocols{
    NDPI_PROTOCOL_IP_GRE, NDPI_PROTOCOL_IP_IP_IN_IP, NDPI_PROTOCOL_GTP,
    NDPI_PROTOCOL_GTP_U,  NDPI_PROTOCOL_TEREDO,      NDPI_PROTOCOL_IP_IPSEC,
};
// Encrypted whatever nDPI's clear-text table says (the spec's list).
constexpr std::array<std::uint16_t, 9> kEncryptedProtocols{
    NDPI_PROTOCOL_TLS,     NDPI_PROTOCOL_QUIC, NDPI_PROTOCOL_SSH, NDPI_PROTOCOL_IP_IPSEC, NDPI_PROTOCOL_WIREGUARD,
    NDPI_PROTOCOL_OPENVPN, NDPI_PROTOCOL_DTLS, NDPI_PROTOCOL_TOR, NDPI_PROTOCOL_CISCOVPN,
};

template <std::size_t N>
bool contains(const std::array<std::uint16_t, N>& ids, std::uint16_t id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

ndpi_detection_module_struct* make_module() {
  ndpi_detection_module_struct* module = ndpi_init_detection_module(ndpi_no_prefs);
  if (module == nullptr) throw ClassifierError("nDPI: cannot initialize the detection module");
  NDPI_PROTOCOL_BITMASK all;
  NDPI_BITMASK_SET_ALL(all);
  ndpi_set_protocol_detection_bitmask2(module, &all);
  ndpi_finalize_initialization(module);
  return module;
}

std::shared_ptr<const LabelTable> make_labels(ndpi_detection_module_struct* module) {
  const auto protocol_count = ndpi_get_num_supported_protocols(module) + ndpi_get_ndpi_num_custom_protocols(module);
  std::vector<std::string> protocols;
  protocols.reserve(protocol_count);
  for (unsigned id = 0; id < protocol_count; ++id) {
    const char* name = ndpi_get_proto_name(module, static_cast<std::uint16_t>(id));
    protocols.emplace_back(name != nullptr ? name : "Unknown");
  }
  std::vector<std::string> categories;
  categories.reserve(NDPI_PROTOCOL_NUM_CATEGORIES);
  for (int id = 0; id < NDPI_PROTOCOL_NUM_CATEGORIES; ++id) {
    const char* name = ndpi_category_get_name(module, static_cast<ndpi_protocol_category_t>(id));
    categories.emplace_back(name != nullptr ? name : "");
  }
  return std::make_shared<const LabelTable>(std::move(protocols), std::move(categories));
}

// The packets ndpiReader hands to nDPI: an IP packet captured whole (reader_util.c drops an
// IPv4 packet whose captured bytes fall short of its total length, and an IPv6 one short of its
// payload length) that is not a later fragment (nDPI cannot read a transport header from one).
bool inspectable(const packet::Packet& p) {
  if (!p.ip.present || p.ip.header.empty()) return false;
  if (p.ip.header.size() < p.ip.total_length) return false;
  return !(p.ip.is_fragment && p.ip.fragment_offset != 0);
}

DetectionMethod method_of(ndpi_confidence_t confidence, const Classification& c) {
  switch (confidence) {
    case NDPI_CONFIDENCE_DPI:
    case NDPI_CONFIDENCE_DPI_CACHE: return DetectionMethod::Dpi;
    case NDPI_CONFIDENCE_MATCH_BY_PORT:
    case NDPI_CONFIDENCE_MATCH_BY_IP: return DetectionMethod::Guess;
    default: break;
  }
  if (c.app_protocol != NDPI_PROTOCOL_UNKNOWN || c.master_protocol != NDPI_PROTOCOL_UNKNOWN) {
    return DetectionMethod::Guess;
  }
  return c.service.empty() ? DetectionMethod::Unknown : DetectionMethod::Port;
}

void write_protocol(Classification& c, const ndpi_protocol& p) {
  c.app_protocol = p.app_protocol;
  c.master_protocol = p.master_protocol;
  c.category = static_cast<std::uint16_t>(p.category);
}

void write_server_name(Classification& c, const ndpi_flow_struct& f) {
  const auto* name = f.host_server_name;
  c.server_name.assign(std::string_view(name, strnlen(name, sizeof(f.host_server_name))));
}

}  // namespace

std::optional<NameSource> Classifier::responder_name_source(const Classification& c) {
  if (c.server_name.empty()) return std::nullopt;
  auto either = [&](std::uint16_t id) { return c.master_protocol == id || c.app_protocol == id; };
  if (either(NDPI_PROTOCOL_HTTP)) return NameSource::HttpHost;
  if (either(NDPI_PROTOCOL_TLS) || either(NDPI_PROTOCOL_QUIC) || either(NDPI_PROTOCOL_DTLS)) return NameSource::TlsSni;
  return std::nullopt;
}

Classifier::Classifier(const ClassifierConfig& config)
    : config_(config),
      services_(config.services_file),
      ndpi_(make_module()),
      pool_(std::make_unique<ClassifierStatePool>()),
      labels_(make_labels(ndpi_)) {
  counters_.dpi_enabled = config_.dpi_enabled;
}

Classifier::~Classifier() {
  pool_.reset();  // frees nDPI's members of flows still being inspected
  ndpi_exit_detection_module(ndpi_);
}

std::size_t Classifier::state_memory() const { return pool_->bytes(); }

std::uint32_t Classifier::packet_bound(std::uint8_t ip_protocol) const {
  return ip_protocol == kUdp ? config_.max_udp_dpi_packets : config_.max_dpi_packets;
}

void Classifier::on_packet(ClassifierFlowState*& state, FlowRow& flow, const packet::Packet& p,
                           bool /*from_initiator: nDPI tells the directions apart itself*/) {
  auto& c = flow.classification;
  if (c.method != DetectionMethod::Pending) return;  // decided: nothing more to do per packet
  if (!config_.dpi_enabled) return classify_without_dpi(flow);
  if (!inspectable(p)) return;
  if (state == nullptr) {
    state = pool_->acquire();
    ++counters_.in_progress;
  }
  auto& s = *state;
  ++s.packets;
  ++counters_.inspected_packets;

  // nDPI wants milliseconds that never go backwards (reader_util.c repairs them the same way).
  const auto ms = static_cast<std::uint64_t>(std::max<std::int64_t>(0, util::to_unix_nanos(p.timestamp) / 1'000'000));
  last_time_ms_ = std::max(last_time_ms_, ms);
  // Its length argument is an unsigned short: a GRO/TSO super-packet over 64 KiB is cut.
  const auto length = static_cast<unsigned short>(std::min<std::size_t>(p.ip.header.size(), 0xFFFFU));
  const ndpi_protocol result = ndpi_detection_process_packet(ndpi_, &s.ndpi, p.ip.header.data(), length, last_time_ms_);

  // ndpiReader's rule: stop once the application is known and nDPI wants no more packets for
  // its metadata, or give up once the flow has had more packets than the bound.
  const bool enough = s.packets > packet_bound(flow.protocol);
  // Payload randomness matters only where nDPI has no name, so only those payloads are judged.
  if (result.app_protocol == NDPI_PROTOCOL_UNKNOWN) s.entropy.add(p.payload);
  if (result.app_protocol != NDPI_PROTOCOL_UNKNOWN) {
    write_protocol(c, result);
    write_server_name(c, s.ndpi);
    if (enough || !ndpi_extra_dissection_possible(ndpi_, &s.ndpi)) complete(state, flow, false);
  } else if (enough) {
    complete(state, flow, true);
  }
}

void Classifier::finish(ClassifierFlowState*& state, FlowRow& flow) {
  if (state == nullptr) {
    // Never inspected (no payload, or nothing nDPI could read): nDPI's port and IP tables.
    if (flow.classification.method == DetectionMethod::Pending) classify_without_dpi(flow);
    return;
  }
  // As ndpiReader does for every flow still inspected when the capture ends: nDPI's last word,
  // which keeps a recognized application and otherwise guesses by port and IP ranges.
  complete(state, flow, true);
}

void Classifier::complete(ClassifierFlowState*& state, FlowRow& flow, bool give_up) {
  auto& s = *state;
  auto& c = flow.classification;
  if (give_up) {
    std::uint8_t guessed = 0;
    write_protocol(c, ndpi_detection_giveup(ndpi_, &s.ndpi, 1, &guessed));
  }  // else on_packet already wrote nDPI's answer
  write_server_name(c, s.ndpi);
  c.service.assign(services_.for_flow(flow.src_port, flow.dst_port, flow.protocol));
  c.method = method_of(s.ndpi.confidence, c);
  c.traits = s.entropy.looks_random() ? flow_trait::kHighEntropy : std::uint16_t{0};
  c.traits |= protocol_traits(c);

  if (c.method == DetectionMethod::Dpi) ++counters_.detected;
  if (c.method == DetectionMethod::Guess) ++counters_.guessed;
  --counters_.in_progress;
  pool_->release(state);
  state = nullptr;
}

void Classifier::classify_without_dpi(FlowRow& flow) {
  auto& c = flow.classification;
  // nDPI's port and IP-range tables without inspecting payload (IPv4 hosts in host order; an
  // IPv6 flow is matched by ports only).
  const std::uint32_t src = flow.src.is_v4() ? flow.src.v4_host_order() : 0;
  const std::uint32_t dst = flow.dst.is_v4() ? flow.dst.v4_host_order() : 0;
  write_protocol(c, ndpi_guess_undetected_protocol(ndpi_, nullptr, flow.protocol, src, flow.src_port.value, dst,
                                                   flow.dst_port.value));
  c.service.assign(services_.for_flow(flow.src_port, flow.dst_port, flow.protocol));
  const bool named = c.app_protocol != NDPI_PROTOCOL_UNKNOWN || c.master_protocol != NDPI_PROTOCOL_UNKNOWN;
  c.method = named ? DetectionMethod::Guess : (c.service.empty() ? DetectionMethod::Unknown : DetectionMethod::Port);
  c.traits = protocol_traits(c);
  if (c.method == DetectionMethod::Guess) ++counters_.guessed;
}

std::uint16_t Classifier::protocol_traits(const Classification& c) const {
  std::uint16_t bits = 0;
  const ndpi_protocol proto{c.master_protocol, c.app_protocol, static_cast<ndpi_protocol_category_t>(c.category)};
  if ((c.app_protocol != NDPI_PROTOCOL_UNKNOWN || c.master_protocol != NDPI_PROTOCOL_UNKNOWN) &&
      ndpi_is_encrypted_proto(ndpi_, proto) != 0) {
    bits |= flow_trait::kEncrypted;
  }
  const auto* defaults = ndpi_get_proto_defaults(ndpi_);
  const auto protocol_count = labels_->protocol_count();
  for (const std::uint16_t id : {c.master_protocol, c.app_protocol}) {
    if (id == NDPI_PROTOCOL_UNKNOWN) continue;
    if (contains(kEncryptedProtocols, id)) bits |= flow_trait::kEncrypted;
    if (contains(kVoipProtocols, id)) bits |= flow_trait::kVoip;
    const bool vpn = id < protocol_count && defaults[id].protoCategory == NDPI_PROTOCOL_CATEGORY_VPN;
    if (vpn || contains(kTunnelProtocols, id)) bits |= flow_trait::kTunnel;
  }
  // Random-looking payload that nDPI could not name: most likely encryption (or compression).
  const bool unnamed = c.app_protocol == NDPI_PROTOCOL_UNKNOWN && c.master_protocol == NDPI_PROTOCOL_UNKNOWN;
  if (unnamed && (c.traits & flow_trait::kHighEntropy) != 0) bits |= flow_trait::kEncrypted;
  return bits;
}

void Classifier::update_traits(FlowRow& flow, util::Timestamp now) const {
  auto& c = flow.classification;
  // Kept from what was seen while inspecting (the sample is gone) or earned once: a flow that
  // streamed or looked like a call keeps saying so after it goes quiet.
  constexpr std::uint16_t kSticky = flow_trait::kHighEntropy | flow_trait::kStreaming | flow_trait::kVoip;
  std::uint16_t bits = static_cast<std::uint16_t>((c.traits & kSticky) | protocol_traits(c));
  bits |= config_.heuristics.traits(flow, now);
  c.traits = bits;
}

}  // namespace pt::engine
