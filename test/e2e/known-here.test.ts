import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCall, extensionWithPageAccess, launchExtension, openPage, screenshot, type Launched } from './support/ui.ts';

/**
 * Issue 14 §1 in Chromium: with records of Acme in the workspace, opening acme's site (an https
 * host answered by Playwright routing: nothing leaves the machine) shows "Known here" in the
 * side panel with its people, its open deal and when we last spoke; a call logged from there
 * lands on the person; moving to a site nobody knows clears it.
 */
const ACME_PAGE = `<!doctype html><html><head><title>Acme Rockets — Team</title></head><body>
<h1>Our team</h1>
<div class="h-card"><span class="p-name">Dana Newcomer</span>, <span class="p-job-title">Head of Sales</span>
<a class="u-email" href="mailto:dana@acme-rockets.co.uk">dana@acme-rockets.co.uk</a></div>
<p>Call us: <a href="tel:+442079460018">+44 20 7946 0018</a></p></body></html>`;
const OTHER_PAGE = '<!doctype html><html><head><title>Nobody</title></head><body><p>Nothing known here.</p></body></html>';

describe('known here in Chromium', () => {
  let l: Launched;
  beforeAll(async () => {
    l = await launchExtension({ extensionDir: extensionWithPageAccess(['https://*.acme-rockets.co.uk/*', 'https://nobody.example/*']) });
    await l.context.route('https://www.acme-rockets.co.uk/**', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: ACME_PAGE }));
    await l.context.route('https://nobody.example/**', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: OTHER_PAGE }));
  });
  afterAll(async () => { await l?.context.close(); });

  it('opening a company\'s site lists its people and open deal; a call logged there updates "last contacted"', async () => {
    const dash = await openPage(l, 'dashboard.html', { width: 1280, height: 900 });
    for (let i = 0; i < 100 && !(await engineCall(dash, { op: 'ping' }).catch(() => undefined))?.ok; i++) await dash.waitForTimeout(150);
    const create = async (collection: string, input: unknown) => {
      const r = await engineCall(dash, { op: 'create', collection, input });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return (r.value as { id: string }).id;
    };
    const acme = await create('companies', { name: 'Acme Rockets', websites: [{ url: 'https://acme-rockets.co.uk' }] });
    const ada = await create('people', { name: { first: 'Ada', last: 'Stone' }, title: 'CTO', companyId: acme, emails: [{ email: 'ada@acme-rockets.co.uk' }] });
    await create('people', { name: { first: 'Ben', last: 'Ortiz' }, companyId: acme, emails: [{ email: 'ben.ortiz@gmail.com' }] });
    await create('leads', { name: { first: 'Cleo', last: 'Park' }, email: 'cleo@sales.acme-rockets.co.uk' });
    await create('people', { name: { first: 'Gina', last: 'Elsewhere' }, emails: [{ email: 'gina@gmail.com' }] });
    await create('opportunities', { name: 'Acme launch pads', companyId: acme, primaryPersonId: ada, pipelineId: 'sales', stageId: 'negotiation', monetaryValue: 12000, currency: 'EUR' });
    const logged = await engineCall(dash, { op: 'logActivity', input: { typeId: 'call', parent: { type: 'people', id: ada }, details: 'Pricing call', date: Date.now() - 12 * 24 * 3600 * 1000 } });
    expect(logged.ok).toBe(true);

    const web = await l.context.newPage();
    await web.goto('https://www.acme-rockets.co.uk/team');
    const panel = await openPage(l, 'sidepanel.html');
    const known = panel.getByRole('region', { name: 'Known here' });
    const summary = known.getByTestId('known-summary');
    await expect.poll(() => summary.textContent(), { timeout: 20_000 }).toMatch(/^2 people and 1 lead at acme-rockets\.co\.uk · 1 open deal \(€12,000\.00, Negotiation\) · last contacted 12 days ago/);
    const text = await known.textContent();
    for (const name of ['Acme Rockets', 'Ada Stone', 'Ben Ortiz', 'Cleo Park', 'Acme launch pads']) expect(text).toContain(name);
    expect(text).not.toContain('Gina');
    // The panel's list counts its one lead in the singular.
    await expect.poll(() => panel.locator('p.count').textContent()).toBe('1 lead');
    await screenshot(panel, 'sidepanel-known-here');

    // One click: log a call on Ben from the panel; his row says contacted today.
    const ben = known.getByRole('listitem').filter({ hasText: 'Ben Ortiz' });
    await ben.getByRole('button', { name: 'Log call' }).click();
    await ben.getByLabel(/Call notes for Ben Ortiz/).fill('Met at the stand');
    await ben.getByRole('button', { name: 'Log call' }).last().click();
    await expect.poll(() => ben.textContent(), { timeout: 15_000 }).toContain('last contacted today');
    await expect.poll(() => summary.textContent(), { timeout: 15_000 }).toContain('last contacted today');

    // The page's new person (Dana, from the h-card) joins Acme in one click.
    await known.getByRole('button', { name: 'Add Dana Newcomer to Acme Rockets' }).click();
    await expect.poll(() => summary.textContent(), { timeout: 15_000 }).toMatch(/^3 people and 1 lead/);

    // Another tab with a site nobody knows: Known here goes away.
    const other = await l.context.newPage();
    await other.goto('https://nobody.example/');
    await other.bringToFront();
    await expect.poll(() => known.count(), { timeout: 20_000 }).toBe(0);
    await screenshot(panel, 'sidepanel-known-nothing');
  });
});
