import { computed, signal } from '@preact/signals';
import type { ColumnMapping, ImportAs, Target } from '../../domain/csv/index.ts';
import { MAX_IMPORT_BYTES, tooLarge } from '../../io/decode.ts';
import { FILE_GONE } from '../../bridge/protocol.ts';
import type { ImportFileMessage, ImportPreview, ImportProgress, ImportRunResult, ImportSettings, IoPort, PickedFile } from '../ports.ts';
import { batchId as newJobId, fieldErrors } from './errors.ts';
import type { UndoEntry, UndoModel } from './undo-model.ts';
import { countOf } from './export-model.ts';
import { targetsFor } from '../io/files.ts';
import { counted, groupDigits as n, qualified, ROWS, unitsOf, type Noun } from '../../domain/counted.ts';

export type DuplicateChoice = ImportSettings['duplicates'];
export type BatchDraft = { sourceId: string; statusId: string; ownerId: string; tags: string };
export type ImportStage = 'choose' | 'previewing' | 'preview' | 'importing' | 'done';

/** How often a page asks the engine how far a running import is. */
const PROGRESS_POLL_MS = 200;

// The count in words has one home (src/domain/counted.ts): the import's errors and the CLI say it too.
export { counted, ROWS, unitsOf, type Noun } from '../../domain/counted.ts';

/**
 * "CSV, UTF-8: 1 row — 1 new, 0 to update, 0 skipped, 0 invalid.": the preview's summary line,
 * its count in the file's own word (a vCard file holds cards, not rows).
 */
export function previewSummary(p: Pick<ImportPreview, 'format' | 'encoding' | 'counts'>): string {
  const c = p.counts;
  return `${p.format === 'vcard' ? 'vCard' : 'CSV'}, ${p.encoding}: ${counted(c.rows, unitsOf(p.format))} — ${n(c.create)} new, ${n(c.update)} to update, ${n(c.skip)} skipped, ${n(c.invalid)} invalid${c.warnings ? `, ${n(c.warnings)} with warnings` : ''}.`;
}

/** The box that leaves a file's invalid entries out: "Import the 1 valid card and leave these out". */
export function leaveOutLabel(writable: number, format: 'csv' | 'vcard'): string {
  const u = unitsOf(format);
  return `Import the ${counted(writable, qualified('valid', u))} and leave these out`;
}

/** "Checking rows: 1,500 of 10,000 — about 12 s left": what the progress bar says. */
export function progressText(p: ImportProgress | null, noun: Noun = ROWS): string {
  if (!p) return 'Starting…';
  if (p.phase === 'reading') return 'Reading the file…';
  if (p.phase === 'saving') return `Saving ${counted(p.total, noun)}…`;
  if (p.phase === 'done') return `Saved ${counted(p.total, noun)}`;
  const left = p.msLeft === null ? '' : p.msLeft < 1000 ? ' — less than a second left' : ` — about ${Math.round(p.msLeft / 1000)} s left`;
  return `Checking ${noun.many}: ${n(p.done)} of ${n(p.total)}${left}`;
}

/** How often a page asks how many imported rows the lists still lack, once an import has answered. */
export const LISTING_POLL_MS = 500;

/**
 * "Imported 10,000 leads — listing them: 3,500 of 10,000": an import answers once its rows are
 * saved, and the lists fill after (the engine's `indexing` count). `left`: the import's records
 * not listed yet; the figure never goes below 0 or above the import's.
 */
export function listingText(total: number, left: number, as: ImportAs): string {
  const listed = Math.min(total, Math.max(0, total - left));
  // One record is "it": "Imported 1 company — listing it" (never "listing them: 0 of 1").
  return total === 1 ? `Imported ${countOf(total, as)} — listing it` : `Imported ${countOf(total, as)} — listing them: ${n(listed)} of ${n(total)}`;
}

