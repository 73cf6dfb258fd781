#include "engine/classifier_state.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>

namespace pt::engine {

void EntropySample::add(std::span<const std::uint8_t> payload) {
  const auto room = kCapacity - size_;
  const auto take = std::min<std::size_t>(room, payload.size());
  for (std::size_t i = 0; i < take; ++i) ++counts_[payload[i]];
  size_ += static_cast<std::uint32_t>(take);
}

void EntropySample::clear() {
  counts_.fill(0);
  size_ = 0;
}

double EntropySample::bits_per_byte() const {
  if (size_ == 0) return 0.0;
  const double n = size_;
  double bits = 0.0;
  for (const auto count : counts_) {
    if (count == 0) continue;
    const double p = count / n;
    bits -= p * std::log2(p);
  }
  return bits;
}

bool EntropySample::looks_random() const {
  if (size_ < kMinimum) return false;
  const double expected_random = 8.0 - 255.0 / (2.0 * size_ * std::numbers::ln2);
  constexpr double kMargin = 0.35;
  return bits_per_byte() >= expected_random - kMargin;
}

ClassifierStatePool::ClassifierStatePool(std::size_t states_per_slab)
    : states_per_slab_(std::max<std::size_t>(1, states_per_slab)) {}

ClassifierStatePool::~ClassifierStatePool() {
  for (const auto& slab : slabs_) {
    for (std::size_t i = 0; i < states_per_slab_; ++i) {
      if (slab[i].in_use) ndpi_free_flow_data(&slab[i].ndpi);
    }
  }
}

void ClassifierStatePool::grow() {
  auto slab = std::unique_ptr<ClassifierFlowState[]>(new ClassifierFlowState[states_per_slab_]());
  // Thread the new states onto the free list in address order.
  for (std::size_t i = states_per_slab_; i-- > 0;) {
    slab[i].next_free = free_;
    free_ = &slab[i];
  }
  slabs_.push_back(std::move(slab));
}

ClassifierFlowState* ClassifierStatePool::acquire() {
  if (free_ == nullptr) grow();
  ClassifierFlowState* state = free_;
  free_ = state->next_free;
  // nDPI expects a zeroed flow struct (ndpiReader memsets what ndpi_flow_malloc returns).
  std::memset(static_cast<void*>(&state->ndpi), 0, sizeof(state->ndpi));
  state->entropy.clear();
  state->packets = 0;
  state->in_use = true;
  state->next_free = nullptr;
  ++in_use_;
  return state;
}

void ClassifierStatePool::release(ClassifierFlowState* state) {
  if (state == nullptr || !state->in_use) return;
  ndpi_free_flow_data(&state->ndpi);
  state->in_use = false;
  state->next_free = free_;
  free_ = state;
  --in_use_;
}

}  // namespace pt::engine
