#pragma once
// The dashboard's window onto a running Pipeline (ui::DashboardSource): snapshots from the
// engine, names/geo/owners from the resolver's caches, capture/database/resolver status, and the
// trace service's results, converted into the dashboard's view models. Main thread only; every
// call answers from state that is already there.

#include <chrono>

#include "app/pipeline.hpp"
#include "ui/source.hpp"

namespace pt::app {

class PipelineDashboardSource final : public ui::DashboardSource {
 public:
  explicit PipelineDashboardSource(Pipeline& pipeline);

  engine::SnapshotPtr snapshot() override;
  ui::HostLabel annotate(const util::IpAddress& address) override;
  ui::CaptureStatus status() override;
  ui::PathsModel paths() override;
  std::vector<ui::CacheStats> cache_stats() override;

  void set_paused(bool paused) override;
  void request_trace(const util::IpAddress& target) override;
  void refresh_traces() override;
  void clear_traces() override;

 private:
  Pipeline& pipeline_;
  bool paused_ = false;
  engine::SnapshotPtr frozen_;  // the picture kept while a live capture is paused
};

}  // namespace pt::app
