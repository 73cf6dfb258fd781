#pragma once
// Names of application protocols and categories by id, fixed once the classifier is set up,
// shared by every snapshot (rows carry only ids).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pt::engine {

class LabelTable {
 public:
  LabelTable(std::vector<std::string> protocols, std::vector<std::string> categories)
      : protocols_(std::move(protocols)), categories_(std::move(categories)) {}

  [[nodiscard]] std::string_view protocol(std::uint16_t id) const {
    return id < protocols_.size() ? std::string_view(protocols_[id]) : std::string_view("Unknown");
  }
  [[nodiscard]] std::string_view category(std::uint16_t id) const {
    return id < categories_.size() ? std::string_view(categories_[id]) : std::string_view("Unspecified");
  }
  [[nodiscard]] std::size_t protocol_count() const { return protocols_.size(); }
  [[nodiscard]] std::size_t category_count() const { return categories_.size(); }

 private:
  std::vector<std::string> protocols_;
  std::vector<std::string> categories_;
};

}  // namespace pt::engine
