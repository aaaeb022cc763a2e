import { useEffect, useMemo } from 'preact/hooks';
import type { ReadonlySignal } from '@preact/signals';
import { displayName, type Collection } from '../../domain/index.ts';
import type { DuplicateReason } from '../../domain/lifecycle/index.ts';
import type { DedupePort, ReadPort, Rec, WritePort } from '../ports.ts';
import { createMergeModel, type MergeModel } from '../models/merge-model.ts';
import type { NavModel } from '../models/nav-model.ts';
import type { UndoModel } from '../models/undo-model.ts';
import { LABELS } from './labels.ts';

type Props = {
  type: Collection; id: string; record: ReadonlySignal<Rec | null | undefined>;
  ports: { read: ReadPort; write: WritePort; dedupe: DedupePort }; nav: NavModel; undo: UndoModel; readOnly: boolean;
};

export function reasonText(r: DuplicateReason): string {
  switch (r.kind) {
    case 'email': return `same email (${r.value})`;
    case 'phone': return 'same phone';
    case 'social': return 'same social profile';
    case 'domain': return `same email domain (${r.value})`;
    case 'name': return 'similar name';
    case 'companyName': return 'same company name';
  }
}

/** "Possible duplicates" of a lead, person or company, and merging one of them into it. */
export function Duplicates({ type, id, record, ports, nav, undo, readOnly }: Props) {
  const model = useMemo(() => createMergeModel(ports, type, id, record, undo), [type, id]);
  useEffect(() => () => model.dispose(), [model]);
  const matches = model.matches.value;
  const r = record.value;
  const converted = type === 'leads' && r?.convertedAt !== undefined;
  const one = LABELS[type].one.toLowerCase();
  // Nothing to say (none found, or still looking): no box and no line. "No likely duplicates."
  // printed on every record page was noise; the box comes when there is a match or a merge to show.
  const quiet = !matches?.length && !model.loserId.value && !model.error.value && !model.message.value;
  if (quiet) return null;
  return (
    <section class="duplicates" aria-labelledby="dup-h">
      <h3 id="dup-h">Possible duplicates</h3>
      {!!matches?.length && (
        <ul>
          {matches.map((m) => (
            <li key={`${m.collection}:${m.id}`} data-id={m.id}>
              <a href={`#/${m.collection}/${encodeURIComponent(m.id)}`} onClick={(e) => { e.preventDefault(); nav.open(m.collection, m.id); }}>{m.name || '(no name)'}</a>
              {m.collection !== type && ` (${LABELS[m.collection].one.toLowerCase()})`}
              <span class="reasons"> — {m.reasons.map(reasonText).join(', ')}</span>
              {m.collection === type && !readOnly && !converted && (
                <button type="button" aria-label={`Merge into this ${one}: ${m.name || '(no name)'}`} onClick={() => model.start(m.id)}>Merge into this</button>
              )}
            </li>
          ))}
        </ul>
      )}
      {converted && !!matches?.length && <p class="hint">This lead was converted: merge the people it became instead.</p>}
      {matches?.some((m) => m.collection !== type) && <p class="hint">Records of another type can't be merged here: {type === 'leads' ? 'convert the lead, then merge the people.' : 'convert the lead, then merge its person into this one.'}</p>}
      {model.loserId.value && r && <MergeStep model={model} winner={r} one={one} />}
      {model.error.value && <p class="field-error" role="alert">{model.error.value}</p>}
      {model.message.value && <p class="saved" role="status">{model.message.value}</p>}
    </section>
  );
}

function MergeStep({ model, winner, one }: { model: MergeModel; winner: Rec; one: string }) {
  const loser = model.loser.value;
  const rows = model.rows.value;
  const wName = displayName(winner) || '(no name)';
  const lName = loser ? displayName(loser) || '(no name)' : '';
  if (loser === undefined) return <p class="loading" role="status">Opening the duplicate…</p>;
  if (loser === null) {
    return (
      <div class="merge-step" role="group" aria-label="Merge">
        <p class="field-error" role="alert">That record no longer exists: it was merged or deleted meanwhile.</p>
        <button type="button" onClick={model.cancel}>Close</button>
      </div>
    );
  }
  return (
    <div class="merge-step" role="group" aria-labelledby="merge-h">
      <h4 id="merge-h">Merge “{lName}” into “{wName}”</h4>
      <p class="hint">Choose which value to keep where they differ; lists are combined. “{lName}” goes to the trash pointing at this {one}; its activities and tasks show here. Undo brings both back.</p>
      {rows.length === 0 ? <p>Both records hold the same values.</p> : (
        <table class="merge-table">
          <thead><tr><th scope="col">Field</th><th scope="col">This {one}</th><th scope="col">Duplicate</th><th scope="col">After the merge</th></tr></thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.field} data-field={row.field}>
                <th scope="row">{row.label}</th>
                {(['winner', 'loser'] as const).map((side) => {
                  const value = side === 'winner' ? row.winner : row.loser;
                  return (
                    <td key={side}>
                      {row.list ? (value || '—') : (
                        <label class="choice">
                          <input type="radio" name={`merge-${row.field}`} checked={model.side(row) === side} onChange={() => model.choose(row.field, side)}
                            aria-label={`Keep ${side === 'winner' ? `this ${one}'s` : "the duplicate's"} ${row.label.toLowerCase()}: ${value || 'empty'}`} />
                          {' '}{value || '(empty)'}
                        </label>
                      )}
                    </td>
                  );
                })}
                <td class="merge-result">{row.list ? `${row.result} (combined)` : (model.side(row) === 'winner' ? row.winner : row.loser) || '(empty)'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="actions">
        <button type="button" class="primary" disabled={model.busy.value} onClick={() => void model.confirm()}>Merge</button>
        <button type="button" onClick={model.cancel}>Cancel</button>
      </div>
    </div>
  );
}
