import { agoText, daysSince, SIGNAL_COLLECTIONS, type Collection } from '../../domain/index.ts';
import type { Column } from '../dashboard/columns.ts';
import { memberName } from '../models/members.ts';
import { dueWhen } from '../tasks/due.ts';

/** Table columns from the rows' sales signals (read-only; each sorts by its signal in the read model). */
export function signalColumns(type: Collection, now: () => number = Date.now): Column[] {
  if (!SIGNAL_COLLECTIONS.includes(type)) return [];
  const col = (key: string, label: string, fromRow: Column['fromRow'], numeric = false): Column => ({ key, label, text: () => '', fromRow, numeric });
  const cols: Column[] = [
    col('lastContactAt', 'Last contacted', (r, c) => {
      if (!r.signals?.lastContactAt) return 'never';
      // Who, once the workspace's members are known (before that memberName says nothing).
      const by = r.signals.lastContactBy ? memberName(c, r.signals.lastContactBy) : '';
      return by ? `${agoText(r.signals.lastContactAt, now())} · ${by}` : agoText(r.signals.lastContactAt, now());
    }),
    col('interactions', 'Interactions', (r) => String(r.signals?.interactions ?? 0), true),
    col('lastActivityAt', 'Last activity', (r) => (r.signals?.lastActivityAt ? agoText(r.signals.lastActivityAt, now()) : 'never')),
    col('nextTaskDue', 'Next task', (r) => { const t = r.signals?.nextTask; return t ? `${t.name}${t.dueAt ? ` · ${dueWhen(t.dueAt, now())}` : ''}` : ''; }),
  ];
  if (type === 'opportunities') cols.push(col('stageSince', 'Days in stage', (r) => { const d = r.signals?.stageSince ? daysSince(r.signals.stageSince, now()) : undefined; return d === undefined ? '' : String(d); }, true));
  return cols;
}
