#include "trace/prober.hpp"

#include "trace/reply_matcher.hpp"
#include "trace/trace_run.hpp"

namespace pt::trace {
namespace {

// Closes the flow on every exit path, exceptions included.
class FlowGuard {
 public:
  FlowGuard(ProbeTransport& transport, FlowIdentity flow) : transport_(transport), flow_(flow) {}
  ~FlowGuard() { transport_.close_flow(flow_); }
  FlowGuard(const FlowGuard&) = delete;
  FlowGuard& operator=(const FlowGuard&) = delete;
  [[nodiscard]] const FlowIdentity& flow() const { return flow_; }

 private:
  ProbeTransport& transport_;
  FlowIdentity flow_;
};

void send_allowed(ProbeTransport& transport, TraceRun& run) {
  const auto now = transport.now();
  while (auto probe = run.next_probe(now)) {
    if (!transport.send(run.flow(), *probe)) run.on_send_failed(probe->token);
  }
}

}  // namespace

Prober::Prober(ProbeTransport& transport, const ProbeConfig& config) : transport_(transport), config_(config) {
  validate(config_);
}

TraceResult Prober::run(const util::IpAddress& target, util::Timestamp started, std::stop_token stop,
                        const ProgressFn& progress) {
  const auto begin = transport_.now();
  FlowGuard guard(transport_, transport_.open_flow(target, config_.protocol, effective_port(config_)));
  TraceRun run(guard.flow(), config_);
  auto finish = [&](TraceResult r) {
    r.started = started;
    r.finished = started + std::chrono::duration_cast<util::Duration>(transport_.now() - begin);
    return r;
  };
  auto last_progress = begin;
  bool unreported = false;
  while (!run.done()) {
    if (stop.stop_requested()) {
      auto r = run.result();
      r.status = TraceStatus::Cancelled;
      return finish(std::move(r));
    }
    // Expire first so the slots of lost probes are refilled at once, not after the next wait.
    unreported = run.expire(transport_.now()) || unreported;
    if (run.done()) break;
    send_allowed(transport_, run);
    if (run.done()) break;  // every probe refused by the kernel: nothing to wait for
    const auto deadline = run.next_deadline().value_or(transport_.now() + config_.probe_timeout);
    if (auto reply = transport_.receive(deadline)) {
      if (auto token = match_reply(run.flow(), *reply)) unreported = run.on_reply(*token, *reply) || unreported;
    }
    const auto now = transport_.now();
    if (progress && unreported && now - last_progress >= progress_interval_) {
      auto partial = run.result();
      partial.started = started;
      progress(partial);
      last_progress = now;
      unreported = false;
    }
  }
  return finish(run.result());
}

}  // namespace pt::trace
