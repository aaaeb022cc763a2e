import { useEffect, useRef, useState } from 'preact/hooks';
import { mailtoHref, moneyText, telHref, webHref } from '../../domain/fields/index.ts';
import type { Rec, WorkspaceConfig } from '../ports.ts';
import { emptyDateText, type FieldSpec } from './field-kinds.ts';
import { icons } from '../ds/index.ts';
import { FieldSource } from './FieldSource.tsx';

/** Links a contact value makes (mailto:, tel:, http(s) only; see domain/fields/links.ts). */
export function linksOf(spec: FieldSpec, record: Rec): { href: string; text: string; kind: 'mail' | 'tel' | 'web' }[] {
  const kind = spec.field?.kind;
  const values = spec.get(record).split(/,\s*/).filter(Boolean);
  const make = (fn: (v: string) => string | undefined, k: 'mail' | 'tel' | 'web') =>
    values.map((v) => ({ href: fn(v), text: v, kind: k })).filter((l): l is { href: string; text: string; kind: typeof k } => !!l.href);
  if (kind === 'email' || kind === 'emails') return make(mailtoHref, 'mail');
  if (kind === 'phones') return make(telHref, 'tel');
  if (kind === 'urls' || kind === 'url') return make(webHref, 'web');
  return [];
}

/**
 * One field, shown as its value and edited in place: it reads as text until hovered or
 * focused, then is the editor. Enter (or leaving it) saves, Esc puts the stored value back;
 * selects and checkboxes save on change. Emails, phones and sites also show as links. The
 * error sits right under the field it is about.
 */
