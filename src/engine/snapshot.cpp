#include "engine/snapshot.hpp"

namespace pt::engine {

std::string Snapshot::app_name(const Classification& c) const {
  if (!labels) return c.app_protocol == 0 ? std::string("Unknown") : std::to_string(c.app_protocol);
  if (c.master_protocol != 0 && c.master_protocol != c.app_protocol && c.app_protocol != 0) {
    return std::string(labels->protocol(c.master_protocol)) + "." + std::string(labels->protocol(c.app_protocol));
  }
  return std::string(labels->protocol(c.app_protocol != 0 ? c.app_protocol : c.master_protocol));
}

std::string_view Snapshot::category_name(const Classification& c) const {
  if (!labels) return "Unspecified";
  return labels->category(c.category);
}

}  // namespace pt::engine
