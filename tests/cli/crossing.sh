# Crossing days, manifests and the gate through the CLI, on today's date in
# the crossing's time zone (check-in happens on the day itself): opening by
# both neighbours, the policy's list and its published CSV, approvals,
# check-in by ID and by MRZ, a re-examination, a mismatch, the standby rule,
# closing and attesting the day, then rebuild and verify.
source "$2/lib.sh"

TODAY=$(TZ=Asia/Gaza date +%F)
setup t.db
enrol t.db eubam mon.1
run 0 import --db t.db "$DATA/good.csv" --key "$(key pa gate.1)"

# Every stage of every case approved, in workflow order.
approve() { run 0 decide --db t.db "$1" "$2" approve --key "$(key "$3" "$4")"; }
for p in WHO-2025-0101 WHO-2025-0102 WHO-2025-0103 WHO-2025-0104; do
  approve $p referral who dr.rana
  approve $p acceptance egypt cairo.1
  approve $p security cogat desk.7
done
for c in WHO-2025-0101-C1 WHO-2025-0102-C1 WHO-2025-0104-C1; do
  approve $c acceptance egypt cairo.1
  approve $c security cogat desk.7
done
approve RET-2025-0011 registration pa gate.1
approve RET-2025-0011 security cogat desk.7
approve RET-2025-0011 acceptance egypt cairo.1

CAP=exit/medical=2,exit/companion=2,entry/total=1,entry/returnee=1
run 69 crossing open --db t.db --date "$TODAY" --reason "test" --key "$(key pa gate.1)" --capacity $CAP
has err "crossing-party: pa may not open a crossing day"
run 0 crossing open --db t.db --date "$TODAY" --reason "agreed reopening" --key "$(key egypt cairo.1)" --capacity $CAP
has out "pending"
has out "awaiting cogat"
run 64 crossing open --db t.db --date "$TODAY" --reason "x" --key "$(key cogat desk.7)" --capacity exit/medical=fifty
has err "--capacity: capacity item 1"
run 0 crossing open --db t.db --date "$TODAY" --reason "agreed reopening" --key "$(key cogat desk.7)" --capacity $CAP
run 0 crossing list --db t.db --json
has out '"status": "open"'
has out '"reason": "agreed reopening"'

# The list by the policy: the life-saving child and the critical patient,
# each with their companion; the others say why not.
run 69 manifest build --db t.db --date "$TODAY" --direction exit --key "$(key who dr.rana)"
has err "manifest-party"
run 0 manifest build --db t.db --date "$TODAY" --direction exit --key "$(key pa gate.1)"
has out "WHO-2025-0101"
has out "medical 2/2"
has out "quota-full"
has out "awaiting approval by egypt, cogat"
run 0 manifest show --db t.db --date "$TODAY" --direction exit --format csv
tr -d '\r' <out >list.csv
line list.csv "order,ref,group_ref,category,name_en,name_ar,id_last4"
line list.csv "1,WHO-2025-0101,,medical,Mohammed Ahmad Al-Shaer,محمد أحمد الشاعر,2336"
line list.csv "2,WHO-2025-0101-C1,WHO-2025-0101,companion,Amal Mahmoud Al-Shaer,أمل محمود الشاعر,4177"
line list.csv "5,WHO-2025-0103,,medical,Reem Samir Abu Odeh,ريم سمير أبو عودة,7198"
lacks list.csv "407182336"
run 0 manifest build --db t.db --date "$TODAY" --direction entry --key "$(key pa gate.1)"
has out "RET-2025-0011"

run 69 gate checkin --db t.db --date "$TODAY" --id 407182336 --key "$(key pa gate.1)"
has err "manifest-not-approved: the manifest of $TODAY awaits the approval of egypt"
for party in "egypt cairo.1" "cogat desk.7"; do
  for dir in exit entry; do
    run 0 manifest approve --db t.db --date "$TODAY" --direction $dir --key "$(key $party)"
  done
