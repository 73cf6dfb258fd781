// libFuzzer target for the DNS message parser: the input is read as a UDP payload and as a
// TCP stream (2-byte length prefix), and every question and answer is walked.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "packet/dns_message.hpp"

namespace {

void walk(const pt::packet::DnsMessage& m) {
  std::size_t total = 0;
  m.for_each_question([&](const pt::packet::DnsQuestion& q) {
    if (q.name.view().size() > pt::packet::DnsName::kMaxLength) std::abort();
    total += q.name.view().size();
    return true;
  });
  m.for_each_answer([&](const pt::packet::DnsRecord& r) {
    if (r.name.view().size() > pt::packet::DnsName::kMaxLength) std::abort();
    total += r.name.view().size() + r.target.view().size() + r.address.bytes().size();
    return true;
  });
  (void)total;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> input(data, size);
  if (auto m = pt::packet::DnsMessage::parse(input)) walk(*m);
  if (auto m = pt::packet::DnsMessage::parse(input, true)) walk(*m);
  return 0;
}
