// A form's draft kept in this tab (sessionStorage) until it is signed, so
// that a session that expires while an officer decides costs nothing: after
// signing in again the page shows the same choice, reason and note, and the
// officer confirms it. A draft belongs to the account that typed it; another
// account signing in on this tab never sees it.

const PREFIX = 'corridor.draft.';

// Keeps `values` (an object of strings) as `key`'s draft for `owner`.
export function keepDraft(key, owner, values) {
  try {
    sessionStorage.setItem(PREFIX + key, JSON.stringify({owner, values}));
  } catch { /* storage full or disabled: the draft is simply not kept */ }
}

// `key`'s draft if `owner` kept one, else null.
export function draftOf(key, owner) {
  try {
    const d = JSON.parse(sessionStorage.getItem(PREFIX + key) || 'null');
    return d && d.owner === owner && d.values ? d.values : null;
  } catch {
    return null;
  }
}

export function dropDraft(key) {
  sessionStorage.removeItem(PREFIX + key);
}

// Forgets every draft in this tab (signing out on purpose).
export function dropAllDrafts() {
  for (const k of Object.keys(sessionStorage)) if (k.startsWith(PREFIX)) sessionStorage.removeItem(k);
}
