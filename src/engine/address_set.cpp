#include "engine/address_set.hpp"

#include <algorithm>
#include <bit>

namespace pt::engine {

AddressSet::AddressSet(std::size_t capacity) {
  slots_.resize(std::bit_ceil(capacity * 2 < 16 ? std::size_t{16} : capacity * 2));
  mask_ = slots_.size() - 1;
  limit_ = slots_.size() / 2;
}

bool AddressSet::insert(const util::IpAddress& address) {
  if (address.empty()) return false;
  if (size_ >= limit_) {
    std::fill(slots_.begin(), slots_.end(), util::IpAddress{});
    size_ = 0;
  }
  for (std::size_t i = address.hash() & mask_;; i = (i + 1) & mask_) {
    if (slots_[i].empty()) {
      slots_[i] = address;
      ++size_;
      return true;
    }
    if (slots_[i] == address) return false;
  }
}

}  // namespace pt::engine
