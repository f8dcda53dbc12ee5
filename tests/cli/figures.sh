# The public figures (issue 16, docs/figures.md): `corridor figures DIR` and
# `--db DB` give the same canonical JSON; two exports of the same log give
# byte-identical figures; only statements up to the checkpoint count; the
# figures agree with the projection tables; a log that does not verify, a
# missing directory or database, and a missing config are clear errors.
source "$2/lib.sh"

run 0 demo --db d.db --patients 300 --seed 11 --fresh
size=$(sqlite3 d.db "SELECT max(size) FROM checkpoints")

run 0 figures --help
has out "canonical JSON"
has out "--config"

# Two exports of the same log: byte-identical figures, and the same bytes
# as from the database.
run 0 log export --db d.db --out e1
run 0 log export --db d.db --out e2
[ -s e1/config.toml ] || fail "log export wrote no config.toml"
same "$(sqlite3 d.db "SELECT value = CAST(readfile('e1/config.toml') AS TEXT) FROM meta WHERE key = 'config'")" 1 \
  "config.toml is the config text as stored"
run 0 figures e1
cp "$WORK/out" f1.json
has err "figures: computed at the checkpoint of size $size, root "
run 0 figures e2
cp "$WORK/out" f2.json
cmp -s f1.json f2.json || fail "two exports of the same log give different figures"
run 0 figures --db d.db
cp "$WORK/out" f3.json
has err "figures: computed at the checkpoint of size $size, root "
cmp -s f1.json f3.json || fail "figures DIR and figures --db differ"
# --out writes the same bytes, whole (nothing left beside it).
run 0 figures --db d.db --out f4.json
cmp -s f1.json f4.json || fail "--out wrote other bytes"
[ ! -e f4.json.partial ] || fail "--out left its temporary file"
# --config in place of DIR/config.toml.
sqlite3 d.db "SELECT value FROM meta WHERE key = 'config'" >given.toml
rm e2/config.toml
run 66 figures e2
has err "e2/config.toml: missing"
run 0 figures e2 --config given.toml
cmp -s f1.json "$WORK/out" || fail "figures DIR --config FILE gives other bytes"

# The shape (figures-shape.md) and the projection's own counts.
python3 - f1.json "$size" <<'PY' >check.txt || fail "the figures' shape: $(cat check.txt)"
import json, sys
raw = open(sys.argv[1], 'rb').read()
f = json.loads(raw)
assert raw.endswith(b'}\n') and raw.count(b'\n') == 1, 'one LF at the end'
assert json.dumps(f, sort_keys=True, separators=(',', ':'), ensure_ascii=False).encode() + b'\n' == raw, 'not canonical'
assert sorted(f) == ['checkpoint', 'days', 'format', 'timezone', 'totals'], sorted(f)
assert f['format'] == 'corridor-figures/v1'
assert f['checkpoint']['size'] == int(sys.argv[2])
day_keys = ['crossing', 'crossings', 'date', 'deaths', 'decisions', 'no_shows', 'pending',
            'registration_to_crossing', 'turn_backs']
dates = [d['date'] for d in f['days']]
assert dates == sorted(set(dates)), 'days ascending, each once'
for d in f['days']:
    assert sorted(d) == day_keys, sorted(d)
    for p in d['pending']:
        assert sorted(p) == ['count', 'median_days', 'overdue', 'p90_days', 'party', 'stage']
    for c in d['crossings']:
        assert sorted(c) == ['capacity', 'category', 'crossed', 'direction']
print(sum(sum(x['count'] for x in d['decisions']) for d in f['days']),
      sum(sum(x['count'] for x in d['turn_backs']) for d in f['days']),
      sum(d['no_shows'] for d in f['days']),
      sum(d['deaths'] for d in f['days']),
      sum(sum(x['crossed'] for x in d['crossings'] if x['category'] != 'total') for d in f['days']),
      f['totals']['registered'], f['totals']['crossed'], f['totals']['deaths'],
      sum(1 for d in f['days'] for x in d['crossing'] if x['action'] == 'open') > 0,
      f['days'][-1]['pending'][0]['count'] > 0)
PY
read -r decisions turned noshows deaths crossed registered tcrossed tdeaths opened pending <check.txt
same "$decisions" "$(sqlite3 d.db "SELECT count(*) FROM decisions")" "decisions"
same "$turned" "$(sqlite3 d.db "SELECT count(*) FROM gate_events WHERE outcome = 'turned-back'")" "turn-backs"
same "$noshows" "$(sqlite3 d.db "SELECT count(*) FROM gate_events WHERE outcome = 'no-show'")" "no-shows"
same "$deaths" "$(sqlite3 d.db "SELECT count(*) FROM closures WHERE kind = 'deceased'")" "deaths"
same "$tdeaths" "$deaths" "total deaths"
same "$crossed" "$(sqlite3 d.db "SELECT count(*) FROM gate_events WHERE outcome = 'crossed'")" "crossed"
same "$tcrossed" "$crossed" "total crossed"
same "$registered" "$(sqlite3 d.db "SELECT count(*) FROM cases")" "registered"
same "$opened" True "the demo's openings are listed"
same "$pending" True "the demo's last day has cases pending"

# Only statements up to the checkpoint count: without its latest
# checkpoint, the database's figures are those of the one before.
cp d.db older.db
sqlite3 older.db "DELETE FROM cosignatures WHERE size = $size; DELETE FROM checkpoints WHERE size = $size"
before=$(sqlite3 older.db "SELECT max(size) FROM checkpoints")
run 0 figures --db older.db
has err "figures: computed at the checkpoint of size $before, root "
has out "\"size\":$before}"

# Errors: missing inputs (66), a log that does not verify (65), usage (64).
run 66 figures nowhere
has err "nowhere: no such directory"
run 66 figures --db nowhere.db
run 64 figures e1 --db d.db
run 64 figures
cp -r e1 bad
bundle=$(ls bad/tile/entries/000* | head -1)
printf 'x' | dd of="$bundle" bs=1 seek=40 conv=notrunc 2>/dev/null
run 65 figures bad
[ ! -s "$WORK/out" ] || fail "figures printed figures of a log that does not verify"
cp -r e1 badcp
sed -i '2s/.*/1/' badcp/checkpoint
run 65 figures badcp

finish
