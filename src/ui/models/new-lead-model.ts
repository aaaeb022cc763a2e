import { signal } from '@preact/signals';
import type { FieldError, WritePort } from '../ports.ts';

export type NewLeadDraft = { first: string; last: string; email: string; companyName: string; title: string; phone: string };
const empty = (): NewLeadDraft => ({ first: '', last: '', email: '', companyName: '', title: '', phone: '' });

/** The "new lead" form: draft, field errors from the engine's validation, and save. */
export function createNewLeadModel(write: WritePort) {
  const draft = signal<NewLeadDraft>(empty());
  const errors = signal<FieldError[]>([]);
  const saving = signal(false);
  const message = signal('');
  return {
    draft, errors, saving, message,
    set(field: keyof NewLeadDraft, value: string) { draft.value = { ...draft.value, [field]: value }; },
    fill(partial: Partial<NewLeadDraft>) { draft.value = { ...draft.value, ...partial }; },
    async save(): Promise<string | null> {
      const d = draft.value;
      const input: Record<string, unknown> = { name: { ...(d.first && { first: d.first.trim() }), ...(d.last && { last: d.last.trim() }) } };
      if (d.email.trim()) input.email = d.email.trim();
      if (d.companyName.trim()) input.companyName = d.companyName.trim();
      if (d.title.trim()) input.title = d.title.trim();
      if (d.phone.trim()) input.phones = [{ number: d.phone.trim() }];
      if (!d.first.trim() && !d.last.trim() && !d.email.trim() && !d.companyName.trim()) {
        errors.value = [{ path: 'name', message: 'Give at least a name, an email or a company.' }];
        return null;
      }
      saving.value = true;
      try {
        const created = await write.create('leads', input);
        errors.value = [];
        draft.value = empty();
        message.value = 'Lead saved';
        return created.id;
      } catch (e) {
        const err = e as { issues?: FieldError[]; message?: string };
        errors.value = err.issues?.length ? err.issues : [{ path: '', message: err.message ?? String(e) }];
        return null;
      } finally {
        saving.value = false;
      }
    },
  };
}
export type NewLeadModel = ReturnType<typeof createNewLeadModel>;
