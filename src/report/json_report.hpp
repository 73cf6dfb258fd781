#pragma once
// `--report json`: one JSON object on stdout; the schema is documented in docs/report-schema.md.

#include <ostream>

#include "report/report_input.hpp"

namespace pt::report {

void write_json_report(const ReportInput& input, std::ostream& out);

}  // namespace pt::report