/** Batch-wide values the import sets on every row, as the engine expects them. */
export function batchOptions(d: BatchDraft): ImportSettings['batch'] {
  const tags = d.tags.split(',').map((t) => t.trim()).filter(Boolean);
  const b = { ...(d.sourceId ? { sourceId: d.sourceId } : {}), ...(d.statusId ? { statusId: d.statusId } : {}), ...(d.ownerId ? { ownerId: d.ownerId } : {}), ...(tags.length ? { tags } : {}) };
  return Object.keys(b).length ? b : undefined;
}

/** A column pointed at another field: the category/group guessed for the old target no longer apply. */
export function remap(mapping: ColumnMapping[], index: number, choice: string): ColumnMapping[] {
  return mapping.map((m) => {
    if (m.index !== index) return m;
    if (!choice) return { index: m.index, header: m.header, target: null };
    if (choice.startsWith('custom:')) return { index: m.index, header: m.header, target: 'custom', customId: choice.slice(7) };
    return { index: m.index, header: m.header, target: choice as Target };
  });
}

/**
 * The choice a mapping entry shows in its select ("" is "don't import"). A target the record type
 * doesn't take (a "status" column imported as people: only leads have one) is "Don't import", as
 * the import treats it; the select showed an empty box, a choice that is not among its options.
 */
export const mappingChoice = (m: ColumnMapping, as?: ImportAs) => {
  if (m.target === 'custom') return `custom:${m.customId}`;
  return m.target && (!as || targetsFor(as).includes(m.target)) ? m.target : '';
};

/**
 * The Import screen: a file, how to read it (record type, mapping, batch values, duplicates),
 * the engine's preview of it, the import with progress and cancel, and the undo of the batch.
 * Every change of a setting previews again, so what is imported is what was shown.
 */
