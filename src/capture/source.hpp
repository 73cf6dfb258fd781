#pragma once
// Where frames come from. Live capture and a capture file differ only in the Source, so the
// pipeline above never knows which one it is reading.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "packet/frame.hpp"

namespace pt::capture {

enum class CaptureErrorKind : std::uint8_t {
  FileOpen,  // missing, unreadable, or not a capture file
  FileRead,  // cut short or corrupt in the middle
  NoSuchDevice,
  PermissionDenied,
  InterfaceDown,
  BadFilter,
  Other,
};

// One clear line for the user: what failed and where (the app prints what() and exits 1).
class CaptureError : public std::runtime_error {
 public:
  CaptureError(CaptureErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  [[nodiscard]] CaptureErrorKind kind() const { return kind_; }

 private:
  CaptureErrorKind kind_;
};

enum class ReadStatus : std::uint8_t {
  Frame,    // frame was filled
  Timeout,  // live: nothing arrived within the read timeout (the caller may tick the clock)
  End,      // file finished, or the source was interrupted
  Error,    // reading failed; error() says why (frames read before it stay valid)
};

struct CaptureCounters {
  std::uint64_t received = 0;           // frames delivered to us
  std::uint64_t kernel_received = 0;    // pcap_stats ps_recv
  std::uint64_t kernel_dropped = 0;     // pcap_stats ps_drop: buffer overflow
  std::uint64_t interface_dropped = 0;  // pcap_stats ps_ifdrop
};

class Source {
 public:
  Source() = default;
  Source(const Source&) = delete;
  Source& operator=(const Source&) = delete;
  virtual ~Source() = default;

  // Reads the next frame; its bytes stay valid until the next call.
  virtual ReadStatus next(packet::Frame& frame) = 0;
  // Why the last next() returned Error.
  [[nodiscard]] virtual const std::string& error() const = 0;
  // "eth0", "eth0+eth1" or the file path.
  [[nodiscard]] virtual std::string description() const = 0;
  [[nodiscard]] virtual bool is_live() const = 0;
  [[nodiscard]] virtual CaptureCounters counters() const = 0;
  // Fraction of a file read so far; nullopt for live sources.
  [[nodiscard]] virtual std::optional<double> progress() const { return std::nullopt; }
  // Makes a blocked next() return End soon; safe to call from another thread or a signal handler.
  virtual void interrupt() = 0;
};

}  // namespace pt::capture
