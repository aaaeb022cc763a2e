import {
  checkDraft, draftFromRow, guessMapping, importProvenance, mapsNothing, resolveRefs, type BatchOptions, type ColumnMapping, type Fields,
  type ImportAs, type Lookups,
} from '../domain/csv/index.ts';
import { allDocKeys, shardOf, type DocKey } from '../domain/routing.ts';
import { companyKey, newId, displayName, parseCreate } from '../domain/index.ts';
import { importMaker, ownedByMaker } from '../domain/ownership.ts';
import { profileOf } from '../domain/lifecycle/dedupe.ts';
import { createRules } from '../store/lifecycle/rules.ts';
import { readConfig } from '../store/config-store.ts';
import { recordKey } from '../store/layout.ts';
import type { Repository } from '../store/repository.ts';
import { undoBatch } from '../store/undo.ts';
import { counted, groupDigits, qualified, unitsOf } from '../domain/counted.ts';
import { cancelled, ImportError, type RowProblem } from './errors.ts';
import { readTable, type ReadOptions, type Table } from './table.ts';

export type DuplicatePolicy = 'skip' | 'update' | 'create';

/**
 * The workspace's live records of a type, as the duplicate check and a person's company lookup
 * read them. The engine passes the read model (src/store/queries.ts `liveRecords`): reading the
 * docs instead (`repo.list`, the default for in-memory docs) loads every record shard, the whole
 * workspace, once per preview and once per import.
 */
export type ExistingRecords = (type: ImportAs) => Promise<Fields[]> | Fields[];

export type ImportOptions = ReadOptions & {
  as?: ImportAs;
  /** The user's edited mapping; guessed from the header when absent. */
  mapping?: ColumnMapping[];
  /** What to do with a row whose email (a company's name) is already in the workspace. Default skip. */
  duplicates?: DuplicatePolicy;
  batch?: BatchOptions;
  /** How many planned rows the preview shows. */
  previewRows?: number;
  /** The user saw the invalid rows and wants the valid ones imported. */
  confirmInvalid?: boolean;
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
  /** Where existing records are read from; default `repo.list` (docs in memory). */
  existing?: ExistingRecords;
  /** The imported file's name: each value's provenance names it (and its column). */
  fileName?: string;
  /** The check of this file made for its preview: used when the settings and config are the same (`checkKey`). */
  checked?: CheckedFile;
  /** Hands the check made (or reused) to the caller, who may keep it for the import. */
  onChecked?: (checked: CheckedFile) => void;
};

export type ImportProgress = { phase: 'reading' | 'checking' | 'saving' | 'done'; done: number; total: number; msLeft: number | null };

/** What happens to one valid row. `recordId` is the record created (id made now) or updated. */
export type PlannedRow = {
  line: number;
  action: 'create' | 'update' | 'skip';
  recordId: string;
  fields: Fields;
  warnings: string[];
  /** For update/skip: the record or earlier line with the same email. */
  duplicateOf?: { id?: string; line?: number; name: string };
  /** People: a company created by this import for the row's company name. */
  newCompany?: { id: string; name: string };
};

export type ImportPlan = {
  as: ImportAs;
  format: Table['format'];
  encoding: string;
  delimiter?: string;
  headers: string[];
  mapping: ColumnMapping[];
  /** The file's name, for provenance. */
  file?: string;
  ignoredColumns: string[];
  /** A report's footer after the rows ("Total", "Confidential Information …"): read, not imported. */
  footer?: Table['footer'];
  rows: PlannedRow[];
  invalid: RowProblem[];
  newCompanies: { id: string; name: string }[];
  counts: { rows: number; create: number; update: number; skip: number; invalid: number; warnings: number };
};

export type ImportPreview = Omit<ImportPlan, 'rows'> & { sample: PlannedRow[] };

export type ImportResult = {
  batchId: string;
  created: number;
  updated: number;
  skipped: number;
  invalid: RowProblem[];
  createdIds: string[];
  updatedIds: string[];
  ms: number;
};