export function createImportModel(io: IoPort, undoModel?: UndoModel) {
  const file = signal<PickedFile | null>(null);
  /** Why the file can't be imported at all: shown next to the file picker. */
  const fileError = signal('');
  const as = signal<ImportAs>('leads');
  const duplicates = signal<DuplicateChoice>('skip');
  const batch = signal<BatchDraft>({ sourceId: '', statusId: '', ownerId: '', tags: '' });
  const encoding = signal('');
  /** null until the first preview: the engine guesses it from the header. */
  const mapping = signal<ColumnMapping[] | null>(null);
  const preview = signal<ImportPreview | null>(null);
  const stage = signal<ImportStage>('choose');
  const progress = signal<ImportProgress | null>(null);
  const confirmInvalid = signal(false);
  const result = signal<(ImportRunResult & { as: ImportAs }) | null>(null);
  const error = signal('');
  const message = signal('');
  /** Rows of the last import the lists do not show yet (0: all listed, or nothing imported). */
  const unlisted = signal(0);
  /** Bumped when the screen starts over, so the file picker is emptied too. */
  const round = signal(0);
  const busy = computed(() => stage.value === 'previewing' || stage.value === 'importing');
  /** What the result says while the lists fill ("… listing them: 3,500 of 10,000"); '' once they have every row. */
  const listing = computed(() => {
    const r = result.value;
    return r && unlisted.value ? listingText(r.created + r.updated, unlisted.value, r.as) : '';
  });

  let content: Promise<string> | null = null;
  /** The engine keeps the file under this id once sent (src/bridge/io.ts): later calls name it. */
  let fileId = '';
  let sent = false;
  let undoEntry: UndoEntry | null = null;
  let job = '';
  let seq = 0;
  let disposed = false;

  const settings = (): ImportSettings => ({
    as: as.value, duplicates: duplicates.value, previewRows: 10,
    ...(mapping.value ? { mapping: mapping.value } : {}),
    ...(batchOptions(batch.value) ? { batch: batchOptions(batch.value) } : {}),
    ...(encoding.value ? { encoding: encoding.value } : {}),
  });

  /** Runs one engine call as a job: polls its progress, and drops the answer if a newer call started. */
  async function asJob<T>(call: (jobId: string) => Promise<T>): Promise<{ value?: T; error?: unknown; stale: boolean }> {
    const mine = ++seq;
    if (job) void io.cancel(job).catch(() => {});
    const jobId = newJobId();
    job = jobId;
    progress.value = null;
    const timer = setInterval(() => { void io.progress(jobId).then((p) => { if (p && job === jobId) progress.value = p; }, () => {}); }, PROGRESS_POLL_MS);
    try {
      return { value: await call(jobId), stale: mine !== seq };
    } catch (e) {
      return { error: e, stale: mine !== seq };
    } finally {
      clearInterval(timer);
      if (job === jobId) job = '';
    }
  }

  async function runPreview(): Promise<void> {
    const f = file.value;
    if (!f || !content) return;
    stage.value = 'previewing';
    error.value = '';
    const base64 = await content.catch((e: unknown) => { fileError.value = `This file can't be read: ${fieldErrors(e)[0].message}`; return null; });
    if (base64 === null) { stage.value = 'choose'; return; }
    const out = await asJob((jobId) => withFile(f.name, (file) => io.preview(jobId, file, settings())));
    if (out.stale) return;
    if (out.error) {
      const { message: m } = fieldErrors(out.error)[0];
      const code = (out.error as { code?: string }).code;
      preview.value = null;
      stage.value = 'choose';
      if (code === 'cancelled') message.value = 'Preview cancelled: nothing was imported.';
      else fileError.value = m;
      return;
    }
    preview.value = out.value!;
    mapping.value = out.value!.mapping;
    fileError.value = '';
    stage.value = 'preview';
  }

  /**
   * Sends the file once, then names it by id; an engine that let it go (`file-gone`: it restarted,
   * or a newer file took its place) is sent the bytes again, once.
   */
  async function withFile<T>(name: string, call: (file: ImportFileMessage) => Promise<T>): Promise<T> {
    if (sent) {
      try {
        return await call({ fileId });
      } catch (e) {
        if ((e as { code?: string }).code !== FILE_GONE) throw e;
      }
    }
    const base64 = await content!;
    await nextTask();
    const reply = call({ fileId, name, base64 });
    // Sent: a call made while this one runs names the file (the engine keeps it on arrival).
    sent = true;
    return reply;
  }

  const changed = (apply: () => void) => { apply(); confirmInvalid.value = false; void runPreview(); };

  return {
    file, fileError, round, as, duplicates, batch, encoding, mapping, preview, stage, progress, confirmInvalid, result, error, message, busy, unlisted, listing,
    /** A new file: refused at once if too big to read; otherwise read (off this thread) and previewed. */
    choose(f: PickedFile | null) {
      file.value = f;
      preview.value = null; mapping.value = null; result.value = null; unlisted.value = 0;
      fileError.value = ''; error.value = ''; message.value = ''; encoding.value = '';
      confirmInvalid.value = false;
      content = null;
      stage.value = 'choose';
      if (!f) return Promise.resolve();
      if (f.size > MAX_IMPORT_BYTES) { fileError.value = tooLarge(f.size).message; file.value = null; return Promise.resolve(); }
      content = f.base64();
      fileId = newJobId();
      sent = false;
      return runPreview();
    },
    setAs(v: ImportAs) { changed(() => { as.value = v; mapping.value = null; }); },
    setDuplicates(v: DuplicateChoice) { changed(() => { duplicates.value = v; }); },
    setBatch(patch: Partial<BatchDraft>) { changed(() => { batch.value = { ...batch.value, ...patch }; }); },
    setEncoding(v: string) { changed(() => { encoding.value = v; fileError.value = ''; }); },
    setMapping(index: number, choice: string) { changed(() => { mapping.value = remap(mapping.value ?? [], index, choice); }); },
    refresh: runPreview,
    /** Imports what the preview showed (planned again against the workspace as it is now). */
    async importNow(): Promise<boolean> {
      const f = file.value;
      const p = preview.value;
      if (!f || !p || !content || busy.value) return false;
      if (p.counts.invalid && !confirmInvalid.value) {
        error.value = `${counted(p.counts.invalid, unitsOf(p.format))} can't be imported (see the list above). Tick "${leaveOutLabel(p.counts.create + p.counts.update, p.format)}" to import the others, or fix the file.`;
        return false;
      }
      stage.value = 'importing';
      error.value = ''; message.value = '';
      const out = await asJob((jobId) => withFile(f.name, (file) => io.run(jobId, file, settings(), confirmInvalid.value)));
      if (out.error) {
        const code = (out.error as { code?: string }).code;
        stage.value = 'preview';
        if (code === 'cancelled') message.value = 'Import cancelled: nothing was imported.';
        else error.value = fieldErrors(out.error)[0].message;
        return false;
      }
      const done = { ...out.value!, as: as.value };
      result.value = done;
      stage.value = 'done';
      // Also on the dashboard's undo list (Ctrl+Z), for as long as this result is the last import.
      undoEntry = { label: `Imported ${countOf(done.created + done.updated, done.as)}`, undo: async () => { if (result.value === done) await undo(); else await io.undoBatch(done.batchId); } };
      undoModel?.push(undoEntry);
      void followListing(done);
      return true;
    },
    /** Stops a preview or an import still checking rows; the engine writes nothing after a cancel. */
    async cancel() {
      if (job) await io.cancel(job).catch(() => {});
    },
    undo,
    /** Another file: back to the start, keeping the choices. */
    again() { round.value++; result.value = null; unlisted.value = 0; file.value = null; preview.value = null; mapping.value = null; content = null; stage.value = 'choose'; message.value = ''; },
    dispose() { if (job) void io.cancel(job).catch(() => {}); seq++; disposed = true; },
  };

  /**
   * Asks how many rows the lists still lack until none, or until this result is gone (undone,
   * another file). A failed ask ends it quietly: the lists fill all the same, the count only
   * says how far.
   */
  async function followListing(done: ImportRunResult): Promise<void> {
    const total = done.created + done.updated;
    // The engine counts read-model rows (a record, its history…), not records: how far the
    // lists are is the share of the first count written since, in the import's own records.
    let first = 0;
    let most = total;
    for (;;) {
      let left = 0;
      try { left = await io.indexing(); } catch { left = 0; }
      if (result.value !== done || disposed) return;
      first ||= left;
      // Never counts back: a backlog grown by other writes meanwhile is not this import going backwards.
      most = Math.min(most, first ? Math.round((total * left) / first) : 0);
      unlisted.value = most;
      left = most;
      if (!left) return;
      await new Promise((r) => setTimeout(r, LISTING_POLL_MS));
    }
  }

  /** Removes what the import created and puts back what it updated. */
  async function undo(): Promise<boolean> {
    const r = result.value;
    if (!r) return false;
    try {
      await io.undoBatch(r.batchId);
    } catch (e) {
      error.value = `Could not undo the import: ${fieldErrors(e)[0].message}`;
      return false;
    }
    // Undone here: Ctrl+Z must not undo it a second time.
    if (undoModel && undoEntry) undoModel.entries.value = undoModel.entries.value.filter((e) => e !== undoEntry);
    unlisted.value = 0;
    message.value = `Import undone: ${r.created} removed${r.updated ? `, ${r.updated} restored to what they were` : ''}.`;
    result.value = null;
    round.value++;
    file.value = null; preview.value = null; mapping.value = null; content = null;
    stage.value = 'choose';
    return true;
  }
}
export type ImportModel = ReturnType<typeof createImportModel>;

/**
 * Lets the task that changed the stage (and so re-rendered the screen) end before the file goes
 * to the engine: the first message carries the whole file as text (~1.4 MB for 10,000 rows), and
 * serialising it in the same task as the render went over 50 ms of the thread every extension
 * page shares (test/e2e/responsive.test.ts).
 */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
