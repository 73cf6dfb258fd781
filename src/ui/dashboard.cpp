#include "ui/dashboard.hpp"

#include <algorithm>

#include "ui/flow_scope.hpp"
#include "ui/terminal.hpp"
#include "ui/views/analysis_view.hpp"
#include "ui/views/chrome.hpp"
#include "ui/views/paths_view.hpp"
#include "ui/views/ports_view.hpp"
#include "ui/views/stats_view.hpp"
#include "ui/views/traffic_view.hpp"
#include "ui/widgets/table.hpp"
#include "util/terminal_safe_string.hpp"

namespace pt::ui {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::seconds kFilterMemoLife{1};

std::size_t at(View v) { return static_cast<std::size_t>(v); }

// Resolves a keyed cursor over rows already in display order (Paths traces, Ports table).
template <typename K, typename Rows, typename KeyOf>
void resolve_cursor(ListCursor<K>& cursor, const Rows& rows, int visible, KeyOf key_of) {
  const int n = static_cast<int>(rows.size());
  if (cursor.key) {
    for (int i = 0; i < n; ++i) {
      if (key_of(rows[static_cast<std::size_t>(i)]) == *cursor.key) {
        cursor.index = i;
        break;
      }
    }
  }
  cursor.index = n == 0 ? 0 : std::clamp(cursor.index, 0, n - 1);
  cursor.offset = widgets::scroll_offset(cursor.offset, cursor.index, n, visible);
  if (n > 0) {
    cursor.key = key_of(rows[static_cast<std::size_t>(cursor.index)]);
  } else {
    cursor.key.reset();
  }
}

}  // namespace

Dashboard::Dashboard(DashboardSource& source, DashboardOptions options)
    : source_(source), options_(options), names_(source, options.annotator) {
  state_.view = options.initial_view;
}

void Dashboard::fetch(SteadyTime now) {
  names_.set_now(now);
  auto snapshot = source_.snapshot();
  if (!snapshot) snapshot = std::make_shared<const engine::Snapshot>();
  snapshot_ = std::move(snapshot);
  status_ = source_.status();
  // The app's texts can carry interface names, file names and error messages from anywhere.
  status_.source = util::terminal_safe(status_.source);
  status_.filter = util::terminal_safe(status_.filter);
  for (auto& w : status_.warnings) w = util::terminal_safe(w);
}

ControlContext Dashboard::context(SteadyTime now) {
  return ControlContext{source_, &traffic_, status_.paused, page_rows_, list_size_, now};
}

void Dashboard::rebuild_traffic(int visible_rows, SteadyTime now) {
  const auto start = Clock::now();
  traffic_snapshot_ = snapshot_;
  if (now - filter_memo_since_ >= kFilterMemoLife) {
    filter_memo_ = FilterMemo{};  // names found since can match now
    filter_memo_since_ = now;
  }
  traffic_ = build_traffic_list(*snapshot_, state_.traffic, state_.selection, names_, visible_rows, &filter_memo_);
  traffic_rows_ = visible_rows;
  traffic_dirty_ = false;
  traffic_clock_ = {ModelKey{snapshot_->sequence, state_.selection.version(), 0}, now,
                    std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start)};
  page_rows_[at(View::Traffic)] = visible_rows;
  list_size_[at(View::Traffic)] = traffic_.size();
}

void Dashboard::refresh_traffic(int visible_rows, SteadyTime now) {
  // An IP filter also matches names, which keep arriving while the snapshot may stand still.
  const bool names_due = !state_.traffic.ip_filter.empty() && now - filter_memo_since_ >= kFilterMemoLife;
  const bool forced = traffic_dirty_ || visible_rows != traffic_rows_ || traffic_snapshot_ == nullptr || names_due;
  if (forced || stale(traffic_clock_, ModelKey{snapshot_->sequence, state_.selection.version(), 0}, now)) {
    rebuild_traffic(visible_rows, now);
  }
}

void Dashboard::handle_key(Key key, SteadyTime now) {
  if (!snapshot_) fetch(now);
  // Commands that act on the cursor row need it resolved against the current order.
  if (state_.view == View::Traffic && traffic_dirty_) rebuild_traffic(traffic_rows_, now);
  auto ctx = context(now);
  const auto before_view = state_.view;
  ui::handle_key(state_, key, ctx);
  traffic_dirty_ = true;
  if (state_.view != before_view) {
    // A freshly opened view shows fresh numbers at once.
    stats_clock_.key.reset();
    analysis_clock_.key.reset();
    ports_clock_.key.reset();
  }
}

bool Dashboard::stale(ModelClock& clock, const ModelKey& key, SteadyTime now) const {
  if (!clock.key) return true;
  if (clock.key->selection != key.selection || clock.key->variant != key.variant) return true;
  if (clock.key->snapshot == key.snapshot) return false;
  return clock.cost < options_.cheap_model_time || now - clock.at >= options_.heavy_model_interval;
}

