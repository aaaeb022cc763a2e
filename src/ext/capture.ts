import { browser } from 'wxt/browser';
import { CandidateList, validCandidates } from '../capture/candidate.ts';
import { webmailSite } from '../capture/webmail/hosts.ts';
import type { CapturePort, ScanResult } from '../ui/ports.ts';

const PAGE_URL = /^https?:/i;
/** A dropped file bigger than this is not a contact card or a message: refuse it with a reason. */
export const MAX_CAPTURE_FILE = 10 * 1024 * 1024;

/** The optional host permission a webmail tab needs (manifest `optional_host_permissions`). */
async function webmailPermission(url: string): Promise<{ site: string; origins: string[] } | undefined> {
  let host = '';
  try { host = new URL(url).hostname; } catch { return undefined; }
  const webmail = webmailSite(host);
  if (!webmail) return undefined;
  const origins = [`https://${host}/*`];
  const granted = await browser.permissions.contains({ origins }).catch(() => false);
  return granted ? undefined : { site: webmail.site, origins };
}

/**
 * The tab "This page" means: the active tab of the window, or — when the active tab is one of
 * ours (the side panel opened as a tab, the dashboard) — the web page used most recently.
 */
async function targetTab() {
  const [active] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  if (active?.url && PAGE_URL.test(active.url)) return active;
  const tabs = (await browser.tabs.query({})).filter((t) => t.url && PAGE_URL.test(t.url));
  return tabs.sort((a, b) => ((b as { lastAccessed?: number }).lastAccessed ?? 0) - ((a as { lastAccessed?: number }).lastAccessed ?? 0))[0];
}

/** Scans a tab with the capture issue's page script (see capturePort). */
async function scanTab(): Promise<ScanResult> {
  const tab = await targetTab();
  if (!tab?.id) return { url: '', title: '', candidates: [], error: 'Open a web page to capture a contact from it.' };
  const base = { url: tab.url ?? '', title: tab.title ?? '' };
  const permission = await webmailPermission(base.url);
  try {
    const [injection] = await browser.scripting.executeScript({ target: { tabId: tab.id }, files: ['/extract-page.js'] });
    const candidates = validCandidates(injection?.result ?? []);
    if (!candidates) return { ...base, candidates: [], error: 'This page answered with something that is not a contact.' };
    return { ...base, candidates, ...(permission && { permission }) };
  } catch (e) {
    const denied = /cannot access|permission|not allowed/i.test(String(e));
    if (denied && permission) return { ...base, candidates: [], permission, error: `Allow Outpost to read ${permission.site} messages to capture their senders.` };
    return { ...base, candidates: [], error: denied ? 'Outpost may not read this page: click the Outpost button in the toolbar while on it, then scan again.' : `Could not scan this page: ${String((e as Error).message ?? e)}` };
  }
}

/**
 * Scans a tab with the capture issue's page script (activeTab + scripting: no standing access).
 * The page is untrusted: its answer is parsed with the candidate schema before the UI sees it.
 */
export const capturePort: CapturePort = {
  async scanActiveTab(): Promise<ScanResult> {
    // For the bench (C2's baseline): how long the scan itself takes.
    performance.mark('outpost:scan-start');
    try {
      return await scanTab();
    } finally {
      performance.mark('outpost:scan-done');
    }
  },

  async fromFile(name, bytes) {
    const base = { url: '', title: name };
    if (bytes.byteLength === 0) return { ...base, candidates: [], error: `${name} is empty.` };
    if (bytes.byteLength > MAX_CAPTURE_FILE) return { ...base, candidates: [], error: `${name} is ${Math.round(bytes.byteLength / 1048576)} MB: contact cards and emails are far smaller. To bring in a list, use Import in the dashboard.` };
    // Loaded on first use: the file parsers (postal-mime, ical.js) stay out of the panel's boot.
    const { extractFromFile, fileKind, decodeBytes } = await import('../capture/file.ts');
    if (fileKind(name, decodeBytes(bytes.subarray(0, 2000))) !== 'eml') return { ...base, candidates: CandidateList.parse(await extractFromFile(name, bytes)) };
    // An email is parsed once: its sender and signature as candidates, its message to log.
    const { parseEml } = await import('../capture/eml.ts');
    const { extractFromMessage } = await import('../capture/email.ts');
    const msg = await parseEml(bytes);
    const candidates = CandidateList.parse(extractFromMessage(msg));
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
