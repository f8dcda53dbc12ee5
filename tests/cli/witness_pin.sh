# The verifier pins witness keys (issue 13): whoever holds the log key can
# register witness keys of its own (officer add, signed by the log key) and
# cosign with them. Without --witness, verify --db, verify DIR and
# verify-proof count them and warn that the keys are not pinned; with the
# real witnesses' keys pinned, the fakes count for nothing (exit 75), and
# the real witnesses' cosignatures do (exit 0).
source "$2/lib.sh"

P=WHO-2025-0102
setup t.db
run 0 import --db t.db "$DATA/good.csv" --key "$(key pa gate.1)"
run 0 decide --db t.db $P referral approve --key "$(key who dr.rana)"

# The real witnesses of three parties, and three fakes the log key's holder
# registers under the same parties.
pins=()
for party in who egypt cogat; do
  for w in witness fake; do
    run 0 keygen --party $party --officer $w --out $party.$w.key --witness
    cp "$WORK/out" $party.$w.vkey
    run 0 officer add --db t.db --party $party --name $w --key "$(cat $party.$w.vkey)"
  done
  pins+=(--witness "$(cat $party.witness.vkey)")
done
cp t.db real.db
# Only the fakes cosign t.db; only the real witnesses cosign real.db.
for party in who egypt cogat; do
  run 0 witness --state $party.fake.state --key $party.fake.key --db t.db
  run 0 witness --state $party.witness.state --key $party.witness.key --db real.db
done
run 0 log export --db t.db --out x
run 0 log proof --db t.db --ref $P --out p.json
run 0 log export --db real.db --out y
run 0 log proof --db real.db --ref $P --out q.json

# Not pinned: the fakes make a quorum, with a warning on stderr.
run 0 verify --db t.db
has out "cosigned by 3 of 5 witnesses (quorum 3): witnessed"
has err "WARNING: the witness keys are not pinned"
run 0 verify --db t.db --json
has out '"witness_keys_pinned": false'
run 0 verify x
has err "WARNING: the witness keys are not pinned"
run 0 verify-proof p.json
has err "WARNING: the witness keys are not pinned"

# Pinned: the fakes count for nothing.
run 75 verify --db t.db "${pins[@]}"
has out "witness key who/fake: not pinned (registered in the log), not counted"
has out "cosigned by 0 of 3 pinned witnesses (quorum 3): NOT witnessed yet"
lacks err "WARNING"
run 75 verify --db t.db "${pins[@]}" --json
has out '"witness_keys_pinned": true'
run 75 verify x --log "$(cat x/log.vkey)" --quorum 3 "${pins[@]}"
has out "witness key egypt/fake: not pinned"
run 75 verify-proof p.json --quorum 3 "${pins[@]}"
has out "witness key cogat/fake: not pinned"
has err "not witnessed yet (exit 75)"

# Pinned, and the real witnesses cosigned: witnessed.
run 0 verify --db real.db "${pins[@]}"
has out "cosigned by 3 of 3 pinned witnesses (quorum 3): witnessed"
run 0 verify y --quorum 3 "${pins[@]}"
has out "cosigned by 3 of 3 pinned witnesses (quorum 3): witnessed"
run 0 verify-proof q.json --quorum 3 "${pins[@]}"
has out "cosigned by 3 witnesses (quorum 3): witnessed"
# Two pins of one party count once; a quorum of 3 needs three parties.
run 75 verify --db real.db --witness "$(cat who.witness.vkey)" --witness "$(cat who.fake.vkey)" \
  --witness "$(cat egypt.witness.vkey)"
has out "cosigned by 2 of 2 pinned witnesses (quorum 3)"

# A pin that is not a witness key, or not named <party>/...: refused.
run 64 verify --db real.db --witness "$(cat "$(key who dr.rana).vkey")"
has err "--witness: who/dr.rana: not a witness key"
run 64 verify-proof q.json --witness "nonsense"
has err "--witness:"

# verify --db with no --witness pins the config's [[log.witness]] keys.
{
  sed -n '1,/^witness_quorum/p' "$TESTS/../config/rafah.toml"
  for party in who egypt cogat; do
    printf '[[log.witness]]\nparty = "%s"\nurl = "http://127.0.0.1:9"\nkey = "%s"\n' \
      $party "$(cat $party.witness.vkey)"
  done
  sed -n '/^witness_quorum/,$p' "$TESTS/../config/rafah.toml" | tail -n +2
} >conf.toml
run 0 init --db c.db --config conf.toml
enrol c.db who dr.rana pa gate.1
run 0 import --db c.db "$DATA/good.csv" --key "$(key pa gate.1)"
for party in who egypt cogat; do
  for w in witness fake; do
    run 0 officer add --db c.db --party $party --name $w --key "$(cat $party.$w.vkey)"
  done
done
for party in who egypt cogat; do
  run 0 witness --state c.$party.fake.state --key $party.fake.key --db c.db
done
run 75 verify --db c.db
has out "witness key who/fake: not pinned"
has out "cosigned by 0 of 3 pinned witnesses (quorum 3)"
lacks err "WARNING"
for party in who egypt cogat; do
  run 0 witness --state c.$party.witness.state --key $party.witness.key --db c.db
done
run 0 verify --db c.db --json
has out '"witness_keys_pinned": true'
has out '"witnessed": true'

finish