done
run 0 manifest show --db t.db --date "$TODAY" --direction exit
has out "approved by egypt, cogat"

# At the gate.
run 0 gate checkin --db t.db --date "$TODAY" --id 407182336 --key "$(key pa gate.1)"
has out "WHO-2025-0101: crossed"
run 69 gate checkin --db t.db --date "$TODAY" --id 407182336 --name "Someone Else" --key "$(key pa gate.2)"
has err "identity-mismatch"
has err "name: the document says 'Someone Else'"
printf 'P<PSEAL<SHAER<<AMAL<MAHMOUD<<<<<<<<<<<<<<<<<\n8023341777PSE8809298F3001019<<<<<<<<<<<<<<00\n' >wrong.mrz
run 69 gate checkin --db t.db --date "$TODAY" --mrz wrong.mrz --key "$(key pa gate.1)"
has err "identity-mismatch"
has err "date_of_birth: the document says '880929', approved '1988-09-30'"
printf 'P<PSEAL<SHAER<<AMAL<MAHMOUD<<<<<<<<<<<<<<<<<\n8023341777PSE8809302F3001019<<<<<<<<<<<<<<00\n' >amal.mrz
run 0 mrz amal.mrz
run 0 gate checkin --db t.db --date "$TODAY" --mrz amal.mrz --key "$(key pa gate.1)" --json
has out '"ref": "WHO-2025-0101-C1"'
has out '"state": "crossed"'

run 69 gate reexamine --db t.db --date "$TODAY" --ref WHO-2025-0102 --key "$(key pa gate.1)"
has err "reexamination-party"
run 0 gate reexamine --db t.db --date "$TODAY" --ref WHO-2025-0102 --key "$(key eubam mon.1)" --note "second look at the luggage"
run 69 gate checkin --db t.db --date "$TODAY" --id 900551268 --key "$(key pa gate.1)"
has err "reexamination-pending"
run 0 gate reexamined --db t.db --date "$TODAY" --ref WHO-2025-0102 --key "$(key eubam mon.1)"
run 0 gate checkin --db t.db --date "$TODAY" --id 900551268 --key "$(key pa gate.1)"
has out "crossed"
# The standby patient waits for a freed place.
run 69 gate checkin --db t.db --date "$TODAY" --id 408627198 --key "$(key pa gate.1)"
has err "no-free-place"
run 0 gate checkin --db t.db --date "$TODAY" --id 901483727 --name "Not The Same" --turn-back invalid-documents --key "$(key pa gate.1)"
has out "turned-back"

# Closing: the critical patient's companion did not come.
run 0 gate close-day --db t.db --date "$TODAY" --key "$(key pa gate.1)"
has out "crossed exit: 3, companion 1, medical 2"
has out "no-shows: 1 (WHO-2025-0102-C1)"
has out "RET-2025-0011  invalid-documents"
has out "not yet"
run 69 gate attest --db t.db --date "$TODAY" --key "$(key pa gate.1)"
has err "attestation-party"
run 0 gate attest --db t.db --date "$TODAY" --key "$(key eubam mon.1)"
has out "attested: eubam/mon.1"
run 0 gate report --db t.db --date "$TODAY" --json
has out '"matches_log": true'
run 0 case --db t.db WHO-2025-0102-C1
has out "state cleared"
run 0 case --db t.db WHO-2025-0103
has out "priority 2"
run 0 stats --db t.db --since "$TODAY"
has out "Crossings since $TODAY: 3 travellers on 1 days"
has out "referral to crossing: median"
run 0 stats --db t.db --json
has out '"no_show_rate"'

# The whole day replays from the log, and the log verifies.
run 0 rebuild --db t.db
run 0 verify --db t.db --allow-unwitnessed
run 0 log proof --db t.db --ref WHO-2025-0101 --out p.json
run 0 verify-proof p.json --allow-unwitnessed
has out "manifest"
finish
