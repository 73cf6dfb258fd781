#pragma once
// `--report text`: a readable summary: totals, protocols, top flows, top ports, scanners,
// applications.

#include <ostream>

#include "report/report_input.hpp"

namespace pt::report {

void write_text_report(const ReportInput& input, std::ostream& out);

}  // namespace pt::report
