#include "resolve/lookup_state.hpp"

namespace pt::resolve {

std::string_view to_string(LookupState state) {
  switch (state) {
    case LookupState::Ready: return "ready";
    case LookupState::Pending: return "pending";
    case LookupState::None: return "none";
    case LookupState::Failed: return "failed";
  }
  return "none";
}

std::string_view to_string(FailureReason reason) {
  switch (reason) {
    case FailureReason::None: return "";
    case FailureReason::NoRecord: return "no record";
    case FailureReason::Timeout: return "timeout";
    case FailureReason::Unreachable: return "unreachable";
    case FailureReason::ServerFailure: return "server failure";
    case FailureReason::QueueFull: return "queue full";
    case FailureReason::TooLarge: return "answer too large";
    case FailureReason::ReferralLoop: return "referral loop";
    case FailureReason::RateLimited: return "rate limited";
  }
  return "";
}

}  // namespace pt::resolve
