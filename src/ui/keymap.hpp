#pragma once
// Key → Command tables: one per view, then the global one. The help overlay is generated from
// the same tables, so it cannot drift from what the keys do.

#include <span>
#include <string_view>

#include "ui/command.hpp"
#include "ui/key.hpp"

namespace pt::ui {

struct Binding {
  Key key;
  Command command = Command::None;
  std::string_view label;        // how help shows the key ("PgUp", "Space")
  std::string_view description;  // what it does
};

// The command for key in view: the view's table first, then the global table. None if unbound.
Command command_for(View view, Key key);

std::span<const Binding> global_bindings();
std::span<const Binding> view_bindings(View view);

}  // namespace pt::ui
