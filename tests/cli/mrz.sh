# corridor mrz: an MRZ from a file or standard input, as text or JSON; a
# failed check digit or a malformed line exits 65 and is named, a missing
# file 66 (docs/mrz.md). MRZs from tests/vectors/mrz.json.
source "$2/lib.sh"

# field NAME VALUE / check NAME FOUND COMPUTED RESULT: the text output's lines.
field() { line out "$(printf '%-28s%s' "$1" "$2")"; }
check() { line out "$(printf 'check %-22sfound %s  computed %s  %s' "$1" "$2" "$3" "$4")"; }
quiet() { same "$(cat "$WORK/err")" "" "stderr of a valid MRZ"; }

printf '%s\n' 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<' \
  'L898902C36UTO7408122F1204159ZE184226B<<<<<10' >td3.txt

# --- a valid TD3 from a file --------------------------------------------------
run 0 mrz td3.txt
quiet
line out "format TD3"
field document_code P
field surname ERIKSSON
field given_names "ANNA MARIA"
field document_number L898902C3
field date_of_birth 740812
field personal_number ZE184226B
field composite_check_digit 0
check document_number 6 6 ok
check date_of_birth 2 2 ok
check date_of_expiry 9 9 ok
check personal_number 1 1 ok
check composite 0 0 ok
line out "valid yes"
cp out from_file

# --- the same from standard input, with or without '-', CRLF line ends --------
run 0 mrz <td3.txt
quiet
same "$(cat out)" "$(cat from_file)" "output from stdin"
sed 's/$/\r/' td3.txt >crlf.txt
run 0 mrz - <crlf.txt
quiet
same "$(cat out)" "$(cat from_file)" "output from stdin with CRLF"

# --- JSON ------------------------------------------------------------------------
run 0 mrz td3.txt --json
quiet
has out '"format": "TD3"'
has out '"valid": true'
has out '"surname": "ERIKSSON"'
has out '"given_names": "ANNA MARIA"'
has out '"composite": {'
if command -v python3 >/dev/null; then
  checks=$((checks + 1))
  python3 - "$WORK/out" 2>"$WORK/py" <<'PY' || { fail "the JSON output's shape"; tail -n 2 "$WORK/py"; }
import json, sys
d = json.load(open(sys.argv[1]))
assert list(d) == ["format", "valid", "fields", "check_digits"], list(d)
assert d["fields"]["document_number"] == "L898902C3"
assert list(d["check_digits"]) == ["document_number", "date_of_birth", "date_of_expiry",
                                   "personal_number", "composite"]
assert d["check_digits"]["composite"] == {"found": "0", "computed": "0", "ok": True}
PY
fi

# --- a visa has no composite; a TD1 has three lines -------------------------------
# (run reads from files, not pipes: a pipe would run it in a subshell and
# lose its count of failures.)
printf '%s\n' 'V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<' 'L8988901C4XXX4009078F9612109<<<<<<<<' >mrvb.txt
run 0 mrz <mrvb.txt
line out "format MRVB"
lacks out "composite"
printf '%s\n' 'I<UTOD231458907<<<<<<<<<<<<<<<' '7408122F1204159UTO<<<<<<<<<<<6' \
  'ERIKSSON<<ANNA<MARIA<<<<<<<<<<' >td1.txt
run 0 mrz - <td1.txt
line out "format TD1"
check composite 6 6 ok

# --- a bad check digit: the result, then exit 65 naming the check ------------------
printf '%s\n' 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<' \
  'L898902C36UTO7408122F1204159ZE184226B<<<<<20' >badcheck.txt
run 65 mrz badcheck.txt
check personal_number 2 1 FAILED
check composite 0 1 FAILED
check document_number 6 6 ok
line out "valid no"
line err "corridor: badcheck.txt: check digits fail: personal_number (found 2, computed 1), composite (found 0, computed 1)"
run 65 mrz badcheck.txt --json
has out '"valid": false'
has err "check digits fail: personal_number"

# --- malformed: exit 65 naming the line and column; nothing on stdout ---------------
printf '%s\n' 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<' \
  'L898902C36UTO7408122F1204159ZE184226B<<<<<10 ' >space.txt
run 65 mrz space.txt
line err "corridor: space.txt: line 2, column 45: a space is not an MRZ character (A-Z, 0-9, <)"
same "$(cat out)" "" "stdout for a malformed MRZ"
printf '%s\n' 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<' \
  'L898902C36UTO7408122F1204159ZE184226B<<<<<1' >short.txt
run 65 mrz --json <short.txt
line err "corridor: standard input: line 2: 43 characters, a TD3 line has 44"
same "$(cat out)" "" "stdout for a malformed MRZ"
printf 'p<utoeriksson\n' >lower.txt
run 65 mrz <lower.txt
has err "line 1, column 1: 'p' (lower case) is not an MRZ character"

# --- a file that cannot be read -------------------------------------------------------
run 66 mrz nosuch.txt
has err "nosuch.txt: cannot open file"
same "$(cat out)" "" "stdout for a missing file"

finish
