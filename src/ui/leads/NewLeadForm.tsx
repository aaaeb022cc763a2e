import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { NewLeadModel, NewLeadDraft } from '../models/new-lead-model.ts';
import type { ConfigModel } from '../models/config-model.ts';
import { errorFor } from '../models/errors.ts';
import type { ListRow } from '../ports.ts';
import { metaFor } from '../../domain/fields/catalogue.ts';
import { emptyChoiceText } from '../records/labels.ts';

/**
 * "What changed since": the capture against the record it matches, field by field, each with
 * its own Accept, and Accept all. Accepted values carry the capture's provenance.
 */
function CaptureDiff({ model, row, label, landed }: { model: NewLeadModel; row: ListRow; label: string; landed: (p: Promise<boolean>) => void }) {
  const changes = model.changesFor(row);
  if (!changes.length) return null;
  const type = row.type === 'people' ? 'people' : 'leads';
  const fieldLabel = (f: string) => (metaFor(type, f)?.label ?? f).toLowerCase();
  return (
    <div class="capture-diff" role="group" aria-label={`Changed since ${label} was saved`}>
      <p>Changed since it was saved:</p>
      <ul>{changes.map((c) => {
        const text = `new ${fieldLabel(c.field)}: ${c.after}`;
        return (
          <li key={c.field}>
            <span>{text}</span>{c.kind === 'changed' && <span class="was"> (was {c.before})</span>}
            {' '}<button type="button" class="link" aria-label={`Accept ${text}`} aria-disabled={model.saving.value ? 'true' : undefined} onClick={() => { if (!model.saving.value) landed(model.acceptChange(row, c)); }}>accept</button>
          </li>
        );
      })}</ul>
      {changes.length > 1 && <button type="button" class="link" aria-label={`Accept all changes to ${label}`} aria-disabled={model.saving.value ? 'true' : undefined} onClick={() => { if (!model.saving.value) landed(model.acceptAll(row)); }}>accept all</button>}
    </div>
  );
}

const FIELDS: [keyof NewLeadDraft, string, string, string][] = [
  ['first', 'First name', 'name', 'text'], ['last', 'Last name', 'name', 'text'], ['email', 'Email', 'email', 'text'],
  ['companyName', 'Company', 'companyName', 'text'], ['phone', 'Phone', 'phones', 'tel'], ['title', 'Title', 'title', 'text'],
  ['website', 'Website', 'websites', 'text'],
];
/**
 * The values that run long (an address, a job title, a page's address) take two columns and wrap
 * in a box that grows (Enter still saves): at 360 px a column showed "margaret@apollo-soft" and
 * "Director of Software E" of what was captured. In this order the short ones pair up around
 * them at two columns and at four.
 */
const WIDE = new Set<keyof NewLeadDraft>(['email', 'title', 'website']);

/**
 * Whether a field takes two columns: one of the long kinds above, or a short kind whose value a
 * half box can't show ("Langley Research Cen" of a captured company at 360 px: an input does not
 * wrap). It follows the value, so a long name typed in widens its box once. Pure.
 */
export function wideField(field: keyof NewLeadDraft, value: string): boolean {
  return WIDE.has(field) || value.trim().length > HALF_BOX_CHARS;
}
/** About what a half box shows at 360 px (150 px of 14 px text, "Langley Research Ce" and no more). */
const HALF_BOX_CHARS = 18;

