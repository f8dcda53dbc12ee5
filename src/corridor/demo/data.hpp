#pragma once
// `corridor demo-data`: a deterministic, realistic referral CSV for demos and
// the import benchmark. The columns are those of docs/csv.md, in the order
// of core::intake_columns(); the figures and shares follow DOMAIN.md.

#include <corridor/core/date.hpp>
#include <corridor/core/result.hpp>

#include <array>
#include <cstdint>
#include <ostream>
#include <span>
#include <string_view>

namespace corridor::demo {

// What to generate. Shares are probabilities in [0, 1]; the arrays are
// relative weights (any scale, at least one positive).
struct DemoOptions {
  int patients = 16500;  // medical cases (exit) waiting, Nov 2025; at most k_demo_max_patients
  std::uint64_t seed = 1;
  // Dates of birth are chosen so that ages hold on this day; requested_on
  // spreads over the `history_days` days before it.
  core::Date today{2025, 11, 30};
  int history_days = 540;  // 1..3650; from mid-2024, when the crossing closed
  // life-saving, critical, urgent, routine
  std::array<double, 4> urgency_weights{3, 12, 35, 50};
  double child_share = 0.24;  // patients under 18 on `today` (4,000 of 16,500)
  // 1, 2 or 3 companions per patient: mean 1.75
  std::array<double, 3> companion_weights{40, 45, 15};
  // Cases that are neither medical nor companion, per patient: dual-national,
  // student, humanitarian-staff, other (mostly exit) and returnee (entry).
  double other_share = 0.03;
  double typo_share = 0.005;     // national IDs written with a wrong check digit
  double passport_share = 0.30;  // Palestinian travellers who also give a passport
  // Persons written a second time, as another hospital or registrar would
  // (docs/dedup.md "Planted duplicates"), after all the other rows. 0 leaves
  // the file as it is without the option; any rate leaves the other rows.
  double duplicate_share = 0;
};

// Keeps national ID and passport numbers unique with room to spare.
inline constexpr int k_demo_max_patients = 1'500'000;

struct DemoCounts {
  int patients = 0;    // medical rows
  int companions = 0;  // companion rows
  int children = 0;    // medical rows whose patient is under 18 on `today`
  int others = 0;      // dual-national, student, humanitarian-staff and other rows
  int returnees = 0;   // returnee rows
  int typos = 0;       // rows whose national_id fails its check digit (not the duplicates')
  int duplicates = 0;  // planted duplicate rows (duplicate_share)

  int rows() const { return patients + companions + others + returnees + duplicates; }
};

// Writes a header line and one line per case to `out` (RFC 4180, UTF-8, LF
// line ends, a field quoted only when it must be), streaming in chunks.
// The bytes depend only on `options`: the same on every platform and run.
// Each patient is followed by its companions (refs "<patient ref>-C1".."-C3",
// group_ref the patient's ref); the other cases are spread through the file.
// Refs, national IDs and passport numbers are unique in the file.
// Returns the counts written. Fails with Errc::bad_input (nothing written)
// if `patients` is out of [0, k_demo_max_patients], `history_days` out of
// [1, 3650], `today` outside the years 1900..9000, a share outside [0, 1] or
// a weight array has a negative or no positive weight; with Errc::internal
// if `out` or `truth` fails (what was written stays). `truth`, if not null,
// gets the planted duplicate pairs as CSV `ref_a,ref_b,variation`.
// Thread-safe for distinct streams.
core::Result<DemoCounts> write_demo_csv(const DemoOptions& options, std::ostream& out,
                                        std::ostream* truth = nullptr);

// A name with its usual Latin spellings, most common first; unused spellings
// are empty. Names hold no comma, quote or line break.
struct DemoName {
  std::string_view arabic;
  std::array<std::string_view, 3> latin;
};

// The lists demo names are drawn from (names.cpp): common Gazan given
// names, male and female, and family names, roughly most common first.
// Static storage; thread-safe.
std::span<const DemoName> demo_male_names();
std::span<const DemoName> demo_female_names();
std::span<const DemoName> demo_family_names();

}  // namespace corridor::demo
