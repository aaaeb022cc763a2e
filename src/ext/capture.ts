import { browser } from 'wxt/browser';
import { CandidateList } from '../capture/candidate.ts';
import type { CapturePort, ScanResult } from '../ui/ports.ts';

const PAGE_URL = /^https?:/i;

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

/**
 * Scans a tab with the capture issue's page script (activeTab + scripting: no standing access).
 * The page is untrusted: its answer is parsed with the candidate schema before the UI sees it.
 */
export const capturePort: CapturePort = {
  async scanActiveTab(): Promise<ScanResult> {
    const tab = await targetTab();
    if (!tab?.id) return { url: '', title: '', candidates: [], error: 'Open a web page to capture a contact from it.' };
    const base = { url: tab.url ?? '', title: tab.title ?? '' };
    try {
      const [injection] = await browser.scripting.executeScript({ target: { tabId: tab.id }, files: ['/extract-page.js'] });
      const parsed = CandidateList.safeParse(injection?.result ?? []);
      if (!parsed.success) return { ...base, candidates: [], error: 'This page answered with something that is not a contact.' };
      return { ...base, candidates: parsed.data };
    } catch (e) {
      const denied = /cannot access|permission|not allowed/i.test(String(e));
      return { ...base, candidates: [], error: denied ? 'Outpost may not read this page: click the Outpost button in the toolbar while on it, then scan again.' : `Could not scan this page: ${String((e as Error).message ?? e)}` };
    }
  },
};
