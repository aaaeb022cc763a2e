import type { ConfigEntity } from '../config.ts';
import { ValidationError, type FieldIssue } from '../errors.ts';
import { parseCreate } from '../validate.ts';
import { namesNoSource } from '../no-source.ts';
import type { ImportAs } from './targets.ts';
import type { Fields, RowDraft } from './row.ts';

type Named = { id: string; name: string; retired?: boolean };

/** The workspace's names an import resolves: sources, lead statuses, members, custom fields. */
export type Lookups = {
  sources: Named[];
  leadStatuses: Named[];
  members: { id: string; name: string; email?: string; active?: boolean }[];
  customFields: ConfigEntity<'customFields'>[];
};

/** Values set on every imported row (the batch options of the import dialog). */
export type BatchOptions = { sourceId?: string; statusId?: string; ownerId?: string; tags?: string[] };

const byName = <T extends { id: string; name: string }>(list: T[], text: string) => {
  const l = text.trim().toLowerCase();
  return list.find((e) => e.id === text.trim()) ?? list.find((e) => e.name.toLowerCase() === l);
};

/**
 * Sets sourceId/statusId/ownerId from the names in the row (by id or name, owners also by
 * email), then the batch options on top. A name the workspace doesn't know is a warning, not an
 * error: the row is still worth importing.
 */
export function resolveRefs(draft: RowDraft, as: ImportAs, lookups: Lookups, batch: BatchOptions = {}): void {
  const { input, refs, warnings } = draft;
  if (as === 'leads') {
    if (refs.source && !batch.sourceId && !namesNoSource(refs.source)) {
      const s = byName(lookups.sources.filter((e) => !e.retired), refs.source);
      if (s) input.sourceId = s.id;
      else warnings.push(`source "${refs.source}" is not one of this workspace's sources: left empty`);
    }
    if (refs.status && !batch.statusId) {
      const s = byName(lookups.leadStatuses.filter((e) => !e.retired), refs.status);
      if (s) input.statusId = s.id;
      else warnings.push(`status "${refs.status}" is not a lead status of this workspace: the default status was used`);
    }
    if (batch.sourceId) input.sourceId = batch.sourceId;
    if (batch.statusId) input.statusId = batch.statusId;
  }
  if (refs.owner && !batch.ownerId) {
    const l = refs.owner.trim().toLowerCase();
    const active = lookups.members.filter((m) => m.active !== false);
    const m = byName(active, refs.owner) ?? active.find((x) => x.email?.toLowerCase() === l);
    if (m) input.ownerId = m.id;
    else warnings.push(`owner "${refs.owner}" is not a member of this workspace: a new record is the importer's, an existing one keeps its owner`);
  }
  if (batch.ownerId) input.ownerId = batch.ownerId;
  if (batch.tags?.length) {
    const tags = (input.tags as string[] | undefined) ?? [];
    const have = new Set(tags.map((t) => t.toLowerCase()));
    input.tags = [...tags, ...batch.tags.filter((t) => !have.has(t.toLowerCase()))];
  }
}

export type CheckedRow = { ok: true; fields: Fields } | { ok: false; reason: string };

/** Validates a resolved draft against the record schema; the reason names each bad value. */
export function checkDraft(as: ImportAs, draft: RowDraft, customDefs: ConfigEntity<'customFields'>[] = []): CheckedRow {
  if (draft.issues.length) return { ok: false, reason: describeIssues(draft.issues, draft.input, customDefs) };
  const i = draft.input;
  if (as !== 'companies' && !i.name && !i.email && !(i.emails as unknown[] | undefined)?.length && !(i.phones as unknown[] | undefined)?.length && !i.companyName && !draft.refs.company) {
    return { ok: false, reason: `has no name, email, phone or company (nothing to make a ${as === 'leads' ? 'lead' : 'person'} from)` };
  }
  if (as === 'companies' && !i.name) return { ok: false, reason: 'has no company name' };
  try {
    return { ok: true, fields: parseCreate(as, i, customDefs) };
  } catch (error) {
    if (error instanceof ValidationError) return { ok: false, reason: describeIssues(error.issues, i, customDefs) };
    throw error;
  }
}

const LABELS: Record<string, string> = {
  'name.prefix': 'name prefix', 'name.first': 'first name', 'name.middle': 'middle name', 'name.last': 'last name', 'name.suffix': 'name suffix',
  emailDomain: 'email domain', companyName: 'company', monetaryValue: 'value', statusId: 'status', sourceId: 'source', ownerId: 'owner',
};

/** "email: must be an email address (got "bob@")" — a person can find and fix the cell. */
export function describeIssues(issues: FieldIssue[], input: Fields, customDefs: ConfigEntity<'customFields'>[] = []): string {
  return issues.map((issue) => {
    const value = valueAt(input, issue.path);
    const got = typeof value === 'string' || typeof value === 'number' ? ` (got "${String(value).slice(0, 80)}")` : '';
    return `${labelOf(issue.path, customDefs)}: ${issue.message}${issue.message.includes('(got') ? '' : got}`;
  }).join('; ');
}

function labelOf(path: string, customDefs: ConfigEntity<'customFields'>[]): string {
  if (LABELS[path]) return LABELS[path];
  const list = /^(emails|phones|websites|socials|tags)\.(\d+)/.exec(path);
  if (list) return `${{ emails: 'email', phones: 'phone', websites: 'website', socials: 'social profile', tags: 'tag' }[list[1]]} ${Number(list[2]) + 1}`;
  if (path.startsWith('custom.')) return customDefs.find((d) => d.id === path.slice(7))?.name ?? path;
  if (path.startsWith('address.')) return path.slice(8).replace('postalCode', 'postal code');
  return path || 'row';
}

function valueAt(input: Fields, path: string): unknown {
  let v: unknown = input;
  for (const p of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  if (v && typeof v === 'object' && 'email' in v) return (v as { email: unknown }).email;
  if (v && typeof v === 'object' && 'number' in v) return (v as { number: unknown }).number;
  if (v && typeof v === 'object' && 'url' in v) return (v as { url: unknown }).url;
  return v;
}