const SLICE = 500;
/** Rows a column's values are read from when its header leaves its field open (a "Country Code" of "DE" or "+49"): enough to see a file's kind of value, few enough to cost nothing. */
const VALUE_SAMPLE = 1000;
const tick = () => new Promise<void>((r) => setTimeout(r, 0));

/** The preview the import dialog shows: the first rows as they will be saved, every invalid row. */
export async function previewImport(repo: Repository, input: Uint8Array | string, opts: ImportOptions = {}): Promise<ImportPreview> {
  const plan = await planImport(repo, input, opts);
  const { rows, ...rest } = plan;
  return { ...rest, sample: rows.slice(0, opts.previewRows ?? 20) };
}

/**
 * A file's rows read, mapped and checked against the workspace's names: the part of a plan that
 * depends on the file, the settings and the config only, so a preview and the import that
 * follows it share it (`ImportOptions.checked`) instead of checking 10,000 rows twice. Which rows
 * are duplicates is decided again at each plan: the workspace may have changed in between.
 */
export type CheckedFile = {
  /** What the check read besides the file's bytes (`checkKey`): reused only while it is the same. */
  key: string;
  format: Table['format'];
  encoding: string;
  delimiter?: string;
  headers: string[];
  mapping: ColumnMapping[];
  rows: CheckedRow[];
  /** Rows that could not be read or failed the check, in file order. */
  invalid: RowProblem[];
  /** Rows in the file, blank ones left out. */
  total: number;
  /** A report's footer lines after the rows (table.ts): shown, not imported, not errors. */
  footer?: Table['footer'];
};

/** One valid row as checked; `fields` is never changed by a plan (a plan copies it). */
type CheckedRow = { line: number; fields: Fields; warnings: string[]; company?: string; dupeKeys: string[] };

/**
 * What a check depends on besides the file's bytes: the settings that change a row (type,
 * mapping, batch values, how the file is read) and the config names rows are resolved against.
 */
export function checkKey(repo: Repository, opts: ImportOptions): string {
  const config = readConfig(repo.docs.config);
  return JSON.stringify([
    opts.as ?? 'leads', opts.mapping ?? null, opts.batch ?? null, opts.encoding ?? null, opts.delimiter ?? null, opts.maxBytes ?? null, opts.maxRows ?? null,
    config.sources, config.leadStatuses, config.members, config.customFields, config.settings.defaultLeadStatusId,
  ]);
}

/**
 * Reads, maps and checks every row against the workspace's config; writes nothing and decides
 * nothing about duplicates. Yields every few hundred rows so progress shows and cancel is heard.
 */
