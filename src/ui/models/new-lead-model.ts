import { signal } from '@preact/signals';
import type { Candidate } from '../../capture/candidate.ts';
import type { FieldError, ListRow, ReadPort, WritePort } from '../ports.ts';
import { fieldErrors } from './errors.ts';

export type NewLeadDraft = { first: string; last: string; email: string; companyName: string; title: string; phone: string; website: string; sourceId: string; statusId: string };
const empty = (): NewLeadDraft => ({ first: '', last: '', email: '', companyName: '', title: '', phone: '', website: '', sourceId: '', statusId: '' });

/** A captured candidate as a draft: the best value of each field, as plain text. */
export function draftFromCandidate(c: Candidate): Partial<NewLeadDraft> {
  return {
    first: c.name?.first ?? (c.name && !c.name.last ? c.name.full : '') ?? '',
    last: c.name?.last ?? '',
    email: c.emails[0]?.value ?? '',
    companyName: c.companyName?.value ?? '',
    title: c.title?.value ?? '',
    phone: c.phones[0]?.original ?? c.phones[0]?.value ?? '',
    website: c.websites[0]?.value ?? '',
    sourceId: 'web-page',
  };
}

/** The draft as record input (leads, or people when Leads are off). */
export function draftInput(d: NewLeadDraft, collection: 'leads' | 'people'): Record<string, unknown> {
  const input: Record<string, unknown> = { name: { ...(d.first.trim() && { first: d.first.trim() }), ...(d.last.trim() && { last: d.last.trim() }) } };
  if (d.email.trim()) { if (collection === 'leads') input.email = d.email.trim(); else input.emails = [{ email: d.email.trim() }]; }
  if (d.companyName.trim() && collection === 'leads') input.companyName = d.companyName.trim();
  if (d.title.trim()) input.title = d.title.trim();
  if (d.phone.trim()) input.phones = [{ number: d.phone.trim() }];
  if (d.website.trim()) input.websites = [{ url: d.website.trim() }];
  if (collection === 'leads' && d.sourceId) input.sourceId = d.sourceId;
  if (collection === 'leads' && d.statusId) input.statusId = d.statusId;
  return input;
}

/**
 * The "new lead" form and the capture card: draft, field errors from the engine's validation,
 * likely duplicates, and save. `collection` says leads or people (Leads turned off).
 */
export function createNewLeadModel(write: WritePort, opts: { read?: ReadPort; collection?: () => 'leads' | 'people' } = {}) {
  const draft = signal<NewLeadDraft>(empty());
  const errors = signal<FieldError[]>([]);
  const saving = signal(false);
  const message = signal('');
  const savedId = signal<string | null>(null);
  const duplicates = signal<ListRow[]>([]);
  const collection = opts.collection ?? (() => 'leads' as const);

  /** Existing leads and people with the draft's email (the read model's word index). */
  function checkDuplicates() {
    const email = draft.value.email.trim().toLowerCase();
    if (!opts.read || !email.includes('@')) { duplicates.value = []; return; }
    const read = opts.read;
    void Promise.all((['leads', 'people'] as const).map((type) => read.queryList({ type, search: email, offset: 0, limit: 5 }))).then((pages) => {
      // Only if the draft still has this email (typing goes on while we look).
      if (draft.value.email.trim().toLowerCase() === email) duplicates.value = pages.flatMap((p) => p.rows);
    }, () => {});
  }

  return {
    draft, errors, saving, message, savedId, duplicates, collection,
    set(field: keyof NewLeadDraft, value: string) { draft.value = { ...draft.value, [field]: value }; if (field === 'email') checkDuplicates(); },
    fill(partial: Partial<NewLeadDraft>) { draft.value = { ...draft.value, ...partial }; errors.value = []; message.value = ''; checkDuplicates(); },
    async save(): Promise<string | null> {
      const d = draft.value;
      if (!d.first.trim() && !d.last.trim() && !d.email.trim() && !d.companyName.trim()) {
        errors.value = [{ path: 'name', message: 'Give at least a name, an email or a company.' }];
        return null;
      }
      saving.value = true;
      const target = collection();
      try {
        const created = await write.create(target, draftInput(d, target));
        errors.value = [];
        draft.value = empty();
        duplicates.value = [];
        message.value = target === 'leads' ? 'Lead saved' : 'Person saved';
        savedId.value = created.id;
        return created.id;
      } catch (e) {
        errors.value = fieldErrors(e);
        return null;
      } finally {
        saving.value = false;
      }
    },
  };
}
export type NewLeadModel = ReturnType<typeof createNewLeadModel>;