export function FieldEditor({ spec, record, config, error, onSave, readOnly, showSource }: {
  spec: FieldSpec; record: Rec; config: WorkspaceConfig | null; error?: string; onSave: (spec: FieldSpec, value: string) => void; readOnly?: boolean;
  /** Show the "where did this come from" control (once per field: a name's first part). */
  showSource?: boolean;
}) {
  const stored = spec.get(record);
  const [value, setValue] = useState(stored);
  // What the user typed since the stored value last changed. Leaving the field saves only that:
  // a blur whose element still shows an older stored value (a teammate's write just arrived, the
  // editor not yet re-rendered, or re-mounted beside a new "2 values" marker) is not an edit, and
  // saving it would overwrite the teammate's value and settle a conflict nobody chose.
  const edited = useRef(false);
  useEffect(() => { edited.current = false; setValue(stored); }, [stored]);
  // Read mode (not focused): a money value formatted with its currency and the locale, an empty
  // date in words ("No due date") rather than a blank mm/dd/yyyy; focus gives the editor its raw value.
  const [focused, setFocused] = useState(false);
  const id = `f-${spec.key}`;
  const errId = `${id}-error`;
  const common = {
    id, name: spec.key, disabled: readOnly, class: 'ds-input inline',
    'aria-invalid': error ? ('true' as const) : undefined, 'aria-describedby': error ? errId : undefined,
  };
  // Back to the stored value after a refused edit: saving "nothing" clears that field's error.
  const commit = (v: string) => { edited.current = false; if (v !== stored || error) onSave(spec, v); };
  const leave = (v: string) => { if (edited.current || error) commit(v); };
  const input = (v: string) => { edited.current = true; setValue(v); };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      // Put the stored value back in the element itself before leaving it, so the blur commits
      // nothing. Focus goes to the field's display (its box), not to <body>: Tab goes on to the
      // next field, and single-key shortcuts work again (focus is out of the text box).
      e.stopPropagation();
      const el = e.currentTarget as HTMLInputElement;
      el.value = stored; setValue(stored); edited.current = false;
      const box = el.closest<HTMLElement>('.field');
      if (box) box.focus(); else el.blur();
    }
    if (e.key === 'Enter' && spec.kind !== 'textarea') { e.preventDefault(); commit((e.currentTarget as HTMLInputElement).value); }
  };
  let control;
  if (spec.kind === 'multi') {
    // Several choices: one box each, so what is chosen reads at a glance (a multiple <select>
    // shows every option alike, chosen or not) and each click saves.
    const options = config && spec.options ? spec.options(config, record) : [];
    const chosen = value.split('\n').filter(Boolean);
    const toggle = (v: string, on: boolean) => {
      const next = options.map((o) => o.value).filter((o) => (o === v ? on : chosen.includes(o))).join('\n');
      setValue(next); commit(next);
    };
    return (
      <fieldset class="field field-multi" id={id} tabIndex={-1} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? errId : undefined}>
        <legend>{spec.label}</legend>
        {options.length === 0 && <span class="muted">No choices defined</span>}
        {options.map((o) => (
          <label key={o.value} class="ds-check">
            <input type="checkbox" name={spec.key} value={o.value} disabled={readOnly} checked={chosen.includes(o.value)}
              onChange={(e) => toggle(o.value, (e.currentTarget as HTMLInputElement).checked)} />
            {o.label}
          </label>
        ))}
        {error && <span id={errId} class="field-error" role="alert">{error}</span>}
      </fieldset>
    );
  } else if (spec.kind === 'select') {
    const options = config && spec.options ? spec.options(config, record) : [];
    // Before the workspace's config has come, a chosen value is an id with no name yet (a member,
    // a source): "Loading…", never the raw id.
    const unknown = !value ? '—' : config ? value : 'Loading…';
    control = (
      <select {...common} value={value} onChange={(e) => { const v = (e.currentTarget as HTMLSelectElement).value; setValue(v); commit(v); }}>
        {!options.some((o) => o.value === value) && <option value={value}>{unknown}</option>}
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    );
  } else if (spec.kind === 'checkbox') {
    return (
      <div class="field field-check">
        <label class="ds-check" for={id}>
          <input type="checkbox" id={id} name={spec.key} disabled={readOnly} checked={value === 'true'} aria-describedby={error ? errId : undefined}
            onChange={(e) => { const v = (e.currentTarget as HTMLInputElement).checked ? 'true' : 'false'; setValue(v); commit(v); }} />
          {spec.label}
        </label>
        {error && <span id={errId} class="field-error" role="alert">{error}</span>}
      </div>
    );
  } else if (spec.kind === 'textarea') {
    control = <textarea {...common} rows={3} value={value} placeholder={readOnly ? '' : 'Add details…'} onInput={(e) => input((e.currentTarget as HTMLTextAreaElement).value)} onBlur={(e) => leave((e.currentTarget as HTMLTextAreaElement).value)} onKeyDown={onKeyDown} />;
  } else if (spec.kind === 'text') {
    // One line of text in a box that wraps and grows with it: in a 150 px column an input cut
    // "Director of Software Engineering" to "Director of Software E". Enter saves (onKeyDown);
    // a pasted line break is a space.
    control = <textarea {...common} class="ds-input inline one-line" rows={1} value={value} placeholder={readOnly ? '' : '—'}
      onInput={(e) => input((e.currentTarget as HTMLTextAreaElement).value.replace(/\s*[\r\n]+\s*/g, ' '))}
      onBlur={(e) => leave((e.currentTarget as HTMLTextAreaElement).value.replace(/\s*[\r\n]+\s*/g, ' '))} onKeyDown={onKeyDown} />;
  } else {
    const money = spec.field?.kind === 'money' && !focused && value === stored && !error ? moneyText(spec.field, record, config?.settings.defaultCurrency) : '';
    const noDate = (spec.kind === 'date' || spec.kind === 'datetime') && !focused && !value;
    const type = money || noDate ? 'text' : spec.kind === 'datetime' ? 'datetime-local' : spec.kind === 'number' ? 'number' : spec.kind === 'date' ? 'date' : spec.kind === 'url' ? 'url' : 'text';
    control = <input {...common} type={type} step={type === 'number' ? 'any' : undefined} value={money || value} placeholder={noDate ? emptyDateText(spec.label) : readOnly ? '' : '—'}
      onFocus={() => setFocused(true)} onInput={(e) => input((e.currentTarget as HTMLInputElement).value)}
      onBlur={(e) => { leave((e.currentTarget as HTMLInputElement).value); setFocused(false); }} onKeyDown={onKeyDown} />;
  }
  const links = linksOf(spec, record);
  // One value: its link is an icon beside the value (its text would only repeat it). Several:
  // each link names its value, under the field.
  const single = links.length === 1;
  const link = (l: (typeof links)[number]) => {
    const Icon = l.kind === 'mail' ? icons.Mail : l.kind === 'tel' ? icons.Phone : icons.ExternalLink;
    const verb = l.kind === 'mail' ? 'Email' : l.kind === 'tel' ? 'Call' : 'Open';
    return (
      <a key={l.href} class={single ? 'field-link-icon' : undefined} href={l.href} target={l.kind === 'web' ? '_blank' : undefined} rel={l.kind === 'web' ? 'noopener noreferrer' : undefined}
        aria-label={`${verb} ${l.text}`} title={single ? `${verb} ${l.text}` : undefined}>
        <Icon size={single ? 14 : 12} aria-hidden="true" />{!single && l.text}
      </a>
    );
  };
  return (
    <div class={spec.kind === 'datetime' ? 'field field-datetime' : spec.kind === 'text' && wideText(stored) ? 'field field-wide' : 'field'} tabIndex={-1}>
      <label for={id}>{spec.label}</label>
      {single ? <div class="field-row">{control}{link(links[0])}</div> : control}
      {showSource && spec.field && <FieldSource fieldKey={spec.field.key} label={spec.field.label.toLowerCase()} record={record} config={config} />}
      {links.length > 1 && <span class="field-links">{links.map(link)}</span>}
      {error && <span id={errId} class="field-error" role="alert">{error}</span>}
    </div>
  );
}

/**
 * A one-line value that needs two columns of a record's fields: a word that can't wrap wider than
 * the narrowest column (150 px: "analytical-engines.example" broke at its hyphen), or more than two
 * lines of one. Decided on the stored value, so the field does not move while the rep types. Pure.
 */
export function wideText(value: string): boolean {
  return value.length > LONG_TEXT || value.split(/\s+/).some((w) => w.length >= LONG_WORD);
}
/** About 135 px of 14 px text: a column at its narrowest (150 px) less the box's padding. */
const LONG_WORD = 18;
const LONG_TEXT = 40;
