// The gate pages' words for a category and a turn-back reason: the gate's
// own where it has one, else the shared word (words.js).

import {labelOr} from '../util.js';
import {label} from '../words.js';

export const catLabel = (c) => labelOr(`gate.cat.${c}`, label('category', c));
export const reasonLabel = (r) => labelOr(`gate.reason.${r}`, label('reason', r));