export async function checkImport(repo: Repository, input: Uint8Array | string, opts: ImportOptions = {}): Promise<CheckedFile> {
  const as = opts.as ?? 'leads';
  const started = Date.now();
  const key = checkKey(repo, opts);
  opts.onProgress?.({ phase: 'reading', done: 0, total: 0, msLeft: null });
  const table = readTable(input, opts);
  if (opts.signal?.aborted) throw cancelled();
  const config = readConfig(repo.docs.config);
  const lookups: Lookups = { sources: config.sources, leadStatuses: config.leadStatuses, members: config.members, customFields: config.customFields };
  const mapping = opts.mapping ?? guessMapping(table.headers, as, config.customFields, {
    rows: table.rows.slice(0, VALUE_SAMPLE).map((r) => r.cells), defaultCurrency: config.settings.defaultCurrency,
  });
  if (mapsNothing(mapping)) {
    throw new ImportError('unmapped', `None of the columns could be matched to ${as} fields (columns: ${table.headers.slice(0, 8).map((h) => `"${h}"`).join(', ')}${table.headers.length > 8 ? '…' : ''}). Choose the fields by hand, or check that the first line is the header.`);
  }
  if (table.rows.length === 0 && table.problems.length === 0) throw new ImportError('no-rows', 'The file has a header but no rows to import.');
  const checked: CheckedFile = {
    key, format: table.format, encoding: table.encoding, delimiter: table.delimiter, headers: table.headers, mapping,
    rows: [], invalid: [...table.problems], total: table.rows.length + table.problems.length, ...(table.footer ? { footer: table.footer } : {}),
  };
  for (let i = 0; i < table.rows.length; i++) {
    if (i % SLICE === 0 && i > 0) {
      await tick();
      if (opts.signal?.aborted) throw cancelled();
      const elapsed = Date.now() - started;
      opts.onProgress?.({ phase: 'checking', done: i, total: table.rows.length, msLeft: Math.round((elapsed / i) * (table.rows.length - i)) });
    }
    const { line, cells } = table.rows[i];
    const draft = draftFromRow(cells, mapping, as, config.customFields);
    if (draft.blank) { checked.total--; continue; }
    resolveRefs(draft, as, lookups, opts.batch);
    const result = checkDraft(as, draft, config.customFields);
    if (!result.ok) { checked.invalid.push({ line, reason: result.reason }); continue; }
    // As it will be saved: the store gives a lead without a status the workspace's default.
    if (as === 'leads' && result.fields.statusId === undefined) result.fields.statusId = config.settings.defaultLeadStatusId;
    checked.rows.push({ line, fields: result.fields, warnings: draft.warnings, ...(draft.refs.company ? { company: draft.refs.company } : {}), dupeKeys: duplicateKeys(as, result.fields) });
  }
  if (opts.signal?.aborted) throw cancelled();
  checked.invalid.sort((a, b) => a.line - b.line);
  return checked;
}

/**
 * Reads, maps and checks every row (or takes the check of the same file and settings from
 * `opts.checked`), and decides create/update/skip per row against the workspace as it is now;
 * writes nothing.
 */
export async function planImport(repo: Repository, input: Uint8Array | string, opts: ImportOptions = {}): Promise<ImportPlan> {
  const as = opts.as ?? 'leads';
  const checked = opts.checked?.key === checkKey(repo, opts) ? opts.checked : await checkImport(repo, input, opts);
  opts.onChecked?.(checked);
  const existing = opts.existing ?? ((type: ImportAs) => repo.list(type) as Fields[]);
  const dupes = new Duplicates(as, await existing(as));
  const companies = as === 'people' ? new CompanyNames(await existing('companies')) : null;
  if (opts.signal?.aborted) throw cancelled();
  const { mapping } = checked;
  const plan: ImportPlan = {
    as, format: checked.format, encoding: checked.encoding, delimiter: checked.delimiter, headers: checked.headers, mapping, ...(opts.fileName ? { file: opts.fileName } : {}),
    ignoredColumns: mapping.filter((m) => m.target === null && m.header).map((m) => m.header),
    ...(checked.footer ? { footer: checked.footer } : {}),
    rows: [], invalid: checked.invalid, newCompanies: [],
    counts: { rows: checked.total, create: 0, update: 0, skip: 0, invalid: 0, warnings: 0 },
  };
  const policy = opts.duplicates ?? 'skip';
  // New records are their maker's (domain/ownership.ts): a row's named owner, else the importer.
  const maker = importMaker(readConfig(repo.docs.config).members, repo.actor.memberId);
  for (const c of checked.rows) {
    const row: PlannedRow = { line: c.line, action: 'create', recordId: newId(), fields: { ...c.fields }, warnings: c.warnings };
    if (companies && c.company) {
      const company = companies.resolve(c.company);
      row.fields.companyId = company.id;
      if (company.created) { row.newCompany = { id: company.id, name: company.name }; plan.newCompanies.push(row.newCompany); }
    }
    const dup = dupes.find(c.dupeKeys);
    if (dup && policy !== 'create') {
      row.duplicateOf = dup;
      if (policy === 'skip' || dup.line !== undefined) row.action = 'skip';
      else { row.action = 'update'; row.recordId = dup.id!; }
    }
    // An update keeps the record's owner unless the row names one.
    if (row.action === 'create') row.fields = ownedByMaker(as, row.fields, maker);
    dupes.add(c.dupeKeys, row);
    plan.rows.push(row);
  }
  for (const r of plan.rows) {
    plan.counts[r.action]++;
    if (r.warnings.length) plan.counts.warnings++;
  }
  plan.counts.invalid = plan.invalid.length;
  return plan;
}

