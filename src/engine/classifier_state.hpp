#pragma once
// What the Classifier keeps for a flow while nDPI is still inspecting it, and the pool those
// states come from. Internal to the classifier (the only engine header besides classifier.cpp
// that sees nDPI's structs); everything else holds an opaque ClassifierFlowState*.

#include <ndpi_api.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/classifier_entropy.hpp"

namespace pt::engine {

struct ClassifierFlowState {
  ndpi_flow_struct ndpi;      // zeroed before first use, as nDPI requires
  EntropyTally entropy;       // verdicts on the first payloads (random-looking or not)
  std::uint32_t packets = 0;  // packets handed to nDPI for this flow
  bool in_use = false;
  ClassifierFlowState* next_free = nullptr;
};

// Hands out zeroed ClassifierFlowStates from slabs, so starting to inspect a flow does not
// call malloc for nDPI's 688-byte flow struct, and a state freed by one flow is reused by the
// next. Slabs are kept (a pool never shrinks): the peak is bounded by the flows that are being
// inspected at once, which the flow table's capacity bounds.
class ClassifierStatePool {
 public:
  explicit ClassifierStatePool(std::size_t states_per_slab = 256);
  ~ClassifierStatePool();  // frees nDPI's members of states still in use, then the slabs
  ClassifierStatePool(const ClassifierStatePool&) = delete;
  ClassifierStatePool& operator=(const ClassifierStatePool&) = delete;

  ClassifierFlowState* acquire();
  // Frees nDPI's dynamically allocated members (ndpi_free_flow_data: ndpi_flow_free would also
  // free the struct itself, which the pool owns) and returns the state to the free list.
  void release(ClassifierFlowState* state);

  [[nodiscard]] std::size_t in_use() const { return in_use_; }
  [[nodiscard]] std::size_t capacity() const { return slabs_.size() * states_per_slab_; }
  [[nodiscard]] std::size_t bytes() const { return capacity() * sizeof(ClassifierFlowState); }

 private:
  void grow();

  std::size_t states_per_slab_;
  std::vector<std::unique_ptr<ClassifierFlowState[]>> slabs_;
  ClassifierFlowState* free_ = nullptr;
  std::size_t in_use_ = 0;
};

}  // namespace pt::engine
