#pragma once
// The dashboard: view state, the latest inputs from the source, and the loop that turns them into
// frames. render() and handle_key() are usable without a terminal (tests drive them with a
// Canvas and Keys); run() is the main-thread loop over a real Terminal.

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>

#include "ui/analysis_model.hpp"
#include "ui/annotator.hpp"
#include "ui/canvas.hpp"
#include "ui/controller.hpp"
#include "ui/ports_model.hpp"
#include "ui/source.hpp"
#include "ui/stats_model.hpp"
#include "ui/traffic_list.hpp"
#include "ui/view_state.hpp"

namespace pt::ui {

class Terminal;

struct DashboardOptions {
  std::chrono::milliseconds refresh{100};    // REFRESH_RATE: a frame at least this often
  std::chrono::milliseconds input_wait{50};  // the loop's cycle while waiting for keys
  int max_flows_display = 50;                // MAX_FLOWS_DISPLAY: rows of the flow table
  // Stats, Analysis and Ports are recomputed on every new snapshot while that takes under
  // cheap_model_time, else at most every heavy_model_interval (50,000 flows).
  std::chrono::microseconds cheap_model_time{2000};
  std::chrono::milliseconds heavy_model_interval{500};
  View initial_view = View::Traffic;
  AnnotatorOptions annotator;
};

inline constexpr int kMinWidth = 40;
inline constexpr int kMinHeight = 10;

enum class ExitReason : std::uint8_t {
  Quit,     // the user pressed q
  Stopped,  // the stop flag was raised (SIGINT, SIGTERM, the app shutting down)
};

class Dashboard {
 public:
  explicit Dashboard(DashboardSource& source, DashboardOptions options = {});

  void handle_key(Key key, SteadyTime now);
  // Fetches the latest snapshot and status from the source and draws the current view into
  // canvas (its size is the screen size).
  void render(Canvas& canvas, SteadyTime now);

  [[nodiscard]] bool quit_requested() const { return state_.quit; }
  [[nodiscard]] const ViewState& state() const { return state_; }

  // The main-thread loop: waits for keys at most input_wait, draws a frame every refresh, and
  // returns when q is pressed or stop becomes true. Exceptions from the source propagate (the
  // Terminal's destructor restores the screen during unwinding).
  ExitReason run(Terminal& terminal, const std::atomic<bool>& stop);

 private:
  struct ModelKey {
    std::uint64_t snapshot = 0;
    std::uint64_t selection = 0;
    int variant = 0;
    friend bool operator==(const ModelKey&, const ModelKey&) = default;
  };
  struct ModelClock {
    std::optional<ModelKey> key;
    SteadyTime at{};
    std::chrono::microseconds cost{0};
  };

  void fetch(SteadyTime now);
  void rebuild_traffic(int visible_rows, SteadyTime now);
  // Rebuilds the Traffic list when a key or the size changed it, or when a new snapshot came and
  // the last build was cheap or long enough ago (50,000 flows: a few times a second).
  void refresh_traffic(int visible_rows, SteadyTime now);
  // True when the cached model keyed by clock must be recomputed now.
  bool stale(ModelClock& clock, const ModelKey& key, SteadyTime now) const;
  void render_view(Canvas& canvas, Rect area, SteadyTime now);
  void render_ports(Canvas& canvas, Rect area, SteadyTime now);
  ControlContext context(SteadyTime now);

  DashboardSource& source_;
  DashboardOptions options_;
  Annotator names_;
  ViewState state_;
  engine::SnapshotPtr snapshot_;
  CaptureStatus status_;
  PathsModel paths_;
  std::vector<CacheStats> caches_;
  TrafficList traffic_;
  engine::SnapshotPtr traffic_snapshot_;  // the rows traffic_ points into
  ModelClock traffic_clock_;
  FilterMemo filter_memo_;
  SteadyTime filter_memo_since_{};
  int traffic_rows_ = 1;
  bool traffic_dirty_ = true;  // a key changed what the list shows
  std::array<int, kViewCount> page_rows_{};
  std::array<int, kViewCount> list_size_{};
  StatsBuilder stats_builder_;
  StatsModel stats_;
  AnalysisModel analysis_;
  PortsModel ports_;
  ModelClock stats_clock_;
  ModelClock analysis_clock_;
  ModelClock ports_clock_;
};

}  // namespace pt::ui
