#include "engine/classifier_state.hpp"

#include <algorithm>
#include <cstring>

namespace pt::engine {

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
  state->entropy = EntropyTally{};
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
