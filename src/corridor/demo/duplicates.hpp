#pragma once
// `demo-data --duplicates RATE` (internal to demo/): some persons written a
// second time, as another hospital or registrar would write them, so that the
// duplicate finder (docs/dedup.md) can be scored. The planted rows come after
// every other row; their own random stream leaves the other rows' bytes as
// they are without the option.

#include <corridor/demo/csv_out.hpp>
#include <corridor/demo/data.hpp>
#include <corridor/demo/random.hpp>

#include <array>
#include <cstdint>
#include <ostream>
#include <string>
#include <unordered_set>
#include <vector>

namespace corridor::demo {

// One person as the generator wrote it.
struct PersonSeen {
  std::string ref;
  std::string_view category;
  bool entry = false;
  bool companion = false;
  std::array<const DemoName*, 4> parts{};  // given, father, grandfather, family
  std::string name_en;                     // the Latin spelling written
  std::string national_id, passport_no, phone;
  std::string_view nationality, passport_prefix;
  int passport_extra = 0;
  std::string_view urgency, diagnosis;  // a medical case's
  std::int64_t born = 0, requested_on = 0;
  bool male = true;
};

class Duplicates {
public:
  // `rate` in [0, 1]: the share of persons written twice.
  Duplicates(double rate, std::uint64_t seed, std::int64_t today);

  bool enabled() const { return m_rate > 0; }
  // Called for every row written: keeps its IDs (a planted ID must not be
  // another person's) and, with probability `rate`, the person to plant.
  void seen(PersonSeen&& p);
  // Writes the planted rows to `csv` and, if `truth` is not null, the pairs
  // (`ref_a,ref_b,variation`: the first written, its duplicate, the
  // variations as tags joined by `+`). `passports`: the generator's
  // passport numbers, drawn here from the other end so that none repeats.
  // Returns the number of rows written.
  int write(CsvOut& csv, std::ostream* truth, const Scramble& passports);

private:
  struct Planted;
  void plant_ids(const PersonSeen& p, Planted& d, const Scramble& passports);
  void plant_names(const PersonSeen& p, Planted& d);
  void plant_dates(const PersonSeen& p, Planted& d);
  void plant_phone(const PersonSeen& p, Planted& d);
  std::string fresh_passport(const PersonSeen& p, const Scramble& passports);
  bool taken_id(const std::string& id) const;
  void emit(CsvOut& csv, const PersonSeen& p, const Planted& d);

  double m_rate;
  DemoRng m_rng;
  std::int64_t m_today;
  std::vector<PersonSeen> m_chosen;
  std::vector<std::uint32_t> m_ids;  // every national ID written, sorted before use
  std::unordered_set<std::uint32_t> m_planted_ids;
  std::uint64_t m_fresh_passports = 0;
  std::uint64_t m_who = 0, m_moi = 0;
};

// The Latin-name variations registrars make (names.cpp): an `Abu` joined to
// the next word, an article spelled el- or dropped, a doubled letter single,
// `ou` as `u`, all capitals as in a passport; each drawn from `rng`.
// Returns the tags of those applied.
std::vector<std::string_view> vary_latin_name(std::string& name, DemoRng& rng);
// The Arabic spelling variations: hamza on alef dropped, ta marbuta as ha,
// alef maqsura as ya.
void vary_arabic_name(std::string& name);

}  // namespace corridor::demo
