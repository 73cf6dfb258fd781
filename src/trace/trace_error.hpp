#pragma once
// The typed error of the trace layer; the app turns it into one message and an exit code.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace pt::trace {

enum class TraceErrorKind : std::uint8_t {
  PermissionDenied,   // raw sockets need root or CAP_NET_RAW
  FamilyUnavailable,  // the host has no IPv6 (or IPv4) stack or route for this target
  Socket,             // another socket call failed
  InvalidConfig,      // probe settings out of range
};

std::string_view to_string(TraceErrorKind kind);

class TraceError : public std::runtime_error {
 public:
  TraceError(TraceErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  [[nodiscard]] TraceErrorKind kind() const { return kind_; }

 private:
  TraceErrorKind kind_;
};

}  // namespace pt::trace
