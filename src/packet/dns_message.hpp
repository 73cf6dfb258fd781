#pragma once
// A DNS message (RFC 1035) read in place: header, questions and answer records with names
// decompressed into fixed buffers. Compression pointers must point strictly backwards and are
// followed a bounded number of times, so a pointer loop ends the name instead of the program.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "util/byte_reader.hpp"
#include "util/ip_address.hpp"

namespace pt::packet {

// A decompressed domain name in presentation form without the final dot ("www.example.com").
class DnsName {
 public:
  static constexpr std::size_t kMaxLength = 255;
  [[nodiscard]] std::string_view view() const { return {text_.data(), length_}; }
  [[nodiscard]] bool empty() const { return length_ == 0; }
  bool append_label(std::span<const std::uint8_t> label);
  void clear() { length_ = 0; }

 private:
  std::array<char, kMaxLength + 1> text_{};
  std::size_t length_ = 0;
};

namespace dns_type {
inline constexpr std::uint16_t kA = 1;
inline constexpr std::uint16_t kNs = 2;
inline constexpr std::uint16_t kCname = 5;
inline constexpr std::uint16_t kPtr = 12;
inline constexpr std::uint16_t kAaaa = 28;
}  // namespace dns_type

struct DnsHeader {
  std::uint16_t id = 0;
  bool is_response = false;
  std::uint8_t opcode = 0;
  std::uint8_t rcode = 0;
  std::uint16_t questions = 0;
  std::uint16_t answers = 0;
  std::uint16_t authorities = 0;
  std::uint16_t additionals = 0;
};

struct DnsQuestion {
  DnsName name;
  std::uint16_t type = 0;
  std::uint16_t klass = 0;
};

struct DnsRecord {
  DnsName name;
  std::uint16_t type = 0;
  std::uint16_t klass = 0;
  std::uint32_t ttl = 0;
  util::IpAddress address;  // A / AAAA
  DnsName target;           // CNAME / PTR / NS
};

class DnsMessage {
 public:
  // The message at the start of a UDP payload, or after the 2-byte length of DNS over TCP.
  static std::optional<DnsMessage> parse(std::span<const std::uint8_t> payload, bool tcp_framing = false);

  [[nodiscard]] const DnsHeader& header() const { return header_; }

  // Calls visit(const DnsQuestion&) for each question; stops early when visit returns false.
  // Returns false when the section was cut short or malformed.
  template <typename Visit>
  bool for_each_question(Visit&& visit) const {
    util::ByteReader r = message_.at(12);
    DnsQuestion q;
    for (std::uint16_t i = 0; i < header_.questions; ++i) {
      if (!read_question(r, q)) return false;
      if (!visit(static_cast<const DnsQuestion&>(q))) return true;
    }
    return true;
  }

  // Calls visit(const DnsRecord&) for each record of the answer section.
  template <typename Visit>
  bool for_each_answer(Visit&& visit) const {
    util::ByteReader r = message_.at(12);
    DnsQuestion q;
    for (std::uint16_t i = 0; i < header_.questions; ++i) {
      if (!read_question(r, q)) return false;
    }
    DnsRecord rec;
    for (std::uint16_t i = 0; i < header_.answers; ++i) {
      if (!read_record(r, rec)) return false;
      if (!visit(static_cast<const DnsRecord&>(rec))) return true;
    }
    return true;
  }

  // Reads a possibly compressed name at r's position; r moves past it. False when invalid.
  bool read_name(util::ByteReader& r, DnsName& out) const;

 private:
  bool read_question(util::ByteReader& r, DnsQuestion& q) const;
  bool read_record(util::ByteReader& r, DnsRecord& rec) const;

  util::ByteReader message_;
  DnsHeader header_;
};

}  // namespace pt::packet
