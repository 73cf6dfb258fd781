#pragma once
// History from the database without capturing: `packettracer sessions [--db PATH] [--report
// json|text]` lists the stored capture sessions, newest first; `packettracer --session ID
// --report json|text [--db PATH]` prints one of them in the live report's schema
// (docs/report-schema.md, docs/database.md). Both open the database read-only (the default
// ~/.packettracer/data.db unless --db): a missing database or an unknown session is one clear
// line on err and exit status 1.

#include <ostream>
#include <vector>

#include "app/config.hpp"
#include "store/records.hpp"

namespace pt::app {

int sessions_command(const Config& config, std::ostream& out, std::ostream& err);
int session_report_command(const Config& config, std::ostream& out, std::ostream& err);

// The printed forms of the session list.
void write_sessions_text(const std::vector<store::SessionRecord>& sessions, std::ostream& out);
void write_sessions_json(const std::vector<store::SessionRecord>& sessions, std::ostream& out);

}  // namespace pt::app
