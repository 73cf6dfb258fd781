#include "trace/trace_run.hpp"

#include <algorithm>

#include "trace/reply_matcher.hpp"

namespace pt::trace {
namespace {

ProbeReply reply_of(const ProbeOutcome& outcome) {
  ProbeReply reply;
  reply.responder = outcome.responder;
  reply.kind = outcome.kind;
  return reply;
}

}  // namespace

TraceRun::TraceRun(const FlowIdentity& flow, const ProbeConfig& config)
    : flow_(flow), config_(config), horizon_(util::Ttl{config.max_hops}) {
  for (unsigned ttl = config.first_ttl; ttl <= config.max_hops; ++ttl) {
    for (unsigned i = 0; i < config.probes_per_hop; ++i) {
      Slot s;
      s.ttl = util::Ttl{static_cast<std::uint8_t>(ttl)};
      slots_.push_back(s);
    }
  }
}

std::optional<Probe> TraceRun::next_probe(Instant now) {
  if (in_flight_ >= config_.max_in_flight || next_unsent_ >= slots_.size()) return std::nullopt;
  auto& s = slots_[next_unsent_];
  if (!within_horizon(s)) return std::nullopt;
  s.state = SlotState::InFlight;
  s.sent_at = now;
  s.deadline = now + config_.probe_timeout;
  ++in_flight_;
  return Probe{s.ttl, ProbeToken{static_cast<std::uint16_t>(next_unsent_++)}};
}

void TraceRun::on_send_failed(ProbeToken token) {
  if (token.value >= slots_.size()) return;
  auto& s = slots_[token.value];
  if (s.state != SlotState::InFlight) return;
  s.state = SlotState::Lost;
  --in_flight_;
}

bool TraceRun::on_reply(ProbeToken token, const ProbeReply& reply) {
  if (token.value >= slots_.size()) return false;
  auto& s = slots_[token.value];
  if (s.state != SlotState::InFlight) return false;  // late (already lost), duplicate or abandoned
  s.state = SlotState::Answered;
  --in_flight_;
  s.outcome.answered = true;
  s.outcome.responder = reply.responder;
  s.outcome.kind = reply.kind;
  s.outcome.icmp_type = reply.icmp_type;
  s.outcome.icmp_code = reply.icmp_code;
  s.outcome.rtt = std::chrono::duration_cast<util::Duration>(std::max(reply.received - s.sent_at, Instant::duration{}));
  if (reaches_target(flow_, reply) || ends_path(flow_, reply)) lower_horizon(s.ttl);
  return true;
}

void TraceRun::lower_horizon(util::Ttl ttl) {
  if (ttl > horizon_) return;
  horizon_ = ttl;
  for (auto& s : slots_) {
    if (within_horizon(s)) continue;
    if (s.state == SlotState::InFlight) --in_flight_;
    if (s.state == SlotState::InFlight || s.state == SlotState::Unsent) s.state = SlotState::Abandoned;
  }
}

bool TraceRun::expire(Instant now) {
  bool any = false;
  for (auto& s : slots_) {
    if (s.state != SlotState::InFlight || s.deadline > now) continue;
    s.state = SlotState::Lost;
    --in_flight_;
    any = true;
  }
  return any;
}

std::optional<Instant> TraceRun::next_deadline() const {
  std::optional<Instant> earliest;
  for (const auto& s : slots_) {
    if (s.state == SlotState::InFlight && (!earliest || s.deadline < *earliest)) earliest = s.deadline;
  }
  return earliest;
}

bool TraceRun::done() const {
  return std::none_of(slots_.begin(), slots_.end(), [&](const Slot& s) {
    return within_horizon(s) && (s.state == SlotState::Unsent || s.state == SlotState::InFlight);
  });
}

TraceResult TraceRun::result() const {
  TraceResult r;
  bool reached = false;
  r.target = flow_.target;
  r.protocol = flow_.protocol;
  r.dst_port = flow_.dst_port;
  r.max_hops = config_.max_hops;
  r.probes_per_hop = config_.probes_per_hop;
  for (const auto& s : slots_) {
    if (!within_horizon(s) || s.state == SlotState::Unsent || s.state == SlotState::Abandoned) continue;
    if (r.hops.empty() || r.hops.back().ttl != s.ttl) {
      HopResult hop;
      hop.ttl = s.ttl;
      r.hops.push_back(std::move(hop));
    }
    auto& hop = r.hops.back();
    hop.probes.push_back(s.outcome);
    if (!s.outcome.answered) continue;
    if (ends_path(flow_, reply_of(s.outcome))) hop.unreachable = true;
    if (reaches_target(flow_, reply_of(s.outcome))) reached = true;
  }
  for (auto& hop : r.hops) collect_responders(hop);
  if (!done()) {
    r.status = TraceStatus::Running;
  } else if (reached) {
    r.status = TraceStatus::Reached;
  } else {
    const bool router_said_unreachable =
        std::any_of(r.hops.begin(), r.hops.end(), [](const HopResult& h) { return h.unreachable; });
    r.status = router_said_unreachable ? TraceStatus::Unreachable : TraceStatus::NotReached;
  }
  return r;
}

}  // namespace pt::trace
