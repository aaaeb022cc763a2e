import type { NewLeadModel, NewLeadDraft } from '../models/new-lead-model.ts';

const FIELDS: [keyof NewLeadDraft, string, string][] = [
  ['first', 'First name', 'name'], ['last', 'Last name', 'name'], ['email', 'Email', 'email'],
  ['companyName', 'Company', 'companyName'], ['title', 'Title', 'title'], ['phone', 'Phone', 'phones'],
];

/** Text only: captured values are rendered as text by Preact, never as HTML. */
export function NewLeadForm({ model }: { model: NewLeadModel }) {
  const errors = model.errors.value;
  const errorFor = (path: string) => errors.filter((e) => e.path === path || e.path.startsWith(`${path}.`)).map((e) => e.message).join('; ');
  return (
    <form class="new-lead" aria-label="New lead" onSubmit={(e) => { e.preventDefault(); void model.save(); }}>
      {FIELDS.map(([field, label, path]) => {
        const err = errorFor(path);
        return (
          <label key={field}>
            <span>{label}</span>
            <input name={field} value={model.draft.value[field]} aria-invalid={err ? 'true' : undefined} onInput={(e) => model.set(field, (e.currentTarget as HTMLInputElement).value)} />
            {err && <span class="field-error" role="alert">{err}</span>}
          </label>
        );
      })}
      {errors.some((e) => e.path === '') && <p class="field-error" role="alert">{errors.filter((e) => e.path === '').map((e) => e.message).join('; ')}</p>}
      <button type="submit" disabled={model.saving.value}>Save lead</button>
      {model.message.value && <span class="saved" role="status">{model.message.value}</span>}
    </form>
  );
}
