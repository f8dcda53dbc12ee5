#pragma once
// The demo's referrals arrive over the simulated weeks, not all on the
// first day: a deployment registers referrals as they come, and its
// parties keep up with them, so that an overdue stage is the exception
// (issue 15).

#include <string>
#include <string_view>
#include <vector>

namespace corridor::demo {

// Splits a referral CSV (a header line, then one line per case, as
// write_demo_csv makes it: no line breaks inside fields, each patient
// followed by its companions "<ref>-C1".."-C3") into `days` CSV texts, each
// with the header and about as many cases as the others. A patient and its
// companions stay in one part. A part may hold no case (just the header).
// `days` < 1 is taken as 1.
std::vector<std::string> split_arrivals(std::string_view csv, int days);

// Splits such a CSV in two at a patient's row, each part with the header:
// the backlog (the rows before) and the recent referrals (about `recent`
// of the rows, 0..1, from that patient on). `recent` >= 1: no backlog (just
// the header) and every row recent.
struct BacklogSplit {
  std::string backlog;
  std::string recent;
};
BacklogSplit split_backlog(std::string_view csv, double recent);

}  // namespace corridor::demo
