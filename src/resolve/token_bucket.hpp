#pragma once
// A token bucket for rate limits such as GEO_API_RATE_LIMIT (45 requests per minute) and the
// per-server WHOIS limit. The caller passes the time, so tests need no sleeping. Not
// thread-safe: each bucket belongs to one worker thread.

#include <algorithm>
#include <chrono>

namespace pt::resolve {

class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;

  // rate tokens per period, at most burst stored (burst >= 1).
  TokenBucket(double rate, Clock::duration period, double burst, Clock::time_point now)
      : per_second_(rate / std::chrono::duration<double>(period).count()),
        burst_(std::max(1.0, burst)),
        tokens_(burst_),
        last_(now) {}

  bool try_take(Clock::time_point now) {
    refill(now);
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
  }
  // How long until try_take would succeed (zero when it would now).
  [[nodiscard]] Clock::duration wait_time(Clock::time_point now) {
    refill(now);
    if (tokens_ >= 1.0 || per_second_ <= 0.0) return Clock::duration::zero();
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>((1.0 - tokens_) / per_second_));
  }
  // Empties the bucket until the given time (a server said "slow down").
  void block_until(Clock::time_point until) {
    tokens_ = 0.0;
    last_ = std::max(last_, until);
  }

 private:
  void refill(Clock::time_point now) {
    if (now <= last_) return;
    tokens_ = std::min(burst_, tokens_ + std::chrono::duration<double>(now - last_).count() * per_second_);
    last_ = now;
  }

  double per_second_;
  double burst_;
  double tokens_;
  Clock::time_point last_;
};

}  // namespace pt::resolve
