#include <corridor/demo/data.hpp>

#include <corridor/demo/csv_out.hpp>
#include <corridor/demo/duplicates.hpp>
#include <corridor/demo/random.hpp>

#include <corridor/core/national_id.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace corridor::demo {
namespace {

using Days = std::int64_t;  // since 1970-01-01

constexpr std::string_view k_header =
    "ref,direction,category,urgency,diagnosis,group_ref,national_id,passport_no,name_ar,name_en,"
    "date_of_birth,sex,nationality,phone,requested_on\n";
constexpr std::array<std::string_view, 4> k_urgencies{"life-saving", "critical", "urgent",
                                                      "routine"};

// 18 years are 6574 or 6575 days: these bounds hold whatever the calendar.
constexpr Days k_child_max_age_days = 6572;
constexpr Days k_adult_min_age_days = 6576;
constexpr Days years(int n) { return Days{n} * 365 + n / 4; }

// A diagnosis group, its weight among referrals, and the usual ages of
// adults referred for it (war injuries strike the young, cancer and heart
// disease the old). Children are drawn from their own table.
struct Diagnosis {
  std::string_view id;
  double weight;
  int min_age = 0, max_age = 17;
};
constexpr Diagnosis k_adult_diagnoses[] = {
    {"oncology", 26, 25, 80}, {"trauma", 22, 18, 60},      {"cardiac", 12, 35, 85},
    {"renal", 10, 25, 80},    {"neurological", 8, 18, 75}, {"orthopaedic", 9, 18, 65},
    {"burns", 4, 18, 60},     {"ophthalmic", 3, 18, 80},   {"other", 6, 18, 85}};
constexpr Diagnosis k_child_diagnoses[] = {
    {"paediatric", 30},  {"oncology", 18},   {"trauma", 16}, {"burns", 8},      {"cardiac", 8},
    {"neurological", 7}, {"orthopaedic", 5}, {"renal", 3},   {"ophthalmic", 2}, {"other", 3}};

// Gaza ID numbers commonly begin with 4, 8 or 9.
constexpr std::array<std::uint64_t, 3> k_id_leads{4, 8, 9};
constexpr std::array<double, 3> k_id_lead_weights{50, 20, 30};

// A passport number is prefix, `extra` random digits, then 7 unique digits.
struct Nationality {
  std::string_view code;  // ISO 3166 alpha-3
  std::string_view prefix;
  int extra = 0;
  double weight = 0;
};
constexpr Nationality k_palestinian{"PSE", "C", 0, 0};
constexpr Nationality k_foreign[] = {{"EGY", "A", 1, 35}, {"JOR", "N", 0, 15}, {"USA", "", 2, 10},
                                     {"TUR", "U", 1, 8},  {"GBR", "", 2, 7},   {"DEU", "C", 1, 7},
                                     {"SWE", "", 1, 5},   {"CAN", "G", 0, 5}};

// The cases that are neither medical nor companion.
struct OtherKind {
  std::string_view category;
  double weight;
  int min_age, max_age;
  double male_share;
};
constexpr OtherKind k_other_kinds[] = {{"dual-national", 30, 3, 75, 0.5},
                                       {"student", 25, 18, 30, 0.55},
                                       {"humanitarian-staff", 15, 25, 62, 0.6},
                                       {"other", 15, 18, 80, 0.5},
                                       {"returnee", 15, 3, 75, 0.5}};
constexpr double k_other_entry_share = 0.10;  // of the non-returnee others

using Rng = DemoRng;

struct Phone {
  bool present = false;
  bool israeli_code = false;  // +972 rather than +970: both reach Gaza mobiles
  bool ooredoo = false;       // 056 rather than Jawwal's 059
  std::uint64_t number = 0;   // 7 digits
};

// Names follow the Arab pattern: given, father's, grandfather's, family.
struct Traveller {
  const DemoName* given = nullptr;
  const DemoName* father = nullptr;
  const DemoName* grandfather = nullptr;
  const DemoName* family = nullptr;
  Days born = 0;
  bool male = true;
  const Nationality* nationality = &k_palestinian;
  bool has_id = true;
  bool has_passport = false;
  Phone phone;
};

struct CaseRow {
  std::string_view ref;
  bool entry = false;
  std::string_view category, urgency, diagnosis, group_ref;
  Days requested_on = 0;
};

enum class Kin { spouse, grown_child, sibling, parent, infant };

class Generator {
public:
  Generator(const DemoOptions& options, std::ostream& out, std::ostream* truth)
      : m_options(options),
        m_today(options.today.days_since_epoch()),
        m_rng(options.seed),
        m_csv(out),
        m_id_scrambles{Scramble(m_rng), Scramble(m_rng), Scramble(m_rng)},
        m_passport_scramble(m_rng),
        m_truth(truth),
        m_dups(options.duplicate_share, options.seed, m_today) {}

