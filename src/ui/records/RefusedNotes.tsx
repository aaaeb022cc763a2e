import { useEffect, useState } from 'preact/hooks';
import type { Collection } from '../../domain/index.ts';
import type { RefusedChange } from '../../domain/refused.ts';
import type { WritePort } from '../ports.ts';
import type { ConfigModel } from '../models/config-model.ts';
import { LABELS } from './labels.ts';
import { fieldLabel, historyValue } from './FieldHistory.tsx';
import { Button } from '../ds/index.ts';
import './refused.css';

/** Fields of a record made here only that say nothing the user typed. */
const META = new Set(['id', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'custom', 'provenance']);

/** One refused change as a line: what it was, and the text worth copying (none for a move to the trash). */
export function refusedLine(c: RefusedChange, config: Pick<ConfigModel, 'nameOf'>): { what: string; text: string } {
  const one = LABELS[c.record.type].one.toLowerCase();
  if (c.kind === 'field') return { what: fieldLabel(c.record.type, c.field ?? ''), text: historyValue(c.field ?? '', c.value, config) };
  if (c.kind === 'deleted') return { what: `Moved this ${one} to the trash`, text: '' };
  if (c.kind === 'activity') {
    const a = (c.value ?? {}) as { typeId?: string; details?: string };
    return { what: `${config.nameOf('activityTypes', a.typeId ?? '') || 'Activity'} logged`, text: a.details ?? '' };
  }
  const fields = Object.entries((c.value ?? {}) as Record<string, unknown>).filter(([k, v]) => !META.has(k) && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length));
  return { what: `This ${one}, made on this device`, text: fields.map(([k, v]) => `${fieldLabel(c.record.type, k)}: ${historyValue(k, v, config)}`).join('\n') };
}

/**
 * What this member wrote on a record that the relay refused for their role (a viewer, a member
 * demoted while offline): the record shows the team's values; this says so and keeps theirs to
 * copy, until dismissed. Read again when `version` changes (the record did: a retake replaces
 * it) or `failed` does (the record page's last save errors: an edit of a record the refusal
 * took away is kept here and answered "Not saved", and the record itself does not change).
 */
export function RefusedNotes({ type, id, write, config, version, failed }: { type: Collection; id: string; write: WritePort; config: ConfigModel; version?: unknown; failed?: unknown }) {
  const [changes, setChanges] = useState<RefusedChange[]>([]);
  const [copied, setCopied] = useState('');
  useEffect(() => {
    let live = true;
    void write.refusedChanges?.({ type, id }).then((c) => { if (live) setChanges(c); }, () => {});
    return () => { live = false; };
  }, [type, id, version, failed, write]);
  if (!changes.length) return null;
  const copy = async (what: string, text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(`Copied: ${what}`);
    } catch {
      setCopied('The browser refused to copy: select the text and press Ctrl+C (⌘C on a Mac).');
    }
  };
  const dismiss = async () => {
    await write.dismissRefused?.(changes.map((c) => c.id));
    setChanges([]);
  };
  return (
    <section class="refused" aria-labelledby={`refused-${id}`}>
      <h3 id={`refused-${id}`}>Not saved</h3>
      <p>{changes[0].reason} The relay kept the team’s values, shown here; what you wrote is below to copy.</p>
      <ul>
        {changes.map((c) => {
          const { what, text } = refusedLine(c, config);
          return (
            <li key={c.id}>
              <span class="refused-what">{what}</span>
              {text && <span class="refused-value">{text}</span>}
              {text && <Button size="sm" variant="secondary" aria-label={`Copy what you wrote: ${what}`} onClick={() => void copy(what, text)}>Copy</Button>}
            </li>
          );
        })}
      </ul>
      <span role="status" class="saved">{copied}</span>
      <Button size="sm" variant="link" onClick={() => void dismiss()}>Dismiss</Button>
    </section>
  );
}
