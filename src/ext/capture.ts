import { browser } from 'wxt/browser';
import { validCandidates } from '../capture/candidate.ts';
import type { CapturePort, ScanResult } from '../ui/ports.ts';
import { scanPage, type PageScan } from './page-scan.ts';

/** A dropped file bigger than this is not a contact card or a message: refuse it with a reason. */
export const MAX_CAPTURE_FILE = 10 * 1024 * 1024;

/**
 * What an extraction answered (a scanned page's script, or this device's file extractors), as
 * the UI may show it: each candidate checked against the schema on its own, a bad one dropped
 * and the others kept (`validCandidates`). The one rule for every capture path.
 */
export function scanned(scan: PageScan): ScanResult {
  const { answer, ...rest } = scan;
  if (scan.error) return { ...rest, candidates: [] };
  const candidates = validCandidates(answer ?? []);
  if (!candidates) return { ...rest, candidates: [], error: 'This page answered with something that is not a contact.' };
  return { ...rest, candidates };
}

/**
 * The capture port: scans the tab (`scanPage`), reads dropped files, asks for permissions.
 * The page is untrusted: its answer is checked with the candidate schema before the UI sees it.
 */
export const capturePort: CapturePort = {
  async scanActiveTab(): Promise<ScanResult> {
    return scanned(await scanPage());
  },

  async fromFile(name, bytes) {
    const base = { url: '', title: name };
    if (bytes.byteLength === 0) return { ...base, candidates: [], error: `${name} is empty.` };
    if (bytes.byteLength > MAX_CAPTURE_FILE) return { ...base, candidates: [], error: `${name} is ${Math.round(bytes.byteLength / 1048576)} MB: contact cards and emails are far smaller. To bring in a list, use Import in the dashboard.` };
    // Loaded on first use: the file parsers (postal-mime, ical.js) stay out of the panel's boot.
    const { extractFromFile, fileKind, readText, CaptureFileError } = await import('../capture/file.ts');
    try {
      if (fileKind(name, readText(name, bytes.subarray(0, 2000))) !== 'eml') return scanned({ ...base, answer: await extractFromFile(name, bytes) });
      return await fromEml(base, name, bytes);
    } catch (e) {
      // A file of the wrong kind (an image named .eml) is refused by its name, like an empty one.
      if (e instanceof CaptureFileError) return { ...base, candidates: [], error: e.message };
      throw e;
    }
  },

  async requestPermission(origins) {
    return browser.permissions.request({ origins }).catch(() => false);
  },

  onPageChange(on) {
    // Loading fires several updates per page; one call once the burst settles is enough.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = () => { clearTimeout(timer); timer = setTimeout(on, PAGE_CHANGE_SETTLE_MS); };
    const activated = () => soon();
    const updated = (_id: number, change: { status?: string; url?: string }, tab: { active?: boolean }) => {
      if (tab.active && (change.status === 'complete' || change.url)) soon();
    };
    browser.tabs.onActivated.addListener(activated);
    browser.tabs.onUpdated.addListener(updated);
    return () => { clearTimeout(timer); browser.tabs.onActivated.removeListener(activated); browser.tabs.onUpdated.removeListener(updated); };
  },
};

/** Quiet time after the last tab event before the panel rescans (a page load fires a burst). */
const PAGE_CHANGE_SETTLE_MS = 250;

/** An email is parsed once: its sender and signature as candidates, its message to log. */
async function fromEml(base: { url: string; title: string }, name: string, bytes: Uint8Array): Promise<ScanResult> {
  const { parseEml } = await import('../capture/eml.ts');
  const { extractFromMessage } = await import('../capture/email.ts');
  const msg = await parseEml(bytes, name);
  const { candidates } = scanned({ ...base, answer: extractFromMessage(msg) });
  const date = msg.date ? Date.parse(msg.date) : NaN;
  const from = [msg.from?.name, msg.from?.address && `<${msg.from.address}>`].filter(Boolean).join(' ');
  return {
    ...base, title: msg.subject || name, candidates,
    message: {
      email: { subject: (msg.subject ?? '').slice(0, 300), from: from.slice(0, 300) || 'unknown sender',
        to: (msg.to ?? []).map((t) => (t.address ?? t.name ?? '').slice(0, 300)).filter(Boolean),
        ...(Number.isFinite(date) ? { date } : {}), ...(msg.messageId ? { messageId: msg.messageId.slice(0, 1000) } : {}) },
      text: (msg.text ?? '').slice(0, 20_000),
    },
  };
}
