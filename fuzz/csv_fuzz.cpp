// libFuzzer target for the CSV reader and the referral validator
// (core/csv.hpp, core/intake.hpp): neither may crash, hang, leak or trip a
// sanitizer on any input. Seeds: fuzz/corpus/csv_fuzz/.

#include <corridor/core/csv.hpp>
#include <corridor/core/intake.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

using namespace corridor::core;

// A small configuration shaped like config/rafah.toml; built here so that
// the target depends on no file.
const Config& fuzz_config() {
  static const Config config = [] {
    Config c;
    c.categories = {
        {"medical", "Patient", {Direction::exit}, true, std::nullopt},
        {"companion", "Companion", {Direction::exit, Direction::entry}, false, "medical"},
        {"student", "Student", {Direction::exit, Direction::entry}, false, std::nullopt},
        {"returnee", "Returnee", {Direction::entry}, false, std::nullopt},
    };
    c.urgencies = {"life-saving", "critical", "urgent", "routine"};
    return c;
  }();
  return config;
}

// Reader invariants: rows increase, an error names the record's row, and a
// record without an error has at least one field.
void read_all(std::string_view data) {
  CsvReader reader(data);
  CsvRecord rec;
  std::optional<CsvError> err;
  std::int64_t last = 0;
  while (reader.next(rec, err)) {
    if (rec.row <= last) std::abort();
    if (err && err->row != rec.row) std::abort();
    if (!err && rec.fields.empty()) std::abort();
    last = rec.row;
  }
}

// Validator invariants: errors in row order, and every valid row has the
// fields that are always required.
void validate(std::string_view data) {
  const IntakeResult r = validate_csv(data, fuzz_config(), Date{2025, 6, 1});
  for (std::size_t i = 1; i < r.errors.size(); ++i)
    if (r.errors[i - 1].row > r.errors[i].row) std::abort();
  for (const IntakeRow& row : r.rows) {
    const Person& p = row.record.person;
    if (row.record.ref.empty() || row.record.category.empty()) std::abort();
    if (p.national_id.empty() && p.passport_no.empty()) std::abort();
    if (p.name_ar.empty() && p.name_en.empty()) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  read_all(input);
  validate(input);
  return 0;
}
