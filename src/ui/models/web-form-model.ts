import { embedSnippet, formActionUrl, WebFormField, type WebForm, type z } from '../../domain/index.ts';
import type { AdminAction, TeamRelay } from '../ports.ts';

type Field = z.infer<typeof WebFormField>;
type Form = z.infer<typeof WebForm>;
export const WEB_FORM_FIELDS = WebFormField.options;

/** The add/edit form of a web-to-lead form, as the screen holds it (empty text = not set). */
export type FormDraft = { id?: string; name: string; fields: Field[]; required: Field[]; sourceId: string; statusId: string; redirectUrl: string };

export const newFormDraft = (): FormDraft => ({ name: '', fields: ['name', 'email', 'message'], required: ['email'], sourceId: 'web-form', statusId: '', redirectUrl: '' });

export function draftOf(f: Form): FormDraft {
  return { id: f.id, name: f.name, fields: [...f.fields], required: [...f.required], sourceId: f.sourceId, statusId: f.statusId ?? '', redirectUrl: f.redirectUrl ?? '' };
}

/** Fields keep the order of WEB_FORM_FIELDS; taking a field off also makes it not required. */
export function withField(d: FormDraft, field: Field, on: boolean): FormDraft {
  const fields = WEB_FORM_FIELDS.filter((f) => (f === field ? on : d.fields.includes(f)));
  return { ...d, fields, required: d.required.filter((f) => fields.includes(f)) };
}

/** Requiring a field puts it on the form. */
export function withRequired(d: FormDraft, field: Field, on: boolean): FormDraft {
  const next = on ? withField(d, field, true) : d;
  return { ...next, required: WEB_FORM_FIELDS.filter((f) => (f === field ? on : next.required.includes(f))) };
}

/** The bridge action that saves the draft, or what to fix first (the store checks the rest). */
export function saveAction(d: FormDraft): { ok: true; action: AdminAction } | { ok: false; error: string } {
  if (!d.name.trim()) return { ok: false, error: 'Give the form a name.' };
  if (!d.fields.length) return { ok: false, error: 'Choose at least one field for the form.' };
  const input = { name: d.name.trim(), fields: d.fields, required: d.required, sourceId: d.sourceId, statusId: d.statusId, redirectUrl: d.redirectUrl.trim() };
  return { ok: true, action: d.id ? { action: 'updateForm', id: d.id, patch: input } : { action: 'addForm', input } };
}

/** The form's address on the team relay: what a site's own form posts to. */
export function formLink(relay: Pick<TeamRelay, 'url' | 'workspaceId'>, form: Form): string {
  return formActionUrl(relay.url, relay.workspaceId, form.id);
}

/** The HTML a site owner pastes: posts to this workspace's form on the team relay. */
export function snippetFor(relay: Pick<TeamRelay, 'url' | 'workspaceId'>, form: Form): string {
  return embedSnippet(form, formLink(relay, form));
}
