#pragma once
// What the Classifier keeps for a flow while nDPI is still inspecting it, and the pool those
// states come from. Internal to the classifier (the only engine header besides classifier.cpp
// that sees nDPI's structs); everything else holds an opaque ClassifierFlowState*.

#include <ndpi_api.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace pt::engine {

// A byte histogram of the first payload bytes of a flow, to tell "looks random" (encrypted or
// compressed) from text and structured binary when nDPI cannot name the protocol.
class EntropySample {
 public:
  static constexpr std::uint32_t kCapacity = 4096;  // bytes sampled per flow (fits uint16 counts)
  static constexpr std::uint32_t kMinimum = 256;    // fewer bytes cannot tell random from text

  void add(std::span<const std::uint8_t> payload);
  void clear();
  [[nodiscard]] std::uint32_t size() const { return size_; }
  // Shannon entropy of the sample in bits per byte (0..8).
  [[nodiscard]] double bits_per_byte() const;
  // True when the sample is as diverse as random bytes of its size would be. The expected
  // entropy of n uniform random bytes is about 8 - 255 / (2 n ln 2) (Miller-Madow bias
  // correction); we accept 0.35 bits below it, which random samples (measured minimum over
  // 200 draws: 7.03 at n = 256, 7.75 at n = 1024) clear and English text (~4.5) and
  // structured binary headers are far from.
  [[nodiscard]] bool looks_random() const;

 private:
  std::array<std::uint16_t, 256> counts_{};
  std::uint32_t size_ = 0;
};

struct ClassifierFlowState {
  ndpi_flow_struct ndpi;  // zeroed before first use, as nDPI requires
  EntropySample entropy;
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
