import { signal } from '@preact/signals';
import type { Candidate } from '../../capture/candidate.ts';
import type { CapturePort, ScanResult } from '../ports.ts';
import type { NewLeadModel } from './new-lead-model.ts';

const NOTHING_ON_PAGE = 'No contact found on this page. Type one below, or select text on the page and scan again.';

/** "This page": scans the active tab and fills the capture form from the chosen candidate. */
export function createCaptureModel(capture: CapturePort, form: NewLeadModel) {
  const candidates = signal<Candidate[]>([]);
  const chosen = signal(0);
  /** Candidates of this scan saved already: the picker says so, and offers the others. */
  const saved = signal<ReadonlySet<number>>(new Set());
  const scanning = signal(false);
  const error = signal('');
  const page = signal<{ url: string; title: string } | null>(null);
  /** A webmail site the user may allow Outpost to read (asked on first use, not at install). */
  const permission = signal<ScanResult['permission'] | null>(null);
  let message: ScanResult['message'] | null = null;
  /** The draft as the last capture filled it: a draft still equal to it holds nothing the user typed. */
  let filled = '';
  const untouched = () => { const now = JSON.stringify(form.draft.value); return now === filled || Object.values(form.draft.value).every((v) => !v); };
  const people = (cs: Candidate[]) => [...cs].sort((a, b) => (a.kind === b.kind ? b.confidence - a.confidence : a.kind === 'person' ? -1 : 1));
  return {
    candidates, chosen, saved, scanning, error, page, permission,
    /** The chosen candidate was saved (the form is empty again). */
    markSaved() { saved.value = new Set([...saved.value, chosen.value]); },
    choose(i: number) {
      const c = candidates.value[i];
      if (!c) return;
      chosen.value = i;
      form.fillFromCandidate(c, message);
      filled = JSON.stringify(form.draft.value);
    },
    untouched,
    show(res: ScanResult, nothing: string) {
      page.value = { url: res.url, title: res.title };
      permission.value = res.permission ?? null;
      message = res.message ?? null;
      candidates.value = people(res.candidates);
      chosen.value = 0;
      saved.value = new Set();
      error.value = res.error ?? (res.candidates.length ? '' : nothing);
      if (candidates.value.length) this.choose(0);
      // Nothing here: the previous page's contact must not stay on the card as if it were this
      // page's. What the user typed stays (a scan never throws their work away).
      else if (untouched()) { form.fill({}); filled = JSON.stringify(form.draft.value); }
    },
    /** Scans the active tab; `started` is a scan the page began before the models existed. */
    async scan(started?: Promise<ScanResult>) {
      scanning.value = true;
      error.value = '';
      try {
        const res = await (started ?? capture.scanActiveTab());
        this.show(res, NOTHING_ON_PAGE);
      } catch (e) {
        error.value = `Could not scan this page: ${(e as Error).message ?? String(e)}`;
      } finally {
        scanning.value = false;
      }
    },
    /** A file dropped on the panel or chosen with the file button. */
    async fromFile(file: { name: string; bytes: Uint8Array }) {
      scanning.value = true;
      error.value = '';
      try {
        this.show(await capture.fromFile(file.name, file.bytes), `No contact found in ${file.name}.`);
      } catch (e) {
        error.value = `Could not read ${file.name}: ${(e as Error).message ?? String(e)}`;
      } finally {
        scanning.value = false;
      }
    },
    /**
     * Rescans when the user moves to another tab or page, unless they are typing into the card
     * (their draft is theirs until saved). Returns the unsubscribe.
     */
    follow(): () => void {
      if (!capture.onPageChange) return () => {};
      return capture.onPageChange(() => { if (!scanning.value && untouched()) void this.rescan(); });
    },
    /**
     * A scan for a tab event: the same page as shown (a tab event for the panel itself, or a
     * reload) changes nothing, so a just-saved card keeps its "Lead saved".
     */
    async rescan() {
      scanning.value = true;
      try {
        const res = await capture.scanActiveTab();
        if (res.url && res.url === page.value?.url) return;
        if (!untouched()) return; // the user started typing while we scanned
        this.show(res, NOTHING_ON_PAGE);
      } catch (e) {
        error.value = `Could not scan this page: ${(e as Error).message ?? String(e)}`;
      } finally {
        scanning.value = false;
      }
    },
    /** The "Allow reading Gmail" button: asks the browser, then scans again. */
    async allow() {
      const p = permission.value;
      if (!p) return;
      if (await capture.requestPermission(p.origins)) { permission.value = null; await this.scan(); }
      else error.value = `Outpost was not allowed to read ${p.site}. You can still select text in the message and scan.`;
    },
  };
}
export type CaptureModel = ReturnType<typeof createCaptureModel>;
