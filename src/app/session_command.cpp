#include "app/session_command.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <ctime>

#include "app/session_report.hpp"
#include "app/store_settings.hpp"
#include "report/json_report.hpp"
#include "report/json_writer.hpp"
#include "report/text_format.hpp"
#include "report/text_report.hpp"
#include "store/repositories/session_repository.hpp"
#include "store/store_error.hpp"
#include "util/terminal_safe_string.hpp"

namespace pt::app {
namespace {

// Opens the database for reading; nullptr after printing why not.
std::unique_ptr<store::Database> open_history(const Config& config, std::ostream& err) {
  auto settings = make_store_settings(config);
  settings.read_only = true;
  settings.read_pool_size = 1;
  try {
    return store::Database::open(settings);
  } catch (const store::StoreError& e) {
    if (e.kind() == store::StoreErrorKind::NotFound) {
      err << "packettracer: no database at " << settings.path.string()
          << " (nothing recorded there yet; a capture records into it unless --no-db)\n";
    } else {
      err << "packettracer: cannot read the database: " << e.what() << "\n";
    }
    spdlog::error("history: {}", e.what());
    return nullptr;
  }
}

std::string local_time(util::Timestamp t) {
  const auto seconds = static_cast<std::time_t>(util::to_unix_nanos(t) / 1'000'000'000);
  std::tm tm{};
  ::localtime_r(&seconds, &tm);
  std::array<char, 32> buf{};
  std::strftime(buf.data(), buf.size(), "%Y-%m-%d %H:%M:%S", &tm);
  return buf.data();
}

std::string source_text(const store::SessionRecord& s) {
  return fmt::format("{} {}", store::to_string(s.source_kind),
                     util::terminal_safe(s.source, {.max_code_points = 240, .keep_newlines = false}));
}

}  // namespace

void write_sessions_text(const std::vector<store::SessionRecord>& sessions, std::ostream& out) {
  if (sessions.empty()) {
    out << "No sessions stored.\n";
    return;
  }
  out << fmt::format("{:>6}  {:<19}  {:<19}  {:>10}  {:>9}  {:>8}  {}\n", "ID", "Started", "Ended", "Packets", "Bytes",
                     "Flows", "Source / filter");
  for (const auto& s : sessions) {
    const auto ended = s.ended_at ? local_time(*s.ended_at) : std::string("(not ended)");
    auto source = source_text(s);
    if (!s.filter.empty()) {
      source += "  [" + util::terminal_safe(s.filter, {.max_code_points = 60, .keep_newlines = false}) + "]";
    }
    out << fmt::format("{:>6}  {:<19}  {:<19}  {:>10}  {:>9}  {:>8}  {}\n", s.id.value, local_time(s.started_at), ended,
                       s.packets, report::human_bytes(s.bytes), s.flows, source);
  }
}

void write_sessions_json(const std::vector<store::SessionRecord>& sessions, std::ostream& out) {
  report::JsonWriter w(out);
  w.begin_object();
  w.key("sessions").begin_array();
  for (const auto& s : sessions) {
    w.begin_object();
    w.field("id", s.id.value);
    w.key("started").value(util::to_unix_seconds(s.started_at), 6);
    w.key("ended");
    if (s.ended_at) {
      w.value(util::to_unix_seconds(*s.ended_at), 6);
    } else {
      w.null();
    }
    w.field("kind", store::to_string(s.source_kind));
    w.field("source", s.source).field("filter", s.filter);
    w.field("packets", s.packets).field("bytes", s.bytes).field("flows", s.flows).field("dropped", s.dropped);
    w.field("version", s.app_version);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  out << "\n";
}

int sessions_command(const Config& config, std::ostream& out, std::ostream& err) {
  const auto database = open_history(config, err);
  if (!database) return 1;
  std::vector<store::SessionRecord> sessions;
  try {
    auto lease = database->reads().acquire();
    sessions = store::repositories::SessionRepository(*lease).list();
  } catch (const store::StoreError& e) {
    err << "packettracer: cannot read the sessions: " << e.what() << "\n";
    return 1;
  }
  if (config.report == ReportFormat::Json) {
    write_sessions_json(sessions, out);
  } else {
    write_sessions_text(sessions, out);
  }
  return 0;
}

int session_report_command(const Config& config, std::ostream& out, std::ostream& err) {
  const auto id = store::SessionId{config.store.session_id.value_or(0)};
  const auto database = open_history(config, err);
  if (!database) return 1;
  std::optional<StoredSessionReport> stored;
  try {
    stored = load_session_report(*database, id);
  } catch (const store::StoreError& e) {
    err << "packettracer: cannot read session " << id.value << ": " << e.what() << "\n";
    return 1;
  }
  if (!stored) {
    err << "packettracer: no session " << id.value << " in " << database->path().string()
        << " ('packettracer sessions' lists them)\n";
    return 1;
  }
  const auto input = stored->input();
  if (config.report == ReportFormat::Json) {
    report::write_json_report(input, out);
  } else {
    report::write_text_report(input, out);
  }
  out.flush();
  return 0;
}

}  // namespace pt::app
