#pragma once
// Carries out commands: changes the ViewState and asks the source for the few outside effects
// (pause, traceroutes). Keys reach it either through the keymap or, while a prompt is open,
// through the prompt editor. Pure apart from the source calls, so key sequences are testable.

#include <array>
#include <chrono>

#include "ui/key.hpp"
#include "ui/source.hpp"
#include "ui/traffic_list.hpp"
#include "ui/view_state.hpp"

namespace pt::ui {

inline constexpr std::size_t kMaxTraceBatch = 10;  // t / s never start more traces than this at once
inline constexpr std::chrono::seconds kMessageTime{3};

// What the controller needs to know about the last frame.
struct ControlContext {
  DashboardSource& source;
  const TrafficList* traffic = nullptr;     // the Traffic list as last built
  bool paused = false;                      // from the capture status
  std::array<int, kViewCount> page_rows{};  // rows a page holds in each view's list
  std::array<int, kViewCount> list_size{};  // rows in each view's list
  SteadyTime now{};
};

void handle_key(ViewState& state, Key key, ControlContext& context);
void execute(ViewState& state, Command command, ControlContext& context);

// A note in the hint line for a few seconds.
void notify(ViewState& state, std::string message, SteadyTime now);

}  // namespace pt::ui
