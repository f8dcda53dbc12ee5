#pragma once
// Test-only: a synthetic population with planted duplicates for the
// matcher's tests (deterministic: std::mt19937 with a fixed seed).

#include <corridor/core/dedup.hpp>

#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace corridor::core::test {

struct Population {
  std::vector<DedupPerson> persons;
  std::set<std::pair<std::uint32_t, std::uint32_t>> planted;  // (a, b), a < b
};

inline Population population(std::size_t n, std::size_t duplicates, unsigned seed) {
  static const std::vector<std::pair<std::string, std::string>> first = {
      {"Mohammed", "محمد"}, {"Ahmed", "أحمد"},   {"Mahmoud", "محمود"},   {"Khaled", "خالد"},
      {"Omar", "عمر"},      {"Youssef", "يوسف"}, {"Ibrahim", "إبراهيم"}, {"Hussein", "حسين"},
      {"Hassan", "حسن"},    {"Ali", "علي"},      {"Fatima", "فاطمة"},    {"Aisha", "عائشة"},
      {"Mariam", "مريم"},   {"Noor", "نور"},     {"Samir", "سمير"},      {"Rami", "رامي"},
      {"Saleh", "صالح"},    {"Tareq", "طارق"},   {"Hani", "هاني"},       {"Ziad", "زياد"}};
  static const std::vector<std::pair<std::string, std::string>> family = {
      {"Abu Shaaban", "أبو شعبان"}, {"Al-Masri", "المصري"}, {"Haddad", "حداد"},
      {"Qassem", "قاسم"},           {"Nasser", "ناصر"},     {"Abu Zaid", "أبو زيد"},
      {"Shawa", "الشوا"},           {"Hamdan", "حمدان"},    {"Salem", "سالم"},
      {"Khalil", "خليل"},           {"Barakat", "بركات"},   {"Jaber", "جابر"},
      {"Mansour", "منصور"},         {"Awad", "عوض"},        {"Darwish", "درويش"}};
  std::mt19937 rng(seed);
  auto pick = [&](std::size_t k) { return static_cast<std::size_t>(rng() % k); };
  Population out;
  for (std::size_t i = 0; i < n; ++i) {
    DedupPerson p;
    p.ref = "R" + std::to_string(i);
    const auto& f = first[pick(first.size())];
    const auto& father = first[pick(first.size())];
    const auto& fam = family[pick(family.size())];
    p.name_en = f.first + " " + father.first + " " + fam.first;
    p.name_ar = f.second + " " + father.second + " " + fam.second;
    p.national_id = std::to_string(400000000 + rng() % 99999999);
    p.date_of_birth = Date{1940 + static_cast<int>(pick(80)), 1 + static_cast<int>(pick(12)),
                           1 + static_cast<int>(pick(28))};
    p.sex = pick(2) ? Sex::male : Sex::female;
    out.persons.push_back(std::move(p));
  }
  std::vector<std::vector<std::uint32_t>> copies(n);
  for (std::size_t i = 0; i < n; ++i) copies[i].push_back(static_cast<std::uint32_t>(i));
  for (std::size_t d = 0; d < duplicates; ++d) {
    const std::uint32_t a = static_cast<std::uint32_t>(pick(n));
    DedupPerson p = out.persons[a];
    p.ref = "D" + std::to_string(d);
    switch (d % 4) {
      case 0:
        p.name_ar.clear();
        p.national_id.clear();
        break;  // Latin only, no ID
      case 1:
        p.name_en.clear();
        break;   // Arabic only
      case 2: {  // day and month swapped
        Date& b = *p.date_of_birth;
        if (b.day <= 12) std::swap(b.day, b.month);
        p.name_ar.clear();
        break;
      }
      default:
        p.national_id[4] = p.national_id[4] == '9' ? '0' : '9';
        break;  // a typo
    }
    const auto b = static_cast<std::uint32_t>(out.persons.size());
    for (std::uint32_t other : copies[a]) out.planted.emplace(other, b);
    copies[a].push_back(b);
    out.persons.push_back(std::move(p));
  }
  return out;
}

}  // namespace corridor::core::test