/** Text only: captured values are rendered as text by Preact, never as HTML. */
export function NewLeadForm({ model, config, onOpen }: { model: NewLeadModel; config?: ConfigModel; onOpen?: (type: 'leads' | 'people', id: string) => void }) {
  const errors = model.errors.value;
  const leads = model.collection() === 'leads';
  const what = leads ? 'lead' : 'person';
  // A write into a record already here (add the details, accept a change) empties or shortens the
  // duplicates box under the button pressed: focus goes to what comes next, the confirmation's
  // "open it" (else Save), not to the page (it was lost to <body>).
  const form = useRef<HTMLFormElement>(null);
  const [wrote, setWrote] = useState(0);
  const landed = (p: Promise<boolean>) => void p.then(() => setWrote((n) => n + 1));
  useLayoutEffect(() => {
    if (!wrote) return;
    const at = (sel: string) => form.current?.querySelector<HTMLElement>(sel);
    (at('.saved .link') ?? at('button[type="submit"]'))?.focus();
  }, [wrote]);
  return (
    <form ref={form} class="new-lead" aria-label={`New ${what}`} onSubmit={(e) => { e.preventDefault(); if (!model.saving.value) void model.save(); }}>
      {FIELDS.map(([field, label, path, type], i) => {
        // Fields sharing a path (first and last name) show its error once, under the first.
        const err = FIELDS.findIndex((f) => f[2] === path) === i ? errorFor(errors, path) : '';
        const id = `nl-${field}`;
        return (
          <div class={wideField(field, model.draft.value[field]) ? 'field wide' : 'field'} key={field}>
            <label for={id}>{label}</label>
            {WIDE.has(field)
              ? <textarea id={id} name={field} rows={1} class="one-line" spellcheck={false} value={model.draft.value[field]} aria-invalid={err ? 'true' : undefined} aria-describedby={err ? `${id}-err` : undefined}
                  onInput={(e) => model.set(field, (e.currentTarget as HTMLTextAreaElement).value.replace(/\s*[\r\n]+\s*/g, ' '))}
                  onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); (e.currentTarget as HTMLTextAreaElement).form?.requestSubmit(); } }} />
              : <input id={id} name={field} type={type} value={model.draft.value[field]} aria-invalid={err ? 'true' : undefined} aria-describedby={err ? `${id}-err` : undefined} onInput={(e) => model.set(field, (e.currentTarget as HTMLInputElement).value)} />}
            {err && <span id={`${id}-err`} class="field-error" role="alert">{err}</span>}
          </div>
        );
      })}
      {config && leads && (
        <>
          <div class="field">
            <label for="nl-source">Source</label>
            <select id="nl-source" value={model.draft.value.sourceId} onChange={(e) => model.set('sourceId', (e.currentTarget as HTMLSelectElement).value)}>
              <option value="">{emptyChoiceText('Source')}</option>
              {config.active('sources').map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
            </select>
            {errorFor(errors, 'sourceId') && <span class="field-error" role="alert">{errorFor(errors, 'sourceId')}</span>}
          </div>
          <div class="field">
            <label for="nl-status">Status</label>
            {/* The default status is shown chosen, by name ("New (default)"): left so, the lead gets it. */}
            <select id="nl-status" value={model.draft.value.statusId || config.defaultOf('leadStatuses')} onChange={(e) => model.set('statusId', (e.currentTarget as HTMLSelectElement).value)}>
              {config.active('leadStatuses').map((s) => <option key={s.id} value={s.id}>{config.choiceLabel('leadStatuses', s)}</option>)}
            </select>
            {errorFor(errors, 'statusId') && <span class="field-error" role="alert">{errorFor(errors, 'statusId')}</span>}
          </div>
        </>
      )}
      {model.extrasText() && <p class="sources">Also saved: {model.extrasText()}</p>}
      {model.email.value && (
        <label class="check">
          <input type="checkbox" checked={model.logEmail.value} onChange={(e) => { model.logEmail.value = (e.currentTarget as HTMLInputElement).checked; }} />
          Log the email “{model.email.value.email.subject || '(no subject)'}” on the {what}
        </label>
      )}
      {model.duplicates.value.length > 0 && (
        <div class="duplicates" role="note" aria-label="Possible duplicates">
          <p>Already in Outpost with this email:</p>
          <ul>{model.duplicates.value.map((d) => {
            const label = `${d.name || '(no name)'} (${d.type === 'people' ? 'person' : d.data.convertedTo ? 'converted lead' : 'lead'})`;
            return (
              <li key={d.id}>
                <button type="button" class="link" onClick={() => onOpen?.(d.type as 'leads', d.id)}>{label}</button>
                {' '}<button type="button" class="link" aria-label={`Add these details to ${label}`} aria-disabled={model.saving.value ? 'true' : undefined} onClick={() => { if (!model.saving.value) landed(model.addDetailsTo(d)); }}>add these details to it</button>
                <CaptureDiff model={model} row={d} label={label} landed={landed} />
              </li>
            );
          })}</ul>
        </div>
      )}
      {errors.some((e) => e.path === '') && <p class="field-error" role="alert">{errors.filter((e) => e.path === '').map((e) => e.message).join('; ')}</p>}
      {/* aria-disabled, not disabled: a disabled button drops focus to <body> while the save runs
          (a keyboard or screen reader user clicking it lost their place); a second press is ignored. */}
      <button type="submit" class="primary" aria-disabled={model.saving.value ? 'true' : undefined}>Save {what}</button>
      {model.message.value && (
        <span class="saved" role="status">
          {model.message.value}
          {model.savedId.value && onOpen && <> — <button type="button" class="link" onClick={() => onOpen(model.savedType.value, model.savedId.value!)}>open it</button></>}
        </span>
      )}
    </form>
  );
}
