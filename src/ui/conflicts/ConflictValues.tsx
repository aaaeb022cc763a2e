import { useState } from 'preact/hooks';
import type { OpenConflict } from '../../domain/conflicts.ts';
import type { Setter } from '../../domain/conflicts.ts';
import type { Rec, WritePort } from '../ports.ts';
import type { ConfigModel } from '../models/config-model.ts';
import { historyValue } from '../records/FieldHistory.tsx';
import { Button, stamp } from '../ds/index.ts';
import { keepValue } from './conflicts-model.ts';

/** A member's name: the workspace's list first, else the name they gave when the conflict reached them. */
export function setterName(by: string, names: Record<string, string>, config: ConfigModel): string {
  const listed = config.config.value?.members.some((m) => m.id === by);
  return !listed && names[by] ? names[by] : config.nameOf('members', by);
}

function who(s: Setter, names: Record<string, string>, config: ConfigModel) {
  if (!s) return 'set by a teammate (not known on this device)';
  return <>set by <span class="who">{setterName(s.by, names, config)}</span> · <time dateTime={new Date(s.at).toISOString()}>{stamp(s.at)}</time></>;
}

/**
 * Every value of a field that two teammates set at the same time: the one shown now and the
 * ones the merge dropped, each with who set it and when, and one click to keep it.
 */
export function ConflictValues({ conflict, label, write, config, record, readOnly }: {
  conflict: OpenConflict; label: string; write: WritePort; config: ConfigModel; record: Rec | null; readOnly?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const keep = async (value: unknown) => {
    setBusy(true); setError('');
    try { await keepValue(write, conflict, value, record); } catch (e) { setError((e as Error).message || String(e)); } finally { setBusy(false); }
  };
  const rows = [{ value: conflict.current.value, setter: conflict.current.setter, current: true }, ...conflict.others.map((o) => ({ ...o, current: false }))];
  return (
    <div class="conflict-values" role="group" aria-label={`Values of ${label}`}>
      <ul>
        {rows.map((r, i) => (
          <li key={i} class={r.current ? 'current' : undefined}>
            <span class="conflict-value">“{historyValue(conflict.field, r.value, config)}”</span>
            <span class="conflict-who">{r.current ? 'shown now · ' : 'dropped · '}{who(r.setter, conflict.names, config)}</span>
            {!readOnly && <Button size="sm" variant={r.current ? 'secondary' : 'primary'} disabled={busy}
              aria-label={`Keep “${historyValue(conflict.field, r.value, config)}” for ${label}`}
              onClick={() => void keep(r.value)}>{r.current ? 'Keep this' : 'Keep this one'}</Button>}
          </li>
        ))}
      </ul>
      {error && <p class="field-error" role="alert">{error}</p>}
    </div>
  );
}