void Dashboard::render(Canvas& canvas, SteadyTime now) {
  fetch(now);
  canvas.clear();
  if (canvas.width() < kMinWidth || canvas.height() < kMinHeight) {
    views::draw_too_small(canvas, kMinWidth, kMinHeight);
    return;
  }
  Rect area = canvas.bounds();
  const Rect tabs = take_top(area, 1);
  const Rect status = take_bottom(area, 1);
  const Rect hints = take_bottom(area, 1);
  render_view(canvas, area, now);
  const views::Frame frame{*snapshot_, status_, names_, state_, now};
  views::draw_tabs(canvas, tabs, frame);
  views::draw_hint_line(canvas, hints, frame);
  views::draw_status_bar(canvas, status, frame);
  if (state_.help) views::draw_help(canvas, canvas.bounds(), state_.view);
}

void Dashboard::render_view(Canvas& canvas, Rect area, SteadyTime now) {
  const views::Frame frame{*snapshot_, status_, names_, state_, now};
  const ModelKey base{snapshot_->sequence, state_.selection.version(), 0};
  auto timed = [&](ModelClock& clock, const ModelKey& key, auto&& build) {
    if (!stale(clock, key, now)) return;
    const auto start = Clock::now();
    build();
    clock = {key, now, std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start)};
  };
  switch (state_.view) {
    case View::Traffic: {
      refresh_traffic(views::traffic_page_rows(area, options_.max_flows_display), now);
      views::draw_traffic(canvas, area, traffic_, frame);
      break;
    }
    case View::Paths: {
      paths_ = source_.paths();
      resolve_cursor(state_.trace_cursor, paths_.traces, std::max(area.h / 2, 1),
                     [](const TraceView& t) { return t.target; });
      list_size_[at(View::Paths)] = static_cast<int>(paths_.traces.size());
      page_rows_[at(View::Paths)] = std::max(area.h / 2, 1);
      const FlowScope scope = scope_flows(*snapshot_, state_.selection);
      views::draw_paths(canvas, area, paths_, scope, frame);
      break;
    }
    case View::Stats:
      timed(stats_clock_, base,
            [&] { stats_ = stats_builder_.build(*snapshot_, scope_flows(*snapshot_, state_.selection), names_); });
      caches_ = source_.cache_stats();
      views::draw_stats(canvas, area, stats_, caches_, frame);
      break;
    case View::Analysis:
      timed(analysis_clock_, base,
            [&] { analysis_ = build_analysis(*snapshot_, scope_flows(*snapshot_, state_.selection)); });
      views::draw_analysis(canvas, area, analysis_, frame);
      break;
    case View::Ports: render_ports(canvas, area, now); break;
  }
}

void Dashboard::render_ports(Canvas& canvas, Rect area, SteadyTime now) {
  const ModelKey key{snapshot_->sequence, state_.selection.version(), static_cast<int>(state_.port_sort)};
  if (stale(ports_clock_, key, now)) {
    const auto start = Clock::now();
    ports_ = build_ports(*snapshot_, scope_flows(*snapshot_, state_.selection), state_.port_sort);
    ports_clock_ = {key, now, std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start)};
  }
  const int rows = views::ports_page_rows(area);
  resolve_cursor(state_.port_cursor, ports_.ports, rows, [](const PortLine& p) { return p.key(); });
  page_rows_[at(View::Ports)] = rows;
  list_size_[at(View::Ports)] = static_cast<int>(ports_.ports.size());
  views::draw_ports(canvas, area, ports_, views::Frame{*snapshot_, status_, names_, state_, now});
}

ExitReason Dashboard::run(Terminal& terminal, const std::atomic<bool>& stop) {
  Canvas canvas(terminal.width(), terminal.height());
  auto next_frame = Clock::now();
  bool redraw = true;
  while (!stop.load(std::memory_order_relaxed) && !state_.quit) {
    const auto now = Clock::now();
    if (redraw || now >= next_frame) {
      if (canvas.width() != terminal.width() || canvas.height() != terminal.height()) {
        canvas.resize(terminal.width(), terminal.height());
      }
      render(canvas, now);
      terminal.present(canvas);
      next_frame = now + options_.refresh;
      redraw = false;
    }
    const auto wait = std::clamp(std::chrono::duration_cast<std::chrono::milliseconds>(next_frame - Clock::now()),
                                 std::chrono::milliseconds(0), options_.input_wait);
    // Everything typed since the last frame is handled before the next one is drawn.
    for (auto key = terminal.read_key(wait); key; key = terminal.read_key(std::chrono::milliseconds(0))) {
      handle_key(*key, Clock::now());
      redraw = true;
      if (state_.quit) break;
    }
  }
  return state_.quit ? ExitReason::Quit : ExitReason::Stopped;
}

}  // namespace pt::ui
