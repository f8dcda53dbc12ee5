# Every kind of bad row is reported as FILE:ROW: COLUMN: message, all of
# them, with exit status 65, and nothing is imported (tests/data/README.md).
source "$2/lib.sh"

# expect FILE "ROW: COLUMN: message"...: imports FILE into a fresh store.
expect() {
  local file=$1
  shift
  rm -f e.db e.db-wal e.db-shm e.db.logkey
  setup e.db
  run 65 import --db e.db "$DATA/$file" --key "$(key pa gate.1)"
  for e in "$@"; do has err "$DATA/$file:$e"; done
  has err "$DATA/$file: $# error"
  has err "nothing imported"
  same "$(count_cases e.db)" 0 "cases after $file"
}

expect bad_missing_required.csv "2: ref: required" "3: direction: required" \
  "4: category: required" "5: date_of_birth: required" "6: sex: required" \
  "7: national_id: a national_id or a passport_no is required" \
  "8: name_ar: a name is required in Arabic or Latin script"
expect bad_date.csv "2: date_of_birth: is in the future (2099-05-01 is after" \
  "3: date_of_birth: not a date YYYY-MM-DD (got 12/05/1990)" \
  "4: date_of_birth: not a date YYYY-MM-DD (got 2025-02-30)" \
  "5: requested_on: not a date YYYY-MM-DD (got 2025-13-01)"
expect bad_sex.csv "2: sex: must be M or F (got male)" "3: sex: must be M or F (got f)" \
  "4: sex: must be M or F (got X)"
expect bad_direction.csv "2: direction: must be exit or entry (got out)" \
  "3: direction: not allowed for category returnee (got exit)" \
  "4: direction: not allowed for category medical (got entry)"
expect bad_category.csv "2: category: unknown category (got tourist" \
  "3: category: unknown category (got Medical"
expect bad_urgency.csv "2: urgency: required for category medical" \
  "3: urgency: unknown urgency (got high" "4: urgency: not allowed for category student"
expect bad_group_ref.csv "2: group_ref: required for category companion" \
  "4: group_ref: S-3 (row 3) is a student case, not medical" \
  "5: group_ref: names the row's own ref (got C-5)" \
  "6: group_ref: not allowed for category student" \
  "9: group_ref: no case WHO-1999-0001 in this file or in the store"
expect bad_duplicate_ref.csv "4: ref: duplicate ref S-2 (first at row 2)"
expect bad_duplicate_person.csv \
  "4: national_id: the same person already has an exit case in this file (row 2)" \
  "6: passport_no: the same person already has an exit case in this file (row 5)"
expect bad_national_id.csv "2: national_id: must be exactly 9 digits (got 41000091)" \
  "3: national_id: must be exactly 9 digits (got 4100009AB)" \
  "4: national_id: must be exactly 9 digits (got 4100-0093)"
expect bad_field_count.csv "3: row: expected 15 fields as in the header, got 16" \
  "4: row: expected 15 fields as in the header, got 10"
expect bad_unterminated_quote.csv "3: name_en: unterminated quoted field"
expect bad_utf8.csv "3: name_ar: invalid UTF-8 at byte 5 of field 9" \
  "4: name_en: invalid UTF-8 at byte 6 of field 10" \
  "5: name_ar: invalid UTF-8 at byte 5 of field 9" \
  "6: name_ar: invalid UTF-8 at byte 1 of field 9"
expect bad_unknown_column.csv "1: colour: unknown column"
expect bad_many.csv "3: sex: must be M or F (got W)" \
  "4: national_id: must be exactly 9 digits (got 123)" \
  "4: date_of_birth: is in the future (2099-01-01 is after" \
  "6: direction: not allowed for category returnee (got exit)" \
  "6: ref: duplicate ref S-5 (first at row 5)" "7: urgency: required for category medical" \
  "8: row: expected 15 fields as in the header, got 16"

# A header and no rows is an error, not an empty signed import.
expect header_only.csv "1: row: no rows: the file has a header and no cases"
same "$(sqlite3 e.db 'SELECT count(*) FROM imports')" 0 "imports recorded for header_only.csv"

# A missing file is missing input.
run 66 import --db e.db "$DATA/no-such-file.csv" --key "$(key pa gate.1)"
has err "no-such-file.csv: cannot open file"
finish