/**
 * Imports a file: plan, refuse if rows are invalid and the user hasn't confirmed the valid part,
 * then write every row as one batch (so `undoBatch` undoes it), in slices: see `commitPlan`.
 */
export async function runImport(repo: Repository, input: Uint8Array | string, opts: ImportOptions = {}): Promise<ImportResult & { plan: ImportPlan }> {
  const started = Date.now();
  const plan = await planImport(repo, input, opts);
  const result = await commitPlan(repo, plan, opts);
  return { ...result, plan, ms: Date.now() - started };
}

/**
 * Rows written per step (one Yjs transaction per shard the step touches). The engine's thread
 * must stay free to answer other calls (a page's edit, progress, cancel) during a 10,000-row
 * import. (The read model's writes of an import are cut the same way, 500 rows each, by the
 * projector: a whole import in one change notice was a 120–300 ms task in the side panel, issue 10.)
 */
export const WRITE_SLICE = 500;

/**
 * Writes a plan (from `planImport`, shown to the user) as one batch, a slice at a time, with
 * progress between slices. Cancel is heard between slices; a cancel or a failure half-way
 * undoes what the batch wrote so far (created records go to the trash), so an import is all or
 * nothing for the user.
 */
export async function commitPlan(repo: Repository, plan: ImportPlan, opts: Pick<ImportOptions, 'confirmInvalid' | 'signal' | 'onProgress'> = {}): Promise<ImportResult> {
  const started = Date.now();
  const writable = plan.counts.create + plan.counts.update;
  const units = unitsOf(plan.format);
  if (plan.invalid.length && !opts.confirmInvalid) {
    const first = plan.invalid.slice(0, 3).map((p) => `line ${p.line}: ${p.reason}`).join('\n  ');
    throw new ImportError('invalid-rows', `${groupDigits(plan.invalid.length)} of ${counted(plan.counts.rows, units)} can't be imported, so nothing was imported:\n  ${first}${plan.invalid.length > 3 ? `\n  … and ${groupDigits(plan.invalid.length - 3)} more` : ''}\nFix the file, or confirm to import the ${counted(writable, qualified('valid', units))}.`);
  }
  if (writable === 0) {
    throw new ImportError('nothing-to-import', plan.counts.skip ? plan.counts.skip === 1 ? `Nothing to import: its one ${units.one} is already in the workspace (duplicates were set to skip).` : `Nothing to import: all ${counted(plan.counts.skip, units)} are already in the workspace (duplicates were set to skip).` : `Nothing to import: no valid ${units.many}.`);
  }
  if (opts.signal?.aborted) throw cancelled();
  repo.assertCanWrite();
  opts.onProgress?.({ phase: 'saving', done: 0, total: writable, msLeft: null });
  const batchId = newId();
  const result: ImportResult = { batchId, created: 0, updated: 0, skipped: plan.counts.skip, invalid: plan.invalid, createdIds: [], updatedIds: [], ms: 0 };
  const used = new Set(plan.rows.filter((r) => r.action !== 'skip').map((r) => r.fields.companyId));
  const companies = plan.newCompanies.filter((c) => used.has(c.id));
  const maker = importMaker(readConfig(repo.docs.config).members, repo.actor.memberId);
  checkRulesOnce(repo, plan, new Set(companies.map((c) => c.id)));
  const inFileOrder = plan.rows.filter((r) => r.action !== 'skip');
  const rows = byShard(inFileOrder);
  // Created records have ids made by the plan: written without loading their shards (as a
  // create is). Only the records a row updates are read, so only their shards are loaded.
  const updated = [...new Set(rows.filter((r) => r.action === 'update').map((r) => recordKey(r.recordId)))];
  let written = 0;
  const missing = new Set<PlannedRow>();
  try {
    const origin = importProvenance(plan.mapping, plan.as, plan.format, plan.file);
    await repo.docs.withLoaded(updated, async () => {
      // New companies first: a person's row names its company by id.
      if (companies.length) repo.createFresh('companies', companies.map((c) => ({ id: c.id, fields: parseCreate('companies', ownedByMaker('companies', { name: c.name }, maker)) })), { batchId });
      for (let i = 0; i < rows.length; i += WRITE_SLICE) {
        if (i > 0) {
          await tick();
          if (opts.signal?.aborted) throw cancelledWhileSaving(written);
          const elapsed = Date.now() - started;
          opts.onProgress?.({ phase: 'saving', done: i, total: writable, msLeft: Math.round((elapsed / i) * (writable - i)) });
        }
        const slice = rows.slice(i, i + WRITE_SLICE);
        const creates = slice.filter((r) => r.action === 'create').map((r) => ({ id: r.recordId, fields: r.fields }));
        // One Yjs transaction per shard for the slice's new records (and one per activity shard for their history).
        repo.createFresh(plan.as, creates, { batchId, origin });
        for (const row of slice) {
          if (row.action !== 'update') continue;
          const current = repo.get(plan.as, row.recordId) as Fields | undefined;
          if (!current) { missing.add(row); continue; } // deleted by a teammate since the plan: nothing to update
          repo.update(plan.as, row.recordId, mergePatch(current, row.fields), { batchId, provenance: origin });
        }
        written += slice.length;
      }
    });
    // In the file's order, as the plan listed them.
    for (const row of inFileOrder) {
      if (row.action === 'create') { result.created++; result.createdIds.push(row.recordId); }
      else if (!missing.has(row)) { result.updated++; result.updatedIds.push(row.recordId); }
    }
  } catch (error) {
    // Every row's id, not only those counted as written: a slice that failed half-way wrote some.
    await undoWritten(repo, batchId, [...companies.map((c) => c.id), ...rows.map((r) => r.recordId)]);
    throw error;
  }
  result.ms = Date.now() - started;
  opts.onProgress?.({ phase: 'done', done: writable, total: writable, msLeft: 0 });
  return result;
}