  core::Result<DemoCounts> run();

private:
  void medical_group(Days when);
  void companions(const Traveller& patient, bool child, const Traveller& parent, Days when);
  void other_case(Days when);

  const DemoName* from(std::span<const DemoName> list) {
    return &list[m_rng.front_biased(list.size())];
  }
  Traveller person(bool male, Days born);
  Traveller patient(bool child, const Diagnosis& diagnosis);
  Traveller parent_of(const Traveller& child, bool male, bool same_family);
  Traveller relative(const Traveller& patient, Kin kin);
  Kin adult_kin(const Traveller& patient, int index);
  // A son is often named after his grandfather, seldom after his father.
  // Redraws only what breaks that, so names copied from kin stay.
  void not_after_father(Traveller& t) {
    while (t.given == t.father) t.given = from(demo_male_names());
    while (t.grandfather == t.father) t.grandfather = from(demo_male_names());
  }
  Days adult(Days born);
  Days offset_years(int lo, int hi);
  Phone phone();
  void documents(Traveller& t, std::string_view category);

  void emit(const CaseRow& row, const Traveller& t);
  void keep(const CaseRow& row, const Traveller& t, PersonSeen& seen);
  void national_id(const Traveller& t);
  void passport(const Traveller& t);
  void names(const Traveller& t);
  std::string_view spelling(const DemoName& name);
  void phone_field(const Phone& p);

