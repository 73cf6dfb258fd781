#include "app/outbox_fanout.hpp"

namespace pt::app {

void OutboxFanout::flows_changed(std::span<const engine::FlowRow> rows) {
  for (auto* l : listeners_) l->flows_changed(rows);
}
void OutboxFanout::flows_ended(std::span<const engine::FlowRow> rows, engine::FlowEnd why) {
  for (auto* l : listeners_) l->flows_ended(rows, why);
}
void OutboxFanout::ports_changed(std::span<const engine::PortRow> rows) {
  for (auto* l : listeners_) l->ports_changed(rows);
}
void OutboxFanout::scans_changed(std::span<const engine::ScanRow> rows) {
  for (auto* l : listeners_) l->scans_changed(rows);
}
void OutboxFanout::devices_changed(std::span<const engine::DeviceRow> rows) {
  for (auto* l : listeners_) l->devices_changed(rows);
}
void OutboxFanout::names_observed(std::span<const engine::ObservedName> names) {
  for (auto* l : listeners_) l->names_observed(names);
}
void OutboxFanout::addresses_seen(std::span<const util::IpAddress> addresses) {
  for (auto* l : listeners_) l->addresses_seen(addresses);
}

}  // namespace pt::app