/**
 * Undoes what a failed or cancelled import wrote. The batch's history is in the activity shards
 * and its records in their record shards, none of which the import loaded: they are loaded for
 * the undo here, so it never fails half-way for want of a shard.
 */
async function undoWritten(repo: Repository, batchId: string, ids: string[]): Promise<void> {
  const keys: DocKey[] = [...allDocKeys().filter((k) => k.startsWith('activities/')), ...new Set(ids.map(recordKey))];
  await repo.docs.withLoaded(keys, () => { undoBatch(repo, batchId); });
}

/**
 * Rows by the shard of their record (stable: file order within a shard). A slice of rows in file
 * order touches nearly every shard (10,000 rows over 256), so each shard got one Yjs transaction
 * and one stored update per slice, for its records and again for their history; in shard order
 * a shard's rows are written by one slice, or two: ~500 updates for an import instead of ~10,000,
 * and as many IndexedDB puts.
 */
function byShard(rows: PlannedRow[]): PlannedRow[] {
  const keyed = rows.map((row, i) => ({ row, i, shard: shardOf(row.recordId) }));
  keyed.sort((a, b) => a.shard - b.shard || a.i - b.i);
  return keyed.map((k) => k.row);
}

function cancelledWhileSaving(written: number): ImportError {
  return new ImportError('cancelled', `Import cancelled: the ${written} rows saved before you cancelled were undone (created records are in the trash), so nothing was imported.`);
}

const LISTS: Record<string, string> = { emails: 'email', phones: 'number', websites: 'url', socials: 'url' };

