// A valid ICAO 9303 MRZ for a traveller's approved identity (for tests).
// td1({number, dob: 'YYYY-MM-DD', name_en, sex, nationality}) -> 3 lines of 30
// td3({...}) -> 2 lines of 44 (passport).
const val = (c) => (c === '<' ? 0 : /[0-9]/.test(c) ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55);
export const check = (s) => String([...s].reduce((a, c, i) => a + val(c) * [7, 3, 1][i % 3], 0) % 10);
const pad = (s, n) => (s + '<'.repeat(n)).slice(0, n);
// SURNAME<<GIVEN<NAMES, every non-letter a separator. The gate compares
// name words in any order, so taking the last word as the surname is enough.
export function mrzName(nameEn, n) {
  const tokens = nameEn.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().split(/[^A-Z]+/).filter(Boolean);
  const surname = tokens.slice(-1), given = tokens.slice(0, -1);
  return pad(`${surname.join('<')}<<${given.join('<')}`, n);
}
const yymmdd = (iso) => iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);
export function td1({number, dob, name_en, sex = 'M', nationality = 'PSE', expiry = '2030-12-31', state = 'PSE'}) {
  const doc = pad(number, 9);
  const l1 = pad(`ID${state}${doc}${check(doc)}`, 30);
  const b = yymmdd(dob), e = yymmdd(expiry);
  const l2a = `${b}${check(b)}${sex || '<'}${e}${check(e)}${pad(nationality, 3)}${'<'.repeat(11)}`;
  const composite = check(l1.slice(5, 30) + l2a.slice(0, 7) + l2a.slice(8, 15) + l2a.slice(18, 29));
  return [l1, l2a + composite, mrzName(name_en, 30)].join('\n');
}
export function td3({number, dob, name_en, sex = 'M', nationality = 'PSE', expiry = '2030-12-31', state = 'PSE'}) {
  const l1 = pad(`P<${state}${mrzName(name_en, 39)}`, 44);
  const doc = pad(number, 9), b = yymmdd(dob), e = yymmdd(expiry), pn = '<'.repeat(14);
  const l2 = `${doc}${check(doc)}${pad(nationality, 3)}${b}${check(b)}${sex || '<'}${e}${check(e)}${pn}${check(pn)}`;
  const comp = check(l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 43));
  return [l1, l2 + comp].join('\n');
}
