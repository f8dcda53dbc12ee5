// Check-in look-ups per second at the gate: Service::find_traveller (find the
// presented document on the day's approved lists, load the case, check the
// identity against the approval), by ID number and by MRZ, over the
// travellers of a day of the demo deployment. Beside it, in the same run:
//
//  - the look-up's own SQL alone (one indexed join, sqlite3 C API): the floor;
//  - a naive search, a scan of every case for the ID (no index), which is
//    what a spreadsheet of names amounts to.
//
// usage: bench_gate [patients in the demo, default 16500] [look-ups, default 20000]
// The database lives in a fresh directory under $TMPDIR (default /tmp).

#include <corridor/app/env.hpp>
#include <corridor/app/service.hpp>
#include <corridor/core/mrz.hpp>
#include <corridor/demo/run.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace corridor;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// A TD3 MRZ for a person, as their passport would carry it.
std::string passport_mrz(const core::Person& p, const std::string& number) {
  std::string name;
  std::string token;
  for (char c : p.name_en + " ") {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      token += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (!token.empty()) {
      name += (name.empty() ? "" : "<") + token;
      token.clear();
    }
  }
  auto pad = [](std::string s, std::size_t n) {
    s.resize(n, '<');
    return s;
  };
  auto digit = [](const std::string& s) { return std::to_string(core::mrz_check_digit(s)); };
  char dob[16];
  std::snprintf(dob, sizeof dob, "%02d%02d%02d", p.date_of_birth.year % 100, p.date_of_birth.month,
                p.date_of_birth.day);
  const std::string doc = pad(number, 9), birth = dob, expiry = "300101", personal = pad("", 14);
  const std::string composite =
      doc + digit(doc) + birth + digit(birth) + expiry + digit(expiry) + personal + "0";
  return pad("P<PSE" + name, 44) + "\n" + doc + digit(doc) + "PSE" + birth + digit(birth) +
         (p.sex == core::Sex::female ? "F" : "M") + expiry + digit(expiry) + personal + "0" +
         digit(composite) + "\n";
}

int fail(const std::string& what) {
  std::fprintf(stderr, "bench_gate: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const int patients = argc > 1 ? std::atoi(argv[1]) : 16500;
  const int lookups = argc > 2 ? std::atoi(argv[2]) : 20000;
  namespace fs = std::filesystem;
  const char* tmp = std::getenv("TMPDIR");
  std::string dir = (fs::path(tmp ? tmp : "/tmp") / "bench-gate-XXXXXX").string();
  if (!mkdtemp(dir.data())) return fail("cannot make a temporary directory");
  const std::string db_path = dir + "/demo.db";

  // 2026-02-16T12:00:00Z: the demo's clock ends here.
  demo::DemoRunOptions o;
  o.db_path = db_path;
  o.patients = patients;
  o.end = 1'771'243'200;
  std::ostringstream progress;
  std::printf("gate: building the demo deployment (%d patients, 14 crossing days) ...\n", patients);
  std::fflush(stdout);
  auto demo = demo::run_demo(o, progress);
  if (!demo) return fail(demo.error().message);

  app::ManualEnv env(o.end, 1);
  auto svc = app::Service::open({db_path, true, std::nullopt}, env);
  if (!svc) return fail((*svc ? "" : svc.error().message));
  // The last day with an approved list: its travellers are the ones looked up.
  auto days = (*svc)->days(std::nullopt, std::nullopt);
  if (!days || days->empty()) return fail("the demo opened no day");
  std::vector<app::ManifestLine> lines;
  core::Date day;
  for (auto it = days->rbegin(); it != days->rend() && lines.empty(); ++it)
    for (auto d : {core::Direction::exit, core::Direction::entry})
      if (auto m = (*svc)->manifest(it->date, d); m && m->awaiting.empty()) {
        day = it->date;
        lines.insert(lines.end(), m->lines.begin(), m->lines.end());
      }
  if (lines.empty()) return fail("no approved manifest in the demo");
  struct Doc {
    std::string number;
    std::string mrz;
  };
  std::vector<Doc> docs;
  for (const auto& l : lines) {
    auto c = (*svc)->get_case(l.ref);
    if (!c) return fail(c.error().message);
    const core::Person& p = c->record.person;
    const std::string number = p.national_id.empty() ? p.passport_no : p.national_id;
    docs.push_back({number, passport_mrz(p, number)});
  }

  // 1. Service::find_traveller by ID, then by MRZ.
  int found = 0;
  auto t0 = Clock::now();
  for (int i = 0; i < lookups; ++i) {
    app::CheckinRequest req{day, docs[i % docs.size()].number};
    if ((*svc)->find_traveller(req)) ++found;
  }
  const double by_id = seconds_since(t0);
  if (found != lookups) return fail("a traveller on the list was not found by ID");
  found = 0;
  int mismatched = 0;
  t0 = Clock::now();
  for (int i = 0; i < lookups; ++i) {
    app::CheckinRequest req{day};
    req.national_id.reset();
    req.mrz = docs[i % docs.size()].mrz;
    auto r = (*svc)->find_traveller(req);
    r ? ++found : ++mismatched;
  }
  const double by_mrz = seconds_since(t0);

  // 2. The floor: the same indexed join alone, on a connection of its own.
  sqlite3* db = nullptr;
  sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  auto time_query = [&](const char* sql, int n, bool bind_day) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) return -1.0;
    const std::string d = day.to_string();
    int hits = 0;
    auto start = Clock::now();
    for (int i = 0; i < n; ++i) {
      const std::string& number = docs[i % docs.size()].number;
      int k = 1;
      if (bind_day) sqlite3_bind_text(st, k++, d.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(st, k, number.c_str(), -1, SQLITE_TRANSIENT);
      while (sqlite3_step(st) == SQLITE_ROW) ++hits;
      sqlite3_reset(st);
    }
    const double s = seconds_since(start);
    sqlite3_finalize(st);
    return hits >= n ? s : -1.0;
  };
  const double join = time_query(
      "SELECT c.ref FROM manifests m JOIN manifest_entries e ON e.manifest_id = m.id "
      "JOIN cases c ON c.ref = e.case_ref "
      "WHERE m.date = ?1 AND m.current = 1 AND (c.national_id = ?2 OR c.passport_no = ?2)",
      lookups, true);
  // 3. Naive: every case scanned for the ID.
  const int naive_n = std::max(1, lookups / 100);
  const double scan = time_query("SELECT ref FROM cases WHERE national_id = ?1 OR passport_no = ?1",
                                 naive_n, false);
  sqlite3_close(db);
  if (join < 0 || scan < 0) return fail("the baseline queries found no traveller");

  std::printf("gate: %zu travellers on the lists of %s, %lld cases in the store\n", docs.size(),
              day.to_string().c_str(), static_cast<long long>(demo->counts.rows()));
  std::printf("gate: find_traveller by ID   %9.0f look-ups/s (case loaded, identity checked)\n",
              lookups / by_id);
  std::printf(
      "gate: find_traveller by MRZ  %9.0f look-ups/s (parsed, 7-3-1 digits, name/DOB/number;"
      " %d mismatched)\n",
      lookups / by_mrz, mismatched);
  std::printf("gate: baseline: the indexed join alone   %9.0f look-ups/s (floor)\n",
              lookups / join);
  std::printf("gate: baseline: naive scan of all cases  %9.0f look-ups/s\n", naive_n / scan);
  fs::remove_all(dir);
  return 0;
}
