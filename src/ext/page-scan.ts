import { browser } from 'wxt/browser';
import { webmailSite } from '../capture/webmail/hosts.ts';

/**
 * The page scan without its validation: which tab, the page script's raw answer, the webmail
 * permission it may need. No zod here: the side panel's entry starts this scan before any of
 * its code has loaded (docs/architecture.md, "The page's candidate before the rest"), and the
 * capture port (`src/ext/capture.ts`, `scanned`) checks the answer once its code is there.
 */
export type PageScan = {
  url: string; title: string;
  /** What the page script answered: untrusted until `scanned` has checked it. */
  answer?: unknown;
  permission?: { site: string; origins: string[] };
  error?: string;
};

const PAGE_URL = /^https?:/i;

/** The optional host permission a webmail tab needs (manifest `optional_host_permissions`). */
async function webmailPermission(url: string): Promise<PageScan['permission']> {
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

async function scan(): Promise<PageScan> {
  const tab = await targetTab();
  if (!tab?.id) return { url: '', title: '', error: 'Open a web page to capture a contact from it.' };
  const base = { url: tab.url ?? '', title: tab.title ?? '' };
  const permission = await webmailPermission(base.url);
  try {
    const [injection] = await browser.scripting.executeScript({ target: { tabId: tab.id }, files: ['/extract-page.js'] });
    return { ...base, answer: injection?.result, ...(permission && { permission }) };
  } catch (e) {
    const denied = /cannot access|permission|not allowed/i.test(String(e));
    if (denied && permission) return { ...base, permission, error: `Allow Outpost to read ${permission.site} messages to capture their senders.` };
    return { ...base, error: denied ? 'Outpost may not read this page: click the Outpost button in the toolbar while on it, then scan again.' : `Could not scan this page: ${String((e as Error).message ?? e)}` };
  }
}

/**
 * Scans the tab "This page" means with the capture issue's page script (activeTab + scripting:
 * no standing access). Never rejects: a failure is an answer with an `error` for the user.
 */
export async function scanPage(): Promise<PageScan> {
  // For the bench (C2's baseline and phases): how long the scan itself takes.
  performance.mark('outpost:scan-start');
  try {
    return await scan();
  } catch (e) {
    return { url: '', title: '', error: `Could not scan this page: ${String((e as Error).message ?? e)}` };
  } finally {
    performance.mark('outpost:scan-done');
  }
}
