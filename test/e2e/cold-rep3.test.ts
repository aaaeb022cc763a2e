import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { axeSerious, screenshot, useColdTry } from './support/ui.ts';
import { UNLISTED_POLL_MS } from '../../src/ui/app/app-models.ts';

const DAY = 86_400_000;

/**
 * What a new rep still tripped on in the third cold try (helper ui3, session 13): My tasks names
 * what each task is about, its due lines read alike; a board card's icons stay with their text;
 * a conversion is credited to whoever converted; an empty due reads "No due date"; after an
 * import answers, the screen and the status bar say how far the lists are.
 */
describe('the extension tried cold by a new rep, third pass', () => {
  const t = useColdTry();
  const { call, open } = t;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    ids.lead = (await call({ op: 'create', collection: 'leads', input: { name: { first: 'Ada', last: 'Lovelace' }, companyName: 'Engines', email: 'ada@engines.example' } })).id;
    Object.assign(ids, await call({ op: 'convert', leadId: ids.lead, options: { company: { mode: 'new' }, opportunity: { monetaryValue: 12000, closeDate: '2026-12-31' } } }));
    ids.grace = (await call({ op: 'create', collection: 'leads', input: { name: { first: 'Grace', last: 'Hopper' } } })).id;
    ids.gone = (await call({ op: 'create', collection: 'companies', input: { name: 'Gone Ltd' } })).id;
    const task = async (name: string, related: { type: string; id: string }, dueAt?: number) => (await call({ op: 'create', collection: 'tasks', input: { name, related, ...(dueAt ? { dueAt } : {}) } })).id;
    ids.quote = await task('Send the revised quote with the seat count and the renewal terms for next year', { type: 'opportunities', id: ids.opportunityId }, Date.now() + 2 * DAY);
    ids.call = await task('Call back', { type: 'people', id: ids.personId }, Date.now() - DAY);
    ids.intro = await task('Ask for an intro', { type: 'leads', id: ids.grace });
    // A new task is its maker's to do (domain/ownership.ts): this one's assignee is cleared, as a rep would.
    await call({ op: 'update', collection: 'tasks', id: ids.intro, patch: { assigneeId: null } });
    ids.invoice = await task('Chase the invoice', { type: 'companies', id: ids.gone });
    await call({ op: 'delete', collection: 'companies', id: ids.gone });
  });


  it('My tasks names the record each task is about and opens it; every due line starts at the same place under its name', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const p = await open('sidepanel.html', 'tasks', 'My tasks', 360, theme);
      const list = p.getByRole('region', { name: 'Open tasks' });
      await list.getByRole('link', { name: 'Engines - Ada Lovelace', exact: true }).waitFor({ timeout: 15_000 });
      expect(await list.locator('.task-about').allTextContents()).toEqual([
        'About (person): Ada Lovelace', 'About (opportunity): Engines - Ada Lovelace', 'About (lead): Grace Hopper', 'About (company): Gone Ltd (deleted)',
      ]);
      expect(await list.locator('.task-about').nth(3).getByRole('link').count()).toBe(0);
      // The due line sits under the name in every row, at the same left edge, one line each.
      const boxes = await list.locator('.task').evaluateAll((rows) => rows.map((r) => {
        const name = r.querySelector('label')!.getBoundingClientRect();
        const due = r.querySelector('.task-due')!.getBoundingClientRect();
        return { dueLeft: Math.round(due.left), below: due.top >= name.bottom - 1, height: due.height, right: due.right };
      }));
      expect(new Set(boxes.map((b) => b.dueLeft)).size).toBe(1);
      // One line each (a badge makes it a little taller, never two lines' worth).
      expect(boxes.every((b) => b.below && b.right <= 360 && b.height < 28), JSON.stringify(boxes)).toBe(true);
      expect(await list.locator('.task-due').allTextContents()).toEqual([expect.stringMatching(/^OverdueOverdue since yesterday/), expect.stringMatching(/^Due /), 'No due date', 'No due date']);
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await screenshot(p, `cold3-my-tasks-${theme}-360`);
      expect(await axeSerious(p)).toEqual([]);
      if (theme === 'dark') {
        await list.getByRole('link', { name: 'Engines - Ada Lovelace', exact: true }).click();
        await p.getByRole('heading', { name: 'Engines - Ada Lovelace', level: 2 }).waitFor({ timeout: 10_000 });
      }
      await p.close();
    }
  });

  it('a board card keeps each icon beside the first line of its text, at 1280 and 360 px, light and dark', async () => {
    for (const [width, theme] of [[1280, 'dark'], [1280, 'light'], [360, 'dark']] as const) {
      const p = await open('dashboard.html', 'board', 'Pipeline', width, theme);
      const card = p.locator(`.card[data-id="${ids.opportunityId}"]`);
      await card.getByText(/Next: Send the revised quote/).waitFor({ timeout: 15_000 });
      const facts = await card.locator('.card-facts li').evaluateAll((lis) => lis.map((li) => {
        const icon = li.querySelector('svg')!.getBoundingClientRect();
        const text = li.querySelector('.fact-text')!.getBoundingClientRect();
        const line = parseFloat(getComputedStyle(li).lineHeight) || 16;
        return { text: (li.textContent ?? '').slice(0, 20), iconTopInFirstLine: icon.top >= text.top - 1 && icon.bottom <= text.top + line + 1, besideText: icon.right <= text.left + 1 };
      }));
      expect(facts.length).toBe(3);
      for (const f of facts) expect(f, f.text).toMatchObject({ iconTopInFirstLine: true, besideText: true });
      await screenshot(p, `cold3-board-${theme}-${width}`);
      await p.close();
    }
  });

  it('an empty pipeline says where deals come from, instead of showing bare columns', async () => {
    const added = await call({ op: 'admin', action: { action: 'addPipeline', name: 'Renewals', stages: [{ name: 'Due', winProbability: 50 }, { name: 'Signed', winProbability: 90 }] } });
    const pipelineId = (added as { value?: { id?: string }; id?: string }).value?.id ?? (added as { id?: string }).id;
    const config = (await call({ op: 'config' })) as { value?: { pipelines: { id: string; name: string }[] }; pipelines?: { id: string; name: string }[] };
    expect((config.value ?? config).pipelines?.find((x) => x.id === pipelineId)?.name).toBe('Renewals');
    const p = await open('dashboard.html', `board/${encodeURIComponent(pipelineId!)}`, 'Pipeline', 1280);
    expect(await p.locator('#board-pipeline').inputValue()).toBe(pipelineId);
    await expect.poll(async () => (await p.locator('.board-view').innerText()).replace(/\s+/g, ' '), { timeout: 15_000 })
      .toContain('No deals in this pipeline yet');
    expect(await p.locator('.board-view').innerText()).toMatch(/converting a qualified lead with “Create an opportunity” ticked, or from \+ on a stage/);
    await screenshot(p, 'cold3-board-empty-light-1280');
    await p.close();
    // A pipeline with a deal shows its cards, not the hint.
    const q = await open('dashboard.html', 'board', 'Pipeline', 1280);
    await q.locator(`.card[data-id="${ids.opportunityId}"]`).waitFor({ timeout: 15_000 });
    expect(await q.locator('.board-view').innerText()).not.toContain('No deals in this pipeline yet');
    await q.close();
  });

  it('a record without an address shows one line, not five empty fields; "Add address" opens them with focus in the first; no duplicates says nothing', async () => {
    const p = await open('sidepanel.html', `leads/${ids.grace}`, 'Grace Hopper', 360);
    const address = p.getByRole('region', { name: 'Address' });
    await address.getByText('No address').waitFor({ timeout: 15_000 });
    expect(await address.getByRole('textbox').count()).toBe(0);
    // No duplicates: nothing is said (cold-rep6 shows the box comes with a match).
    expect(await p.getByRole('region', { name: 'Possible duplicates' }).count()).toBe(0);
    await screenshot(p, 'cold3-lead-no-address-light-360');
    await address.getByRole('button', { name: 'Add address' }).click();
    await expect.poll(() => p.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent ?? '')).toBe('Street');
    const city = address.getByLabel('City');
    await city.fill('Arlington');
    await city.press('Enter');
    await expect.poll(async () => ((await call({ op: 'get', collection: 'leads', id: ids.grace })) as { address?: { city?: string } } | { value?: { address?: { city?: string } } }), { timeout: 15_000 })
      .toSatisfy((r: unknown) => JSON.stringify(r).includes('"city":"Arlington"'));
    await p.close();
    // With an address, the section shows its fields at once.
    const q = await open('sidepanel.html', `leads/${ids.grace}`, 'Grace Hopper', 360);
    await expect.poll(() => q.getByRole('region', { name: 'Address' }).getByLabel('City').inputValue(), { timeout: 15_000 }).toBe('Arlington');
    expect(await q.getByRole('region', { name: 'Address' }).getByText('No address').count()).toBe(0);
    await q.close();
  });

  it('the timeline credits the conversion to the rep who converted, not "System"', async () => {
    const p = await open('sidepanel.html', `leads/${ids.lead}`, 'Ada Lovelace', 360);
    const line = p.locator('.activity.system').first();
    await line.waitFor({ timeout: 15_000 });
    // Names come with the workspace's config, which may load after the timeline's first paint.
    await expect.poll(async () => (await line.locator('.activity-head').innerText()).replace(/\s+/g, ' '), { timeout: 15_000 }).toMatch(/^Converted .* · You$/);
    expect(await line.locator('p').innerText()).toBe('Status: New → Converted');
    expect(await p.getByRole('region', { name: 'Timeline' }).innerText()).not.toMatch(/\bSystem\b/);
    await p.close();
  });

  it('an empty due on the task page reads "No due date", and the task says it is unassigned', async () => {
    const p = await open('sidepanel.html', `tasks/${ids.intro}`, 'Ask for an intro', 360);
    expect(await p.locator('#f-dueAt').getAttribute('placeholder')).toBe('No due date');
    expect(await p.locator('.record-meta').innerText()).toContain('Unassigned');
    await screenshot(p, 'cold3-task-empty-due-light-360');
    await p.close();
  });

  it('saving a lead with the button keeps focus on it (never <body>); an unset source reads "No source"', async () => {
    const p = await open('sidepanel.html', 'leads', 'Leads', 360);
    const form = p.getByRole('form', { name: 'New lead' });
    expect(await form.locator('#nl-source option').first().textContent()).toBe('No source');
    await form.getByLabel('First name', { exact: true }).fill('Kay');
    await form.getByRole('button', { name: 'Save lead' }).click();
    await form.getByRole('status').filter({ hasText: 'Lead saved' }).waitFor({ timeout: 15_000 });
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe('Save lead');
    await p.close();
  });

  it('after a 10,000-row import answers, the result and the side panel say how far the lists are, then nothing, without moving the page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outpost-cold3-'));
    const csv = join(dir, 'leads.csv');
    writeFileSync(csv, ['First Name,Last Name,Email', ...Array.from({ length: 10_000 }, (_, i) => `Rep${i},Listing${i},rep${i}@listing.example`)].join('\n'));
    const panel = await open('sidepanel.html', 'leads', 'Leads', 360);
    // Everything each page showed while the lists filled, as it changed.
    // Each entry: the text, and when it appeared (Date.now(): one clock for every page of the browser).
    type Seen = { text: string; at: number };
    const record = (p: Page, selector: string) => p.evaluate((sel) => {
      const seen: { text: string; at: number }[] = [];
      (window as unknown as { seen: typeof seen }).seen = seen;
      const look = () => { const t = document.querySelector(sel)?.textContent ?? ''; if (seen.at(-1)?.text !== t) seen.push({ text: t, at: Date.now() }); };
      new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
    }, selector);
    const seenOn = async (p: Page) => (await p.evaluate(() => (window as unknown as { seen: Seen[] }).seen)).filter((s) => s.text);
    await record(panel, '.statusbar .unlisted');
    // Beside "Listing new records", the sync state is never cut mid-word ("All change…"): whole, or its dot alone at 360 px.
    await panel.evaluate(() => {
      const w = window as unknown as { cutSync: string[] };
      w.cutSync = [];
      const look = () => {
        const sync = document.querySelector<HTMLElement>('.statusbar .sync');
        const text = sync?.querySelector<HTMLElement>('.sync-text');
        if (!sync || !text || !document.querySelector('.statusbar .unlisted')) return;
        if (getComputedStyle(text).position !== 'absolute' && sync.scrollWidth > sync.clientWidth + 1) w.cutSync.push(sync.textContent ?? '');
      };
      new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const dash = await open('dashboard.html', 'import', 'Import', 1280);
    await dash.getByLabel(/CSV or vCard file/).setInputFiles(csv);
    const go = dash.getByRole('button', { name: 'Import 10,000 leads' });
    await go.waitFor({ timeout: 60_000 });
    await record(dash, '.result .listing');
    // When the result first said what the import did.
    await dash.evaluate(() => {
      const w = window as unknown as { answeredAt: number };
      const look = () => { if (!w.answeredAt && /10,000 created/.test(document.querySelector('.result')?.textContent ?? '')) w.answeredAt = Date.now(); };
      new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await go.click();
    const result = dash.locator('.result');
    await result.getByText(/10,000 created/).waitFor({ timeout: 120_000 });
    // The Import button went with the preview: focus is on what it did, not on <body>.
    await expect.poll(() => dash.evaluate(() => document.activeElement?.id)).toBe('import-result-h');
    const height = async () => (await dash.locator('.result').boundingBox())!.height;
    const during = await height();
    if (await dash.locator('.result .listing').textContent()) await screenshot(dash, 'cold3-import-listing-light-1280');
    if (await panel.locator('.statusbar .unlisted').count()) await screenshot(panel, 'cold3-panel-listing-light-360');
    await expect.poll(() => dash.locator('.result .listing').textContent(), { timeout: 120_000 }).toBe('');
    expect(await height()).toBe(during);
    const shown = (await seenOn(dash)).map((s) => s.text);
    for (const t of shown) expect(t).toMatch(/^Imported 10,000 leads — listing them: [\d,]+ of 10,000$/);
    const listed = shown.map((t) => Number(/: ([\d,]+) of/.exec(t)![1].replace(/,/g, '')));
    expect([...listed].sort((a, b) => a - b)).toEqual(listed); // never counts back
    await expect.poll(() => panel.locator('.statusbar .unlisted').count(), { timeout: 60_000 }).toBe(0);
    const panelSaw = await seenOn(panel);
    for (const { text } of panelSaw) expect(text).toMatch(/^Listing new records: \d{1,2}%$/);
    expect(await panel.evaluate(() => (window as unknown as { cutSync: string[] }).cutSync)).toEqual([]);
    // The side panel asks how far the lists are once a second: when the result showed rows still
    // waiting for longer than two of its asks (and a bridge round trip), the panel said so too.
    // Shorter, it may have asked before and after (the fresh-clone CI run's lists filled between
    // two asks): a fixed "it must have said so" was a bet on the machine's speed.
    const dashSeen = await dash.evaluate(() => (window as unknown as { seen: Seen[] }).seen);
    const firstListing = dashSeen.findIndex((s) => s.text);
    const listedAt = firstListing < 0 ? undefined : dashSeen.slice(firstListing).find((s) => !s.text)?.at;
    const waited = firstListing < 0 || listedAt === undefined ? 0 : listedAt - dashSeen[firstListing].at;
    if (waited > 2 * UNLISTED_POLL_MS + 500) expect(panelSaw.length, `the result showed rows waiting for ${waited} ms`).toBeGreaterThan(0);
    if (!shown.length && panelSaw.length) {
      // The lists may finish before the import's answer reaches the page: then the result has
      // nothing to add. It may say nothing only if so: the result's first ask found none left, so
      // the panel's last "Listing…" came from an answer the engine gave before that ask (allowing
      // two bridge round trips on a loaded machine).
      const answeredAt = await dash.evaluate(() => (window as unknown as { answeredAt: number }).answeredAt);
      expect(answeredAt).toBeGreaterThan(0);
      expect(panelSaw.at(-1)!.at).toBeLessThanOrEqual(answeredAt + 2_000);
    }
    await screenshot(dash, 'cold3-import-listed-light-1280');
    await dash.close();
    await panel.close();
  });
});
