# Decisions through the CLI: the rules refuse with exit 69 and name
# themselves; amendments make approvals stale; closures follow the config.
source "$2/lib.sh"

P=WHO-2025-0102   # exit/medical: referral (who), then acceptance (egypt) || security (cogat)
C=WHO-2025-0102-C1

setup t.db
run 0 import --db t.db "$DATA/good.csv" --key "$(key pa gate.1)"

run 69 decide --db t.db $P referral approve --key "$(key egypt cairo.1)"
has err "stage-party: stage referral is decided by who, not egypt"
run 69 decide --db t.db $P security approve --key "$(key cogat desk.7)"
has err "stage-order: stage security follows referral"
run 0 decide --db t.db $P referral approve --key "$(key who dr.rana)"
has out "case is in-review"
enrol t.db who dr.samir
run 69 decide --db t.db $P referral approve --key "$(key who dr.samir)"
has err "already-decided"
# The very same signed statement again is a replay, whatever the rules say.
sqlite3 t.db "SELECT writefile('last.note', note) FROM log_entries WHERE CAST(note AS TEXT) LIKE '%kind decision%' ORDER BY idx DESC LIMIT 1" >/dev/null
same "$(grep -c '^kind decision$' last.note)" 1 "the last entry is the decision"
run 69 submit --db t.db last.note
has err "replayed: this statement is already in the log"
run 0 decide --db t.db $P acceptance approve --key "$(key egypt cairo.1)"
run 0 decide --db t.db $P security approve --key "$(key cogat desk.7)"
has out "case is cleared"
run 0 cases --db t.db --state cleared
has out "$P"
line out "1 case"

# A correction of identity makes every approval stale: the case is no
# longer cleared, and the stages are decided again.
run 0 amend --db t.db $P name_en="Youssef Khaled Al-Najjar" --key "$(key pa gate.2)"
has out "amended name_en"
has out "now stale: referral acceptance security"
run 0 case --db t.db $P --json
has out '"state": "in-review"'
has out '"status": "stale"'
run 0 amend --db t.db $P phone="+970 59 000 0000" --key "$(key pa gate.2)"
has out "amended phone"
lacks out "now stale"
run 65 amend --db t.db $P date_of_birth=2099-01-01 --key "$(key pa gate.2)"
has err "date_of_birth: is in the future"
run 65 amend --db t.db $P national_id=12 --key "$(key pa gate.2)"
has err "national_id: must be exactly 9 digits"
run 64 amend --db t.db $P name_en --key "$(key pa gate.2)"
has err "expected FIELD=VALUE"

# Amendments have an owner (config [[amend]]): cogat may not amend the
# phone it cannot see, whether the guess is right or wrong (no oracle), nor
# the monitor a name; the WHO amends no case the crossings authority
# registered. Refused as other rules are (69), naming amend-party and the field.
run 69 amend --db t.db $P phone="+970 59 000 0000" --key "$(key cogat desk.7)"
has err "amend-party: phone: party cogat may not amend this field"
right=$(cat "$WORK/err")
run 69 amend --db t.db $P phone="+970 59 111 1111" --key "$(key cogat desk.7)"
same "$(cat "$WORK/err")" "$right" "a right and a wrong guess get the same refusal"
enrol t.db eubam monitor.1
run 69 amend --db t.db $P name_en="Someone Else" --key "$(key eubam monitor.1)"
has err "amend-party: name_en"
run 69 amend --db t.db $P urgency=routine --key "$(key who dr.rana)"
has err "amend-party: urgency: party who may amend it only on cases it registered"

# The check-digit flag follows the national ID through amendments.
run 0 amend --db t.db WHO-2025-0104-C1 national_id=406275313 --key "$(key pa gate.2)"
lacks out "flag id-check-digit"
run 0 case --db t.db WHO-2025-0104-C1 --json
lacks out "id-check-digit"
run 0 amend --db t.db WHO-2025-0103 national_id=407182330 --key "$(key pa gate.2)"
has out "flag id-check-digit: check digit fails (got 407182330)"
run 0 case --db t.db WHO-2025-0103 --json
has out '"code": "id-check-digit"'
# An ID that belongs to another open case in the same direction is refused.
run 69 amend --db t.db WHO-2025-0103 national_id=900551268 --key "$(key pa gate.2)"
has err "person-open-case: that person already has an open exit case (WHO-2025-0102)"

# Deny needs a reason from the stage's list; a denied case takes no more.
run 69 decide --db t.db $C security deny --key "$(key cogat desk.7)"
has err "deny-reason: a deny needs a reason code; stage security takes"
run 64 decide --db t.db $C security approve --key "$(key cogat desk.7)" --reason other
has err "--reason goes with deny only"
run 69 decide --db t.db $C security deny --key "$(key cogat desk.7)" --reason no-such-code
has err "deny-reason"
run 0 decide --db t.db $C security deny --key "$(key cogat desk.7)" --reason other
has out "case is denied"
run 69 decide --db t.db $C acceptance approve --key "$(key egypt cairo.1)"
has err "case-closed"
run 69 decide --db t.db WHO-2025-0103 referral return --key "$(key who dr.rana)"
has err "return-note"
run 0 decide --db t.db WHO-2025-0103 referral return --key "$(key who dr.rana)" --note "attach scan"
has out "case is returned"
run 69 decide --db t.db WHO-2025-0104 referral revoke --key "$(key who dr.rana)"
has err "nothing-to-revoke"

# Closures: the config says who may record a death (who, pa), not egypt.
run 69 close --db t.db WHO-2025-0101 deceased --key "$(key egypt cairo.1)"
has err "closure-party"
run 0 close --db t.db WHO-2025-0101 deceased --key "$(key who dr.rana)" --note "family reported"
has out "closed as deceased"
run 69 close --db t.db WHO-2025-0101 withdrawn --key "$(key pa gate.2)"
has err "case-closed"
run 0 stats --db t.db
line out "Waiting: 10 open cases (0 children under 18)"
line out "Cleared: 0"
line out "Denied: 1"
line out "  security:other                           1"
line out "Died while waiting: 1"
line out "  referral        who              2         0        0h         1"
run 0 stats --db t.db --json
has out '"security:other": 1'

# The WHO amends the urgency and diagnosis of its own referral, and the log
# with that amendment still replays: verify --db and rebuild --check.
printf '%s\n' "$(head -1 "$DATA/good.csv")" \
  "WHO-2025-0950,exit,medical,routine,oncology,,,P5550950,سعاد علي,Suad Ali,1980-03-04,F,PSE,+970 59 000 0950,2025-05-02" \
  >who.csv
run 0 import --db t.db who.csv --key "$(key who dr.rana)"
run 0 amend --db t.db WHO-2025-0950 urgency=critical "diagnosis=oncology, second line" --key "$(key who dr.rana)"
has out "amended urgency, diagnosis; same snapshot"
run 0 verify --db t.db --allow-unwitnessed
run 0 rebuild --db t.db --check

# Usage and missing input.
run 66 decide --db t.db NO-SUCH-REF referral approve --key "$(key who dr.rana)"
has err "no case NO-SUCH-REF"
run 64 decide --db t.db $P referral maybe --key "$(key who x)"
run 64 cases --db t.db --state floating
has err "--state: unknown state"
run 66 stats --db missing.db
has err "missing.db: no such database"
finish
