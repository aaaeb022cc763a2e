import type { Collection, RecordSignals } from '../domain/index.ts';
import { SIGNAL_COLLECTIONS } from '../domain/signals/signals.ts';
import type { SignalsRow } from './known-index.ts';

/**
 * What a reader sees of a record's signals row: its signals, or `NO_SIGNALS` for a record that
 * has none yet (read model 6 keeps a row only for records with signals). No Dexie here: the side
 * panel's first page (first-page.ts) reads before Dexie has loaded.
 */
export const NO_SIGNALS: RecordSignals = { lastContactAt: 0, lastContactBy: '', interactions: 0, lastActivityAt: 0, stageSince: 0 };

export const plain = (s: SignalsRow): RecordSignals => ({
  lastContactAt: s.lastContactAt, lastContactBy: s.lastContactBy, interactions: s.interactions, lastActivityAt: s.lastActivityAt, stageSince: s.stageSince, ...(s.nextTask && { nextTask: s.nextTask }),
});

/** Each key's signals from its row as read (`rows[i]` for `keys[i]`, missing when there is none); keys of collections without signals are left out. */
export function signalsByKey(keys: string[], rows: (SignalsRow | undefined)[]): Map<string, RecordSignals> {
  return new Map(keys.flatMap((k, i) => {
    const r = rows[i];
    if (r) return [[k, plain(r)] as const];
    return SIGNAL_COLLECTIONS.includes(k.slice(0, k.indexOf(':')) as Collection) ? [[k, NO_SIGNALS] as const] : [];
  }));
}
