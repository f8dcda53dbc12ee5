// Check digits of what is typed or scanned at the gate, checked in the
// browser before the server is asked, so a typo is told as a typo at once.
// The server makes the same checks (core/gate.hpp check_document_number,
// core/mrz.hpp) and refuses with its own rule: this only answers sooner.
// A registered national ID may fail its digit (flagged at import): the
// check-in form asks the server whenever a listed traveller may hold it.

// A typed number of exactly 9 digits is a national ID: weights 1,2,1,2,...
// from the left, products over 9 reduced by 9, the sum a multiple of 10
// (tests/vectors/national_id.json). Anything else (a passport number) has
// no digit to check here. 000000000 is no one's number.
export function nationalIdDigitOk(number) {
  if (!/^\d{9}$/.test(number)) return true;
  if (number === '000000000') return false;
  const sum = [...number].reduce((s, c, i) => {
    const p = Number(c) * (i % 2 ? 2 : 1);
    return s + (p > 9 ? p - 9 : p);
  }, 0);
  return sum % 10 === 0;
}

// ICAO 9303: 0-9 are 0-9, A-Z 10-35, < 0; weights 7, 3, 1 (docs/mrz.md).
const value = (c) => (c === '<' ? 0 : c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55);
const digitOf = (s) => String([...s].reduce((a, c, i) => a + value(c) * [7, 3, 1][i % 3], 0) % 10);

// The check digits of a TD1 (3 x 30), TD2 (2 x 36) or TD3 (2 x 44) MRZ
// that fail, as [{field, found, computed}] with the server's field names;
// null when the browser cannot tell (another layout, a visa, a long
// document number, a character that is not an MRZ one): the server then
// says.
export function mrzDigitFailures(text) {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trim()).filter(Boolean);
  if (!lines.every((l) => /^[A-Z0-9<]+$/.test(l))) return null;
  const lens = lines.map((l) => l.length).join('x');
  if (lines[0].startsWith('V')) return null;
  let checks;
  if (lens === '30x30x30') {
    const [l1, l2] = lines;
    checks = [
      ['document_number', l1.slice(5, 14), l1[14]],
      ['date_of_birth', l2.slice(0, 6), l2[6]],
      ['date_of_expiry', l2.slice(8, 14), l2[14]],
      ['composite', l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29), l2[29]],
    ];
  } else if (lens === '36x36' || lens === '44x44') {
    const l2 = lines[1];
    const end = l2.length - 1;
    checks = [
      ['document_number', l2.slice(0, 9), l2[9]],
      ['date_of_birth', l2.slice(13, 19), l2[19]],
      ['date_of_expiry', l2.slice(21, 27), l2[27]],
    ];
    if (lens === '44x44' && !(l2[42] === '<' && /^<+$/.test(l2.slice(28, 42)))) checks.push(['personal_number', l2.slice(28, 42), l2[42]]);
    checks.push(['composite', l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, end), l2[end]]);
  } else {
    return null;
  }
  // A long document number has '<' for its digit: its rules are the server's.
  if (checks[0][2] === '<') return null;
  return checks.filter(([, s, found]) => digitOf(s) !== found)
    .map(([field, s, found]) => ({field, found, computed: digitOf(s)}));
}
