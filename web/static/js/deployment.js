// The deployment's public configuration (GET /api/v1/deployment): parties,
// each workflow's stages with their refusal reasons, the gate's turn-back
// reasons. Loaded once per page load.

import {api} from './api.js';

let cached = null;

export async function deployment() {
  if (!cached) cached = api('GET', '/api/v1/deployment').then((r) => r.data).catch((e) => {
    cached = null;
    throw e;
  });
  return cached;
}

// The reasons a party may give when denying or returning at `stage` for
// a case of `direction`/`category`.
export async function reasonsFor(stage, direction, category) {
  const d = await deployment();
  for (const w of d.workflows || []) {
    if (w.direction !== direction || w.category !== category) continue;
    const s = (w.stages || []).find((x) => x.id === stage);
    if (s) return s.reasons || [];
  }
  return [];
}
