#pragma once
// Remembers which addresses were already announced to the resolvers, so each public address is
// handed out once. Bounded: when full it forgets everything and starts over (a repeat is
// harmless, the resolvers cache), so memory never grows with the number of hosts seen.

#include <cstddef>
#include <vector>

#include "util/ip_address.hpp"

namespace pt::engine {

class AddressSet {
 public:
  explicit AddressSet(std::size_t capacity = 65536);
  // True when the address was not in the set (and is now).
  bool insert(const util::IpAddress& address);
  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  std::vector<util::IpAddress> slots_;  // empty address = free slot
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
  std::size_t limit_ = 0;
};

}  // namespace pt::engine
