#include "trace/trace_error.hpp"

namespace pt::trace {

std::string_view to_string(TraceErrorKind kind) {
  switch (kind) {
    case TraceErrorKind::PermissionDenied: return "permission denied";
    case TraceErrorKind::FamilyUnavailable: return "address family unavailable";
    case TraceErrorKind::Socket: return "socket error";
    case TraceErrorKind::InvalidConfig: return "invalid configuration";
  }
  return "trace error";
}

}  // namespace pt::trace
