import type { ImportAs } from '../domain/csv/index.ts';
import type { Repository } from '../store/repository.ts';
import {
  backupWorkspaceStreamed, exportCsv, exportVcard, previewImport, restoreWorkspace, runImport, selectRecords,
  type ImportOptions, type ImportPreview, type ImportProgress, type ImportResult, type RestoreResult,
} from '../io/index.ts';
import type { CheckedFile, ExistingRecords } from '../io/import.ts';
import type { WorkspaceDocs } from '../store/docs.ts';
import { FILE_GONE, type ExportRequest, type ImportFileMessage, type ImportSettings } from './protocol.ts';

/**
 * The engine side of the dashboard's Import and Export screens: thin adapters from bridge
 * messages to src/io, plus the running jobs (progress to poll, an AbortController to cancel).
 */

type Job = { progress: ImportProgress; abort: AbortController };
const jobs = new Map<string, Job>();

/** What a page sees of an import while it runs; `null` once the job has ended (or never ran). */
export function importProgress(jobId: string): ImportProgress | null {
  return jobs.get(jobId)?.progress ?? null;
}

/** Cancel is heard between slices of rows, while checking and while saving; what was saved is undone (io/import.ts commitPlan). */
export function cancelImport(jobId: string): boolean {
  const job = jobs.get(jobId);
  job?.abort.abort();
  return !!job;
}

async function withJob<T>(jobId: string, run: (opts: Pick<ImportOptions, 'onProgress' | 'signal'>) => Promise<T>): Promise<T> {
  const job: Job = { progress: { phase: 'reading', done: 0, total: 0, msLeft: null }, abort: new AbortController() };
  jobs.get(jobId)?.abort.abort();
  jobs.set(jobId, job);
  try {
    return await run({ onProgress: (p) => { job.progress = p; }, signal: job.abort.signal });
  } finally {
    if (jobs.get(jobId) === job) jobs.delete(jobId);
  }
}

/**
 * The files pages are importing, kept by the page's `fileId` so that a file crosses the bridge
 * once: the previews after it (a mapping or a setting changed) and the import name it by id. A
 * 10,000-row file is 1.4 MB of message text that a page would otherwise serialise on the thread
 * every extension page shares, at each change. Bounded: the newest FILES_KEPT files, each let go
 * after FILE_IDLE_MS without use and once its import has saved; a page asking for a file let go
 * gets `file-gone` and sends it again.
 */
const FILES_KEPT = 2;
const FILE_IDLE_MS = 30 * 60_000;
/** `checked`: the rows as its last preview checked them, which the import takes when nothing they depend on changed. */
type KeptFile = { name: string; bytes: Uint8Array; timer: ReturnType<typeof setTimeout>; checked?: CheckedFile };
const files = new Map<string, KeptFile>();

export function forgetImportFile(fileId: string): void {
  const kept = files.get(fileId);
  if (!kept) return;
  clearTimeout(kept.timer);
  files.delete(fileId);
}

/** Lets go of every kept file (tests: an engine that restarted). */
export function forgetImportFiles(): void {
  for (const id of [...files.keys()]) forgetImportFile(id);
}

function keep(fileId: string, name: string, bytes: Uint8Array, checked?: CheckedFile): KeptFile {
  forgetImportFile(fileId);
  // Map order is insertion order: the first entries are the least recently used.
  while (files.size >= FILES_KEPT) forgetImportFile(files.keys().next().value!);
  const kept: KeptFile = { name, bytes, timer: setTimeout(() => forgetImportFile(fileId), FILE_IDLE_MS), checked };
  files.set(fileId, kept);
  return kept;
}

/**
 * The file a message carries or names; a named file is kept again as the most recently used.
 * `kept` is its entry when the page gave it an id (bytes sent again start with no check).
 */
