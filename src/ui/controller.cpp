#include "ui/controller.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "ui/keymap.hpp"
#include "ui/text.hpp"

namespace pt::ui {
namespace {

int view_index(View v) { return static_cast<int>(v); }

template <typename E>
E cycle(E value, int count) {
  return static_cast<E>((static_cast<int>(value) + 1) % count);
}

// Moves a list cursor by delta rows (clamped); forgets the key so the next build re-resolves.
template <typename K>
void move_cursor(ListCursor<K>& cursor, int delta, int size) {
  const long target = static_cast<long>(cursor.index) + delta;
  cursor.index = static_cast<int>(std::clamp<long>(target, 0, std::max(size - 1, 0)));
  cursor.key.reset();
}

bool traceable(const util::IpAddress& a) {
  switch (a.scope()) {
    case util::AddressScope::Public:
    case util::AddressScope::Private:
    case util::AddressScope::SharedCgnat:
    case util::AddressScope::LinkLocal: return true;
    default: return false;
  }
}

void request_traces(ViewState& state, ControlContext& context, const std::set<util::IpAddress>& targets,
                    std::string_view none_note) {
  std::vector<util::IpAddress> chosen;
  for (const auto& t : targets) {
    if (traceable(t)) chosen.push_back(t);
  }
  if (chosen.empty()) {
    notify(state, std::string(none_note), context.now);
    return;
  }
  const std::size_t n = std::min(chosen.size(), kMaxTraceBatch);
  for (std::size_t i = 0; i < n; ++i) context.source.request_trace(chosen[i]);
  if (chosen.size() == 1) {
    notify(state, "Tracing route to " + chosen.front().to_string() + " (2: Paths)", context.now);
  } else if (n < chosen.size()) {
    notify(state,
           "Tracing " + std::to_string(n) + " of " + std::to_string(chosen.size()) + " destinations (limit " +
               std::to_string(kMaxTraceBatch) + ")",
           context.now);
  } else {
    notify(state, "Tracing " + std::to_string(n) + " destinations (2: Paths)", context.now);
  }
}

std::set<util::IpAddress> selected_targets(const ViewState& state) {
  std::set<util::IpAddress> targets;
  for (const auto& f : state.selection.flows()) targets.insert(remote_address(f));
  return targets;
}

// The cursor row of the Traffic view (remembered in other views too).
std::set<util::IpAddress> cursor_target(const ViewState& state) {
  const TrafficState& t = state.traffic;
  if (t.by_destination && t.destination_cursor.key) return {*t.destination_cursor.key};
  if (!t.by_destination && t.flow_cursor.key) return {remote_address(*t.flow_cursor.key)};
  return {};
}

void toggle_mark(ViewState& state, const TrafficList* list) {
  TrafficState& t = state.traffic;
  if (!t.by_destination) {
    if (t.flow_cursor.key) state.selection.toggle(*t.flow_cursor.key);
    return;
  }
  if (!t.destination_cursor.key || list == nullptr) return;
  // A destination row stands for its flows: mark them all, or unmark them all when all are marked.
  const util::IpAddress dst = *t.destination_cursor.key;
  bool all = true;
  std::vector<FlowIdentity> flows;
  for (const engine::FlowRow* f : list->flows) {
    if (f->dst != dst) continue;
    flows.push_back(FlowIdentity::of(*f));
    all = all && state.selection.contains(flows.back());
  }
  for (const auto& f : flows) {
    if (all) {
      state.selection.remove(f);
    } else {
      state.selection.add(f);
    }
  }
}

void mark_all(ViewState& state, ControlContext& context) {
  if (context.traffic == nullptr) return;
  for (const engine::FlowRow* f : context.traffic->flows) state.selection.add(FlowIdentity::of(*f));
  notify(state, std::to_string(state.selection.size()) + " flows selected", context.now);
}

void open_prompt(ViewState& state, PromptKind kind) {
  state.prompt.kind = kind;
  state.prompt.error.clear();
  if (kind == PromptKind::IpFilter) {
    state.prompt.text = state.traffic.ip_filter;
  } else {
    state.prompt.text = state.traffic.port_filter ? std::to_string(*state.traffic.port_filter) : std::string();
  }
  state.prompt.original = state.prompt.text;
}

bool navigate(ViewState& state, Command command, const ControlContext& context) {
  const int v = view_index(state.view);
  const int page = std::max(context.page_rows[static_cast<std::size_t>(v)] - 1, 1);
  const int size = context.list_size[static_cast<std::size_t>(v)];
  int delta = 0;
  switch (command) {
    case Command::CursorUp: delta = -1; break;
    case Command::CursorDown: delta = 1; break;
    case Command::PageUp: delta = -page; break;
    case Command::PageDown: delta = page; break;
    case Command::Home: delta = -(1 << 30); break;
    case Command::End: delta = 1 << 30; break;
    default: return false;
  }
  switch (state.view) {
    case View::Traffic:
      if (state.traffic.by_destination) {
        move_cursor(state.traffic.destination_cursor, delta, size);
      } else {
        move_cursor(state.traffic.flow_cursor, delta, size);
      }
      break;
    case View::Paths: move_cursor(state.trace_cursor, delta, size); break;
    case View::Ports: move_cursor(state.port_cursor, delta, size); break;
    case View::Stats:
    case View::Analysis: break;
  }
  return true;
}

void clear_all(ViewState& state, ControlContext& context) {
  TrafficState& t = state.traffic;
  t.ip_filter.clear();
  t.port_filter.reset();
  t.protocol = ProtocolFilter::All;
  t.show_local = true;
  state.selection.clear();
  notify(state, "Filters and selection cleared", context.now);
}

}  // namespace

void notify(ViewState& state, std::string message, SteadyTime now) {
  state.message = std::move(message);
  state.message_until = now + kMessageTime;
}

void execute(ViewState& state, Command command, ControlContext& context) {
  if (navigate(state, command, context)) return;
  TrafficState& t = state.traffic;
  switch (command) {
    case Command::None: break;
    case Command::ShowTraffic: state.view = View::Traffic; break;
    case Command::ShowPaths: state.view = View::Paths; break;
    case Command::ShowStats: state.view = View::Stats; break;
    case Command::ShowAnalysis: state.view = View::Analysis; break;
    case Command::ShowPorts: state.view = View::Ports; break;
    case Command::TogglePause:
      context.source.set_paused(!context.paused);
      notify(state, context.paused ? "Capture resumed" : "Capture paused (p resumes)", context.now);
      break;
    case Command::Trace: {
      auto targets = state.selection.empty() ? cursor_target(state) : selected_targets(state);
      request_traces(state, context, targets, "Nothing to trace: move to a flow in view 1 or select flows (Space)");
      break;
    }
    case Command::Quit: state.quit = true; break;
    case Command::ToggleHelp: state.help = !state.help; break;
    case Command::ToggleMark: toggle_mark(state, context.traffic); break;
    case Command::TraceCursor: request_traces(state, context, cursor_target(state), "No flow under the cursor"); break;
    case Command::PromptIpFilter: open_prompt(state, PromptKind::IpFilter); break;
    case Command::PromptPortFilter: open_prompt(state, PromptKind::PortFilter); break;
    case Command::CycleProtocol: t.protocol = cycle(t.protocol, 4); break;
    case Command::CycleSort: t.sort = cycle(t.sort, 3); break;
    case Command::ToggleGroup: t.by_destination = !t.by_destination; break;
    case Command::ToggleLocal:
      t.show_local = !t.show_local;
      notify(state, t.show_local ? "Local traffic shown" : "Local traffic hidden (l shows it)", context.now);
      break;
    case Command::MarkAll: mark_all(state, context); break;
    case Command::ClearAll: clear_all(state, context); break;
    case Command::TraceMarked:
      request_traces(state, context, selected_targets(state), "No flows selected: select flows in view 1 (Space)");
      break;
    case Command::RefreshTraces:
      context.source.refresh_traces();
      notify(state, "Refreshing traces", context.now);
      break;
    case Command::ClearTraces:
      context.source.clear_traces();
      state.trace_cursor = {};
      notify(state, "Traces cleared", context.now);
      break;
    case Command::CyclePortSort: state.port_sort = cycle(state.port_sort, 4); break;
    default: break;
  }
}

namespace {

constexpr std::size_t kPromptMax = 64;

void pop_code_point(std::string& s) {
  while (!s.empty()) {
    const auto c = static_cast<unsigned char>(s.back());
    s.pop_back();
    if ((c & 0xC0U) != 0x80U) break;  // stop after the lead byte
  }
}

void close_prompt(ViewState& state) { state.prompt = {}; }

// Applies the port prompt; false (with an error shown) when the text is not a port.
bool apply_port(ViewState& state) {
  const std::string& text = state.prompt.text;
  if (text.empty()) {
    state.traffic.port_filter.reset();
    return true;
  }
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value > 65535) {
    state.prompt.error = "port must be a number from 0 to 65535";
    return false;
  }
  state.traffic.port_filter = static_cast<std::uint16_t>(value);
  return true;
}

void handle_prompt_key(ViewState& state, Key key) {
  PromptState& p = state.prompt;
  const bool ip = p.kind == PromptKind::IpFilter;
  switch (key.code) {
    case KeyCode::Escape:
      if (ip) state.traffic.ip_filter = p.original;
      close_prompt(state);
      return;
    case KeyCode::Enter:
      if (ip || apply_port(state)) close_prompt(state);
      return;
    case KeyCode::Backspace:
    case KeyCode::Delete: pop_code_point(p.text); break;
    case KeyCode::Char: {
      const bool digit = key.ch >= U'0' && key.ch <= U'9';
      if (key.ch < 0x20 || key.ch == 0x7F || p.text.size() >= kPromptMax) return;
      if (!ip && !digit) {
        p.error = "digits only";
        return;
      }
      append_utf8(p.text, key.ch);
      break;
    }
    default: return;
  }
  p.error.clear();
  if (ip) state.traffic.ip_filter = p.text;  // filter as you type; Esc puts the old one back
}

}  // namespace

void handle_key(ViewState& state, Key key, ControlContext& context) {
  if (key.code == KeyCode::Resize) return;
  if (state.prompt.kind != PromptKind::None) {
    handle_prompt_key(state, key);
    return;
  }
  const Command command = command_for(state.view, key);
  if (state.help) {
    // Help closes on any key; q still quits and view keys still switch.
    state.help = false;
    if (command == Command::ToggleHelp) return;
    if (command != Command::Quit && (command < Command::ShowTraffic || command > Command::ShowPorts)) return;
  }
  if (key.code == KeyCode::Escape) {
    state.message.clear();
    return;
  }
  execute(state, command, context);
}

}  // namespace pt::ui