/** An update from a row: its values replace the record's, lists are merged (nothing is lost). */
export function mergePatch(current: Fields, fields: Fields): Fields {
  const patch: Fields = {};
  for (const [k, v] of Object.entries(fields)) {
    if (k === 'name' || k === 'address') patch[k] = { ...(current[k] as Fields | undefined), ...(v as Fields) };
    else if (k in LISTS) {
      const key = LISTS[k];
      const have = (current[k] as Fields[] | undefined) ?? [];
      const seen = new Set(have.map((e) => String(e[key]).toLowerCase()));
      patch[k] = [...have, ...(v as Fields[]).filter((e) => !seen.has(String(e[key]).toLowerCase()))];
    } else if (k === 'tags') {
      const have = (current.tags as string[] | undefined) ?? [];
      const seen = new Set(have.map((t) => t.toLowerCase()));
      patch.tags = [...have, ...(v as string[]).filter((t) => !seen.has(t.toLowerCase()))];
    } else if (k === 'custom') patch.custom = v;
    else patch[k] = v;
  }
  return patch;
}

/**
 * The repository's create rules (active status and source, live company…) for each distinct
 * set of references in the plan, not for each row: 10,000 rows usually share a handful. The
 * rows themselves were validated against the schema by the plan.
 */
function checkRulesOnce(repo: Repository, plan: ImportPlan, newCompanyIds: Set<string>): void {
  const seen = new Set<string>();
  for (const row of plan.rows) {
    if (row.action !== 'create') continue;
    const f = row.fields;
    const key = `${f.statusId}|${f.sourceId}|${f.contactTypeId}|${f.companyId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const probe = { ...f };
    if (typeof probe.companyId === 'string' && newCompanyIds.has(probe.companyId)) delete probe.companyId;
    createRules(repo, plan.as, probe);
  }
}

/**
 * Duplicates in the workspace and earlier in the same file, by the duplicate matcher's strong
 * keys (src/domain/lifecycle/dedupe.ts, from identity): any email, phone or social profile of a
 * lead or person; a company's name key ("Acme Inc." = "Acme") or email domain.
 */
class Duplicates {
  private existing = new Map<string, { id: string; name: string }>();
  private inFile = new Map<string, PlannedRow>();
  constructor(as: ImportAs, records: Fields[]) {
    for (const r of records) for (const k of duplicateKeys(as, r)) if (!this.existing.has(k)) this.existing.set(k, { id: r.id as string, name: displayName(r) });
  }
  find(keys: string[]): PlannedRow['duplicateOf'] {
    for (const k of keys) {
      const e = this.existing.get(k);
      if (e) return e;
      const f = this.inFile.get(k);
      if (f) return { line: f.line, name: displayName(f.fields) };
    }
    return undefined;
  }
  add(keys: string[], row: PlannedRow) {
    for (const k of keys) if (!this.inFile.has(k)) this.inFile.set(k, row);
  }
}

/** A record's or row's duplicate keys: computed once per row (phone keys parse every number). */
function duplicateKeys(as: ImportAs, r: Fields): string[] {
  const p = profileOf(as, r);
  if (as === 'companies') return [...(p.companyName ? [`cn:${p.companyName}`] : []), ...p.domains.map((d) => `d:${d}`)];
  return [...p.emails.map((e) => `e:${e}`), ...p.phones.map((x) => `p:${x}`), ...p.socials.map((x) => `s:${x}`)];
}

/** A person's company, found by name among live companies (identity's company key), else created once by this import. */
class CompanyNames {
  private byName = new Map<string, { id: string; name: string; created: boolean }>();
  constructor(companies: Fields[]) {
    for (const c of companies) { const k = companyKey(c.name as string); if (k && !this.byName.has(k)) this.byName.set(k, { id: c.id as string, name: c.name as string, created: false }); }
  }
  /** By the company key: "Acme Inc." in the file is the workspace's "Acme". */
  resolve(name: string): { id: string; name: string; created: boolean } {
    const key = companyKey(name) ?? name.trim().toLowerCase();
    const found = this.byName.get(key);
    if (found) return { ...found, created: false };
    const c = { id: newId(), name: name.trim(), created: true };
    this.byName.set(key, { ...c, created: false });
    return c;
  }
}
