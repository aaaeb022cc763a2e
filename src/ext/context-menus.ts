import { browser } from 'wxt/browser';
import { extractFromText } from '../capture/selection.ts';
import { EngineClient } from '../bridge/client.ts';
import { draftFromCandidate, draftInput } from '../ui/models/new-lead-model.ts';
import { notify } from './notify.ts';

/**
 * "Add selection as lead" and "Add email address as lead" (on mailto links). The background
 * owns menus; the text is parsed with the capture extractors and saved through the engine,
 * then a notification says what was saved (or why not).
 */
export const MENU = { selection: 'outpost-add-selection', mailto: 'outpost-add-mailto' } as const;

export function createMenus(): void {
  browser.contextMenus.removeAll(() => {
    browser.contextMenus.create({ id: MENU.selection, title: 'Add selection as lead', contexts: ['selection'] });
    browser.contextMenus.create({ id: MENU.mailto, title: 'Add email address as lead', contexts: ['link'], targetUrlPatterns: ['mailto:*'] });
  });
}

/** The text a menu click carries: the selection, or the address of a mailto link ("Name <a@b>" keeps its name). */
export function menuText(info: { menuItemId: string | number; selectionText?: string; linkUrl?: string; linkText?: string }): string | null {
  if (info.menuItemId === MENU.selection) return info.selectionText?.trim() || null;
  if (info.menuItemId === MENU.mailto && info.linkUrl?.startsWith('mailto:')) {
    const address = decodeURIComponent(info.linkUrl.slice(7).split('?')[0]);
    return info.linkText && !info.linkText.includes('@') ? `${info.linkText} <${address}>` : address;
  }
  return null;
}

export async function addLeadFromText(client: EngineClient, text: string, collection: 'leads' | 'people' = 'leads'): Promise<string> {
  const [candidate] = extractFromText(text, { source: 'selection' });
  if (!candidate) throw new Error('No name or email address found in the selection.');
  const draft = { first: '', last: '', email: '', companyName: '', title: '', phone: '', website: '', sourceId: '', statusId: '', ...draftFromCandidate(candidate) };
  const created = await client.create(collection, draftInput(draft, collection));
  return [draft.first, draft.last].filter(Boolean).join(' ') || draft.email || (created as { id: string }).id;
}

export function listenToMenus(client: EngineClient, collection: () => Promise<'leads' | 'people'>): void {
  browser.contextMenus.onClicked.addListener((info) => {
    const text = menuText(info as never);
    if (!text) return;
    void (async () => {
      let title: string;
      let message: string;
      try {
        const name = await addLeadFromText(client, text, await collection());
        title = 'Lead saved'; message = name;
      } catch (e) {
        title = 'Not saved'; message = (e as Error).message;
      }
      await notify(title, message);
    })();
  });
}
