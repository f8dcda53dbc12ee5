#pragma once
// The identity fields of a Person by name, with the field rules that import
// and amendment share (docs/csv.md).

#include <corridor/core/case.hpp>
#include <corridor/core/date.hpp>
#include <corridor/core/result.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace corridor::core {

// national_id, passport_no, name_ar, name_en, date_of_birth, sex,
// nationality, phone: the columns that make up a Person.
const std::vector<std::string_view>& person_fields();

// The field's value as text ("" for an unknown field).
std::string person_field(const Person& person, std::string_view field);

// Sets one field from its text after checking it. `today` bounds the date
// of birth. A failed national ID check digit is not an error: it appends
// Flag{"id-check-digit", ...} to `flags`. On failure returns
// Errc::bad_input with "FIELD: what is wrong" and leaves `person` as it was.
Result<void> set_person_field(Person& person, std::string_view field, std::string_view value,
                              const Date& today, std::vector<Flag>& flags);

// At least one name and at least one document number.
Result<void> check_person_complete(const Person& person);

// Removes leading and trailing ASCII spaces and tabs.
std::string_view trim(std::string_view text);

}  // namespace corridor::core