  const DemoOptions& m_options;
  Days m_today;
  Rng m_rng;
  CsvOut m_csv;
  // National IDs and passport numbers: a counter through a permutation.
  // k_demo_max_patients keeps every counter below Scramble::k_span.
  std::array<Scramble, 3> m_id_scrambles;  // one per lead digit
  std::array<std::uint64_t, 3> m_ids_used{};
  Scramble m_passport_scramble;
  std::uint64_t m_passports_used = 0;
  RefSequence m_moh{"MOH-", 6};
  RefSequence m_pa{"PA-", 5};
  std::ostream* m_truth;
  Duplicates m_dups;
  std::string m_ref, m_companion_ref, m_scratch;
  DemoCounts m_counts;
};

core::Result<DemoCounts> Generator::run() {
  m_csv.raw(k_header);
  const Days n = m_options.patients;
  const Days others = std::llround(static_cast<double>(n) * m_options.other_share);
  Days done_others = 0;
  for (Days i = 0; i < n && !m_csv.failed(); ++i) {
    // Registration dates rise through the file, as referral numbers do.
    const Days when = m_today - m_options.history_days + i * m_options.history_days / n;
    medical_group(when);
    // Spread the other cases evenly between the patients.
    while (done_others < others && (done_others + 1) * n <= (i + 1) * others) {
      other_case(when);
      ++done_others;
    }
  }
  if (m_dups.enabled() && !m_csv.failed())
    m_counts.duplicates = m_dups.write(m_csv, m_truth, m_passport_scramble);
  m_csv.flush();
  if (m_truth) m_truth->flush();
  if (m_csv.failed() || (m_truth && !*m_truth))
    return core::make_error(core::Errc::internal, "demo-data: writing failed");
  return m_counts;
}

void Generator::medical_group(Days when) {
  const bool child = m_rng.chance(m_options.child_share);
  const Diagnosis& diagnosis =
      child ? m_rng.pick(k_child_diagnoses) : m_rng.pick(k_adult_diagnoses);
  Traveller p = patient(child, diagnosis);
  Traveller parent;
  if (child) {
    // A child's guaranteed companion: a parent bearing the family name (the
    // father, or a mother from the same extended family), whose phone the
    // referral gives.
    const bool father = m_rng.chance(0.4);
    parent = parent_of(p, father, true);
    parent.phone.present = true;
    p.phone = parent.phone;
  }
  const std::string_view urgency = k_urgencies[m_rng.pick(m_options.urgency_weights)];
  m_moh.next(core::Date::from_days_since_epoch(when).year, m_ref);
  emit({m_ref, false, "medical", urgency, diagnosis.id, "", when}, p);
  ++m_counts.patients;
  if (child) ++m_counts.children;
  companions(p, child, parent, when);
}

void Generator::companions(const Traveller& p, bool child, const Traveller& parent, Days when) {
  const int count = 1 + static_cast<int>(m_rng.pick(m_options.companion_weights));
  for (int c = 1; c <= count; ++c) {
    Traveller t;
    if (child && c == 1) {
      t = parent;
    } else if (child && c == 2) {
      const bool same_family = m_rng.chance(0.3);  // marriage within the family is common
      t = parent_of(p, !parent.male, same_family);
    } else if (child) {
      t = relative(parent, Kin::sibling);  // an uncle or aunt
    } else {
      t = relative(p, adult_kin(p, c));
    }
    m_companion_ref = m_ref;
    m_companion_ref += "-C";
    m_companion_ref += static_cast<char>('0' + c);
    emit({m_companion_ref, false, "companion", "", "", m_ref, when}, t);
    ++m_counts.companions;
  }
}

void Generator::other_case(Days when) {
  const OtherKind& kind = m_rng.pick(k_other_kinds);
  const bool male = m_rng.chance(kind.male_share);
  const int age = m_rng.between(kind.min_age, kind.max_age);
  const Days extra = static_cast<Days>(m_rng.below(365));
  Traveller t = person(male, m_today - years(age) - extra);
  documents(t, kind.category);
  const bool returnee = kind.category == "returnee";
  const bool entry = returnee || m_rng.chance(k_other_entry_share);
  m_pa.next(core::Date::from_days_since_epoch(when).year, m_ref);
  emit({m_ref, entry, kind.category, "", "", "", when}, t);
  ++(returnee ? m_counts.returnees : m_counts.others);
}

// Foreign and dual nationals travel on their foreign passport; some hold no
// Palestinian ID at all.
void Generator::documents(Traveller& t, std::string_view category) {
  if (category == "dual-national") {
    t.nationality = &m_rng.pick(k_foreign);
    t.has_passport = true;
    t.has_id = m_rng.chance(0.7);
  } else if (category == "humanitarian-staff" && m_rng.chance(0.5)) {
    t.nationality = &m_rng.pick(k_foreign);
    t.has_passport = true;
    t.has_id = false;
  } else if (category == "returnee") {
    t.has_passport = m_rng.chance(0.8);
  } else {
    t.has_passport = true;  // students, staff and residents abroad need one
  }
}

Traveller Generator::person(bool male, Days born) {
  Traveller t;
  t.male = male;
  t.born = born;
  t.given = from(male ? demo_male_names() : demo_female_names());
  t.father = from(demo_male_names());
  t.grandfather = from(demo_male_names());
  t.family = from(demo_family_names());
  not_after_father(t);
  t.has_passport = m_rng.chance(m_options.passport_share);
  t.phone = phone();
  return t;
}

// War injuries make men and boys the larger share of patients.
Traveller Generator::patient(bool child, const Diagnosis& diagnosis) {
  const bool male = m_rng.chance(0.55);
  if (child) {
    const Days age = m_rng.between(14, static_cast<int>(k_child_max_age_days));
    return person(male, m_today - age);
  }
  // Two draws averaged: most patients near the middle of the range.
  const int a = m_rng.between(diagnosis.min_age, diagnosis.max_age);
  const int b = m_rng.between(diagnosis.min_age, diagnosis.max_age);
  const Days extra = static_cast<Days>(m_rng.below(365));
  return person(male, adult(m_today - years((a + b) / 2) - extra));
}

// Clamping to the 18th birthday would pile people onto one date: spread
// those who come out too young over the ages 18 to 23.
Days Generator::adult(Days born) {
  const Days latest = m_today - k_adult_min_age_days;
  if (born <= latest) return born;
  return latest - static_cast<Days>(m_rng.below(years(6)));
}

Days Generator::offset_years(int lo, int hi) {
  const int whole = m_rng.between(lo, hi);
  const Days extra = static_cast<Days>(m_rng.below(365));
  return years(whole) + extra;
}

// A mother keeps her own father's family name unless `same_family`.
Traveller Generator::parent_of(const Traveller& child, bool male, bool same_family) {
  const Days gap = offset_years(20, 42);
  Traveller t = person(male, adult(child.born - gap));
  if (male) {
    t.given = child.father;
    t.father = child.grandfather;
    not_after_father(t);
  }
  if (male || same_family) t.family = child.family;
  return t;
}

Kin Generator::adult_kin(const Traveller& p, int index) {
  const Days age = m_today - p.born;
  const std::array<double, 5> weights{
      index == 1 ? 40.0 : 0.0,                   // spouse
      age >= years(40) ? 30.0 : 0.0,             // grown-up son or daughter
      20.0,                                      // brother or sister
      age <= years(50) ? 10.0 : 0.0,             // father or mother
      !p.male && age <= years(45) ? 3.0 : 0.0};  // a baby still nursed
  return static_cast<Kin>(m_rng.pick(weights));
}

Traveller Generator::relative(const Traveller& p, Kin kin) {
  const bool male = m_rng.chance(0.5);
  switch (kin) {
    case Kin::spouse: {
      const Days born = adult(p.born + offset_years(-8, 8));
      Traveller t = person(!p.male, born);
      if (m_rng.chance(0.3)) t.family = p.family;
      return t;
    }
    case Kin::parent:
      return parent_of(p, male, false);
    case Kin::sibling: {
      Traveller t = person(male, adult(p.born + offset_years(-12, 12)));
      t.father = p.father;
      t.grandfather = p.grandfather;
      t.family = p.family;
      not_after_father(t);
      return t;
    }
    case Kin::grown_child:
    case Kin::infant: {
      const Days born = kin == Kin::infant ? m_today - m_rng.between(30, 700)
                                           : adult(p.born + offset_years(18, 30));
      Traveller t = person(male, born);
      // A child takes its father's names; a mother's child, another family's.
      if (p.male) {
        t.father = p.given;
        t.grandfather = p.father;
        t.family = p.family;
        not_after_father(t);
      }
      return t;
    }
  }
  return person(male, p.born);
}

Phone Generator::phone() {
  Phone p;
  p.present = m_rng.chance(0.85);
  p.israeli_code = m_rng.chance(0.2);
  p.ooredoo = m_rng.chance(0.35);
  p.number = m_rng.below(10'000'000);
  return p;
}

// Each field is copied for the duplicates as it is written (m_scratch holds
// it), only when they are planted.
void Generator::emit(const CaseRow& row, const Traveller& t) {
  const bool dups = m_dups.enabled();
  PersonSeen seen;
  m_csv.plain(row.ref);
  m_csv.plain(row.entry ? "entry" : "exit");
  m_csv.plain(row.category);
  m_csv.plain(row.urgency);
  m_csv.plain(row.diagnosis);
  m_csv.plain(row.group_ref);
  national_id(t);
  if (dups && t.has_id) seen.national_id = m_scratch;
  passport(t);
  if (dups && t.has_passport) seen.passport_no = m_scratch;
  names(t);
  if (dups) seen.name_en = m_scratch;
  m_csv.date(t.born);
  m_csv.plain(t.male ? "M" : "F");
  m_csv.plain(t.nationality->code);
  phone_field(t.phone);
  if (dups && t.phone.present) seen.phone = m_scratch;
  m_csv.date(row.requested_on);
  m_csv.end_row();
  if (dups) keep(row, t, seen);
}

void Generator::keep(const CaseRow& row, const Traveller& t, PersonSeen& seen) {
  seen.ref = row.ref;
  seen.category = row.category;
  seen.entry = row.entry;
  seen.companion = row.category == "companion";
  seen.parts = {t.given, t.father, t.grandfather, t.family};
  seen.nationality = t.nationality->code;
  seen.passport_prefix = t.nationality->prefix;
  seen.passport_extra = t.nationality->extra;
  seen.urgency = row.urgency;
  seen.diagnosis = row.diagnosis;
  seen.born = t.born;
  seen.requested_on = row.requested_on;
  seen.male = t.male;
  m_dups.seen(std::move(seen));
}

void Generator::national_id(const Traveller& t) {
  if (!t.has_id) return m_csv.empty();
  const std::size_t lead = m_rng.pick(k_id_lead_weights);
  const std::uint64_t rest = m_id_scrambles[lead](m_ids_used[lead]++);
  m_scratch.clear();
  CsvOut::append_digits(m_scratch, k_id_leads[lead] * Scramble::k_span + rest, 8);
  char check = core::national_id_check_digit(m_scratch);
  if (m_rng.chance(m_options.typo_share)) {
    const auto shift = static_cast<char>(1 + m_rng.below(9));
    check = static_cast<char>('0' + (check - '0' + shift) % 10);
    ++m_counts.typos;
  }
  m_scratch.push_back(check);
  m_csv.plain(m_scratch);
}

void Generator::passport(const Traveller& t) {
  if (!t.has_passport) return m_csv.empty();
  m_scratch.assign(t.nationality->prefix);
  for (int i = 0; i < t.nationality->extra; ++i) {
    m_scratch.push_back(static_cast<char>('1' + m_rng.below(9)));
  }
  const std::uint64_t tail = m_passport_scramble(m_passports_used++);
  CsvOut::append_digits(m_scratch, tail, 7);
  m_csv.plain(m_scratch);
}

void Generator::names(const Traveller& t) {
  const DemoName* parts[] = {t.given, t.father, t.grandfather, t.family};
  m_scratch.clear();
  for (const DemoName* part : parts) {
    if (!m_scratch.empty()) m_scratch.push_back(' ');
    m_scratch.append(part->arabic);
  }
  m_csv.text(m_scratch);
  m_scratch.clear();
  for (const DemoName* part : parts) {
    if (!m_scratch.empty()) m_scratch.push_back(' ');
    m_scratch.append(spelling(*part));
  }
  m_csv.text(m_scratch);
}

// Registrars spell the same name differently: the usual spelling most of the
// time, the others now and then.
std::string_view Generator::spelling(const DemoName& name) {
  const std::uint64_t r = m_rng.below(100);
  const std::size_t i = r < 65 ? 0 : r < 88 ? 1 : 2;
  return name.latin[i].empty() ? name.latin[0] : name.latin[i];
}

void Generator::phone_field(const Phone& p) {
  if (!p.present) return m_csv.empty();
  m_scratch.assign(p.israeli_code ? "+972 " : "+970 ");
  m_scratch.append(p.ooredoo ? "56 " : "59 ");
  CsvOut::append_digits(m_scratch, p.number / 10'000, 3);
  m_scratch.push_back(' ');
  CsvOut::append_digits(m_scratch, p.number % 10'000, 4);
  m_csv.plain(m_scratch);
}

bool share_ok(double s) { return s >= 0 && s <= 1; }

template <std::size_t N>
bool weights_ok(const std::array<double, N>& w) {
  double total = 0;
  for (double x : w) {
    if (!(x >= 0)) return false;
    total += x;
  }
  return total > 0 && std::isfinite(total);
}

std::string invalid_option(const DemoOptions& o) {
  if (o.patients < 0 || o.patients > k_demo_max_patients)
    return "patients must be between 0 and " + std::to_string(k_demo_max_patients);
  if (o.history_days < 1 || o.history_days > 3650) return "history_days must be between 1 and 3650";
  if (o.today.year < 1900 || o.today.year > 9000) return "today must be a year 1900 to 9000";
  if (!share_ok(o.child_share) || !share_ok(o.other_share) || !share_ok(o.typo_share) ||
      !share_ok(o.passport_share) || !share_ok(o.duplicate_share))
    return "shares must be between 0 and 1";
  if (!weights_ok(o.urgency_weights) || !weights_ok(o.companion_weights))
    return "weights must be non-negative with at least one positive";
  return {};
}

}  // namespace

core::Result<DemoCounts> write_demo_csv(const DemoOptions& options, std::ostream& out,
                                        std::ostream* truth) {
  if (const std::string why = invalid_option(options); !why.empty())
    return core::make_error(core::Errc::bad_input, "demo-data: " + why);
  return Generator(options, out, truth).run();
}

}  // namespace corridor::demo
