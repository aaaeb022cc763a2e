import { signal } from '@preact/signals';
import type { Collection } from '../../domain/index.ts';
import type { FieldError, WorkspaceConfig, WritePort } from '../ports.ts';
import { fieldErrors } from './errors.ts';
import { dueAtFrom } from '../tasks/due.ts';
import { ownedByMaker } from '../../domain/ownership.ts';

/** What a new record is made for: "New deal" on a company or person, "Add task" on any record. */
export type CreateContext = { companyId?: string; primaryPersonId?: string; related?: { type: Collection; id: string }; label?: string };
export type CreateDraft = Record<string, string>;

/** The fields the "New …" dialog asks for, per record type: the few a rep knows at that moment. */
export const CREATE_FIELDS: Record<Collection, { key: string; label: string; type?: 'email' | 'number' | 'date' | 'due' | 'url' }[]> = {
  leads: [{ key: 'first', label: 'First name' }, { key: 'last', label: 'Last name' }, { key: 'email', label: 'Email', type: 'email' }, { key: 'companyName', label: 'Company' }, { key: 'title', label: 'Title' }],
  people: [{ key: 'first', label: 'First name' }, { key: 'last', label: 'Last name' }, { key: 'email', label: 'Email', type: 'email' }, { key: 'title', label: 'Title' }],
  companies: [{ key: 'name', label: 'Company name' }, { key: 'emailDomain', label: 'Email domain' }, { key: 'website', label: 'Website', type: 'url' }],
  opportunities: [{ key: 'name', label: 'Deal name' }, { key: 'monetaryValue', label: 'Value', type: 'number' }, { key: 'closeDate', label: 'Close date', type: 'date' }],
  tasks: [{ key: 'name', label: 'Task' }, { key: 'dueAt', label: 'Due', type: 'due' }],
};

const t = (d: CreateDraft, k: string) => (d[k] ?? '').trim();

/**
 * The create input for a draft, or the errors a user must fix first (checked here so a
 * missing name is said next to its field before anything is sent). Pure.
 */
export function buildCreateInput(kind: Collection, draft: CreateDraft, ctx: CreateContext, config: WorkspaceConfig | null): { input: Record<string, unknown> } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const need = (key: string, message: string) => { if (!t(draft, key)) errors.push({ path: key, message }); };
  let input: Record<string, unknown>;
  switch (kind) {
    case 'leads': case 'people': {
      if (!t(draft, 'first') && !t(draft, 'last') && !t(draft, 'email')) errors.push({ path: 'first', message: 'Give a name or an email.' });
      const name = { ...(t(draft, 'first') ? { first: t(draft, 'first') } : {}), ...(t(draft, 'last') ? { last: t(draft, 'last') } : {}) };
      const email = t(draft, 'email');
      input = kind === 'leads'
        ? { name, ...(email ? { email } : {}), ...(t(draft, 'companyName') ? { companyName: t(draft, 'companyName') } : {}), ...(t(draft, 'title') ? { title: t(draft, 'title') } : {}) }
        : { name, ...(email ? { emails: [{ email }] } : {}), ...(t(draft, 'title') ? { title: t(draft, 'title') } : {}), ...(ctx.companyId ? { companyId: ctx.companyId } : {}) };
      break;
    }
    case 'companies': {
      need('name', 'A company needs a name.');
      const site = t(draft, 'website');
      input = { name: t(draft, 'name'), ...(t(draft, 'emailDomain') ? { emailDomain: t(draft, 'emailDomain') } : {}), ...(site ? { websites: [{ url: /^https?:\/\//i.test(site) ? site : `https://${site}` }] } : {}) };
      break;
    }
    case 'opportunities': {
      need('name', 'A deal needs a name.');
      const pipelineId = t(draft, 'pipelineId') || config?.pipelines.find((p) => !p.retired)?.id || '';
      const stageId = t(draft, 'stageId') || [...(config?.stages ?? [])].filter((s) => s.pipelineId === pipelineId && !s.retired).sort((a, b) => a.order - b.order)[0]?.id || '';
      if (!pipelineId) errors.push({ path: 'pipelineId', message: 'Add a pipeline in Settings first.' });
      else if (!stageId) errors.push({ path: 'stageId', message: 'This pipeline has no stage yet.' });
      const raw = t(draft, 'monetaryValue');
      const value = raw === '' ? undefined : Number(raw);
      if (value !== undefined && (!Number.isFinite(value) || value < 0)) errors.push({ path: 'monetaryValue', message: 'Value must be a number, zero or more.' });
      input = {
        name: t(draft, 'name'), pipelineId, stageId, ...(value !== undefined ? { monetaryValue: value } : {}),
        ...(t(draft, 'closeDate') ? { closeDate: t(draft, 'closeDate') } : {}),
        ...(ctx.companyId ? { companyId: ctx.companyId } : {}), ...(ctx.primaryPersonId ? { primaryPersonId: ctx.primaryPersonId } : {}),
      };
      break;
    }
    case 'tasks': {
      need('name', 'Name the task.');
      const due = dueAtFrom(t(draft, 'dueAt'));
      if (due !== undefined && Number.isNaN(due)) errors.push({ path: 'dueAt', message: 'Due must be a date.' });
      input = { name: t(draft, 'name'), ...(due !== undefined ? { dueAt: due } : {}), ...(ctx.related ? { related: ctx.related } : {}) };
      break;
    }
  }
  return errors.length ? { errors } : { input };
}

/** The engine names nested paths ("emails.0.email", "name"); the dialog's fields are flat. */
export function draftPath(kind: Collection, path: string): string {
  if (path.startsWith('emails') || path === 'email') return 'email';
  if (path.startsWith('name')) return kind === 'leads' || kind === 'people' ? 'first' : 'name';
  if (path.startsWith('websites')) return 'website';
  return path.split('.')[0];
}

/** The "New …" dialog's state and its one action. */
export function createCreateModel(write: WritePort, kind: Collection, ctx: CreateContext, config: () => WorkspaceConfig | null) {
  const draft = signal<CreateDraft>({});
  const errors = signal<FieldError[]>([]);
  const busy = signal(false);
  return {
    kind, ctx, draft, errors, busy,
    set(key: string, value: string) { draft.value = { ...draft.value, [key]: value }; },
    async create(): Promise<string | null> {
      const built = buildCreateInput(kind, draft.value, ctx, config());
      if ('errors' in built) { errors.value = built.errors; return null; }
      busy.value = true;
      try {
        const { id } = await write.create(kind, built.input);
        errors.value = [];
        return id;
      } catch (e) {
        errors.value = fieldErrors(e).map((x) => ({ ...x, path: x.path ? draftPath(kind, x.path) : '' }));
        return null;
      } finally { busy.value = false; }
    },
  };
}
export type CreateModel = ReturnType<typeof createCreateModel>;