export function importFile(file: ImportFileMessage): { name: string; bytes: Uint8Array; kept?: KeptFile } {
  if ('base64' in file) {
    const bytes = fileBytes(file);
    return { name: file.name, bytes, kept: file.fileId ? keep(file.fileId, file.name, bytes) : undefined };
  }
  const kept = files.get(file.fileId);
  if (!kept) throw Object.assign(new Error('Outpost no longer holds this file (it restarted, or another file took its place): it has to be sent again.'), { code: FILE_GONE });
  return { name: kept.name, bytes: kept.bytes, kept: keep(file.fileId, kept.name, kept.bytes, kept.checked) };
}

/** A kept file's check, offered to the plan and replaced by the one the plan used. */
const sharedCheck = (kept: KeptFile | undefined): Pick<ImportOptions, 'checked' | 'onChecked'> =>
  kept ? { checked: kept.checked, onChecked: (c) => { kept.checked = c; } } : {};

/**
 * The engine's Chromium has `Uint8Array.fromBase64` (native: the loop below took ~140 ms of the
 * Worker's thread there for a 1.4 MB file); elsewhere (Node 20, older browsers) a plain loop over
 * `atob`: Uint8Array.from(string, fn) goes through the iterator, seconds for 25 MB. Text that is
 * not base64 (a page's bug: pages encode the file themselves) is refused with one clear error
 * either way.
 */
const Native = Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array };
export function fileBytes(file: { base64: string }): Uint8Array {
  try {
    if (Native.fromBase64) return Native.fromBase64(file.base64);
    const binary = atob(file.base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    throw Object.assign(new Error('The file did not reach Outpost whole (its text is not base64): choose it again.'), { code: 'bad-request' });
  }
}

function options(s: ImportSettings): ImportOptions {
  return { ...s, as: s.as as ImportAs } as ImportOptions;
}

/** Plans the whole file (every row checked, nothing written) and returns the preview. */
export function importPreview(repo: Repository, jobId: string, file: ImportFileMessage, settings: ImportSettings, existing?: ExistingRecords): Promise<ImportPreview> {
  return withJob(jobId, (o) => {
    const { bytes, kept } = importFile(file);
    return previewImport(repo, bytes, { ...options(settings), ...o, existing, ...sharedCheck(kept) });
  });
}

/**
 * Plans again against the workspace as it is now (a teammate may have added a duplicate), then
 * writes one batch. The rows are not checked again when the preview of the same file checked
 * them with the same settings and config (io/import.ts `checkKey`).
 */
export function importRun(repo: Repository, jobId: string, file: ImportFileMessage, settings: ImportSettings, confirmInvalid: boolean, existing?: ExistingRecords): Promise<Omit<ImportResult, 'invalid'> & { invalid: number }> {
  return withJob(jobId, async (o) => {
    const { name, bytes, kept } = importFile(file);
    const { plan: _plan, ...result } = await runImport(repo, bytes, { ...options(settings), ...o, confirmInvalid, existing, fileName: name, ...sharedCheck(kept) });
    // Saved: this file is not imported again (the page starts over with a new file).
    if (file.fileId) forgetImportFile(file.fileId);
    // The invalid rows were shown by the preview: the count is enough here.
    return { ...result, invalid: result.invalid.length };
  });
}

export function exportRecords(repo: Repository, req: ExportRequest): { text: string; count: number } {
  const type = req.type;
  const filter = req.ids ? { ids: req.ids } : {};
  const count = selectRecords(repo, type, filter).length;
  if (req.format === 'csv') return { text: exportCsv(repo, type, filter, { provenance: req.provenance }), count };
  if (type !== 'leads' && type !== 'people') throw Object.assign(new Error(`vCard export is for people and leads: export ${type} as CSV.`), { code: 'bad-request' });
  return { text: exportVcard(repo, type, filter), count };
}

/** Streamed shard by shard: a backup of a large workspace never holds every shard in memory. */
export async function backupText(docs: WorkspaceDocs, workspaceId: string): Promise<string> {
  return JSON.stringify(await backupWorkspaceStreamed(docs, { workspaceId }));
}

export function restoreBackup(repo: Repository, text: string, merge: boolean): RestoreResult {
  return restoreWorkspace(repo, text, { merge });
}
