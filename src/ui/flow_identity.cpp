#include "ui/flow_identity.hpp"

namespace pt::ui {

namespace {

const util::IpAddress& remote_of(const util::IpAddress& src, const util::IpAddress& dst) {
  return !dst.is_public() && src.is_public() ? src : dst;
}

}  // namespace

util::IpAddress remote_address(const engine::FlowRow& row) { return remote_of(row.src, row.dst); }
util::IpAddress remote_address(const FlowIdentity& flow) { return remote_of(flow.src, flow.dst); }

bool is_local_flow(const engine::FlowRow& row) { return !row.src.is_public() && !row.dst.is_public(); }

}  // namespace pt::ui
