#include <corridor/demo/duplicates.hpp>

#include <corridor/core/date.hpp>

#include <algorithm>
#include <charconv>
#include <unordered_set>

namespace corridor::demo {
namespace {

constexpr std::string_view k_urgencies[] = {"life-saving", "critical", "urgent", "routine"};
constexpr std::string_view k_diagnoses[] = {"trauma", "oncology", "cardiac", "renal", "other"};

void join_tags(std::string& out, std::string_view tag) {
  if (!out.empty()) out.push_back('+');
  out.append(tag);
}

// Which of its Latin spellings `name` shows at `pos` (the longest that fits).
std::size_t spelling_at(const DemoName& part, std::string_view name, std::size_t pos) {
  std::size_t best = 0, best_len = 0;
  for (std::size_t i = 0; i < part.latin.size(); ++i) {
    const std::string_view v = part.latin[i];
    if (v.empty() || v.size() <= best_len || name.substr(pos, v.size()) != v) continue;
    best = i;
    best_len = v.size();
  }
  return best;
}

}  // namespace

struct Duplicates::Planted {
  std::string ref, national_id, passport_no, name_ar, name_en, phone, tags;
  std::int64_t born = 0, requested_on = 0;
};

Duplicates::Duplicates(double rate, std::uint64_t seed, std::int64_t today)
    : m_rate(rate), m_rng(seed ^ 0xd0b1'e5ee'd5a1'7e11u), m_today(today) {}

void Duplicates::seen(PersonSeen&& p) {
  if (!p.national_id.empty()) {
    std::uint32_t id = 0;
    std::from_chars(p.national_id.data(), p.national_id.data() + p.national_id.size(), id);
    m_ids.push_back(id);
  }
  if (m_rng.chance(m_rate)) m_chosen.push_back(std::move(p));
}

bool Duplicates::taken_id(const std::string& id) const {
  std::uint32_t n = 0;
  std::from_chars(id.data(), id.data() + id.size(), n);
  return std::binary_search(m_ids.begin(), m_ids.end(), n) || m_planted_ids.count(n) > 0;
}

std::string Duplicates::fresh_passport(const PersonSeen& p, const Scramble& passports) {
  std::string out(p.passport_prefix);
  for (int i = 0; i < p.passport_extra; ++i) out.push_back(static_cast<char>('1' + m_rng.below(9)));
  CsvOut::append_digits(out, passports(Scramble::k_span - 1 - m_fresh_passports++), 7);
  return out;
}

// A national ID never repeats as it is (the importer would refuse the row:
// the person has an open case). It is left out (the referral came from a
// passport) or has one digit wrong, its check digit kept so that it fails.
// A person with only a passport comes back with another passport number.
void Duplicates::plant_ids(const PersonSeen& p, Planted& d, const Scramble& passports) {
  if (p.national_id.empty()) {
    d.passport_no = fresh_passport(p, passports);
    return join_tags(d.tags, "new-passport");
  }
  if (m_rng.chance(0.5)) {
    d.passport_no = p.passport_no.empty() ? fresh_passport(p, passports) : p.passport_no;
    return join_tags(d.tags, "no-id");
  }
  for (int tries = 0; tries < 20 && d.national_id.empty(); ++tries) {
    std::string id = p.national_id;
    const std::size_t at = 1 + m_rng.below(7);  // the lead digit stays
    const auto shift = static_cast<char>(1 + m_rng.below(9));
    id[at] = static_cast<char>('0' + (id[at] - '0' + shift) % 10);
    if (!taken_id(id)) {
      d.national_id = id;
      std::uint32_t n = 0;
      std::from_chars(id.data(), id.data() + id.size(), n);
      m_planted_ids.insert(n);
    }
  }
  if (d.national_id.empty()) {  // every try hit a number in use
    d.passport_no = fresh_passport(p, passports);
    return join_tags(d.tags, "no-id");
  }
  const bool keep_passport = m_rng.chance(0.5);
  if (keep_passport) d.passport_no = p.passport_no;
  join_tags(d.tags, "id-digit");
}

void Duplicates::plant_names(const PersonSeen& p, Planted& d) {
  const std::uint64_t script = m_rng.below(100);  // Arabic only, Latin only, or both
  const bool no_grandfather = m_rng.chance(0.15);
  std::size_t pos = 0;
  for (std::size_t i = 0; i < p.parts.size(); ++i) {
    const DemoName& part = *p.parts[i];
    const std::size_t was = spelling_at(part, p.name_en, pos);
    pos += part.latin[was].size() + 1;
    if (i == 2 && no_grandfather) continue;
    std::size_t now = was;
    if (m_rng.chance(0.5)) now = m_rng.below(3);
    if (part.latin[now].empty()) now = was;
    if (!d.name_ar.empty()) d.name_ar.push_back(' ');
    d.name_ar.append(part.arabic);
    if (!d.name_en.empty()) d.name_en.push_back(' ');
    d.name_en.append(part.latin[now]);
  }
  if (no_grandfather) join_tags(d.tags, "three-names");
  if (script < 20) {
    d.name_en.clear();
    join_tags(d.tags, "arabic-only");
  } else if (script < 40) {
    d.name_ar.clear();
    join_tags(d.tags, "latin-only");
  }
  if (!d.name_en.empty()) {
    if (d.name_en != p.name_en) join_tags(d.tags, "spelling");
    for (std::string_view tag : vary_latin_name(d.name_en, m_rng)) join_tags(d.tags, tag);
  }
  if (!d.name_ar.empty() && m_rng.chance(0.3)) {
    vary_arabic_name(d.name_ar);
    join_tags(d.tags, "arabic-letters");
  }
}

// The day and month swapped (a form read the other way), or only the year
// known (written as 1 January), or the same date.
void Duplicates::plant_dates(const PersonSeen& p, Planted& d) {
  const std::uint64_t r = m_rng.below(100);
  const core::Date born = core::Date::from_days_since_epoch(p.born);
  d.born = p.born;
  if (r < 15 && born.day <= 12 && born.day != born.month) {
    const core::Date swapped{born.year, born.day, born.month};
    if (swapped.days_since_epoch() <= m_today) {
      d.born = swapped.days_since_epoch();
      join_tags(d.tags, "day-month-swapped");
    }
  } else if (r >= 15 && r < 20 && (born.month != 1 || born.day != 1)) {
    const core::Date year_only{born.year, 1, 1};
    d.born = year_only.days_since_epoch();
    join_tags(d.tags, "year-only");
  }
  const int later = m_rng.between(7, 180);
  d.requested_on = std::min(p.requested_on + later, m_today);
}

// The same phone, written the local way ("059 412 3301") now and then, or
// none, or another one.
void Duplicates::plant_phone(const PersonSeen& p, Planted& d) {
  const std::uint64_t r = m_rng.below(100);
  if (p.phone.empty() || r < 30) return;
  if (r < 85) {
    d.phone = p.phone;
    if (r < 50) d.phone = "0" + p.phone.substr(5);  // "+970 59 ..." -> "059 ..."
    return;
  }
  d.phone = p.phone.substr(0, 8);
  CsvOut::append_digits(d.phone, m_rng.below(1000), 3);
  d.phone.push_back(' ');
  CsvOut::append_digits(d.phone, m_rng.below(10000), 4);
  join_tags(d.tags, "other-phone");
}

void Duplicates::emit(CsvOut& csv, const PersonSeen& p, const Planted& d) {
  const bool medical = p.companion || p.category == "medical";
  csv.plain(d.ref);
  csv.plain(p.entry ? "entry" : "exit");
  csv.plain(medical ? "medical" : p.category);
  if (medical) {
    csv.plain(p.companion ? k_urgencies[m_rng.below(4)] : p.urgency);
    csv.plain(p.companion ? k_diagnoses[m_rng.below(5)] : p.diagnosis);
  } else {
    csv.empty();
    csv.empty();
  }
  csv.empty();  // group_ref: a planted patient comes alone
  csv.plain(d.national_id);
  csv.plain(d.passport_no);
  csv.text(d.name_ar);
  csv.text(d.name_en);
  csv.date(d.born);
  csv.plain(p.male ? "M" : "F");
  csv.plain(p.nationality);
  csv.plain(d.phone);
  csv.date(d.requested_on);
  csv.end_row();
}

int Duplicates::write(CsvOut& csv, std::ostream* truth, const Scramble& passports) {
  std::sort(m_ids.begin(), m_ids.end());
  if (truth) *truth << "ref_a,ref_b,variation\n";
  for (const PersonSeen& p : m_chosen) {
    Planted d;
    const bool medical = p.companion || p.category == "medical";
    if (p.companion) join_tags(d.tags, "companion-as-patient");
    plant_ids(p, d, passports);
    plant_names(p, d);
    plant_dates(p, d);
    plant_phone(p, d);
    // Another hospital's or registrar's number, in its own series.
    d.ref = medical ? "WHO-" : "MOI-";
    CsvOut::append_digits(
        d.ref, static_cast<std::uint64_t>(core::Date::from_days_since_epoch(d.requested_on).year),
        4);
    d.ref.push_back('-');
    CsvOut::append_digits(d.ref, medical ? ++m_who : ++m_moi, 6);
    emit(csv, p, d);
    if (truth) *truth << p.ref << ',' << d.ref << ',' << d.tags << '\n';
  }
  return static_cast<int>(m_chosen.size());
}

}  // namespace corridor::demo
