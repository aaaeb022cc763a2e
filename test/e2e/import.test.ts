import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { engineCall, launchExtension, openPage, screenshot, type Launched } from './support/ui.ts';

/**
 * Import issue, "done when": in Chromium, import a CSV through the dashboard with the preview
 * (rows as they will be saved, the invalid row with its line number, a duplicate by email
 * updated), see the leads in the table, undo the import: they are gone and the updated lead is
 * back as it was. Also: an empty file is refused next to the picker, and the Export screen
 * downloads the leads as CSV and the workspace as a backup.
 */
describe('import and export screens in Chromium', () => {
  let l: Launched;
  let dash: Page;
  const dir = mkdtempSync(join(tmpdir(), 'outpost-import-'));
  const csv = join(dir, 'trade-show.csv');
  writeFileSync(csv, [
    'First Name,Last Name,Email,Company,Phone,Tags',
    'Grace,Hopper,grace@navy.example,US Navy,+1 202 555 0101,conference',
    'Alan,Turing,alan@bletchley.example,Bletchley Park,,',
    'Ada,Lovelace,ADA@engines.example,Analytical Engines,+44 20 7946 0018,vip',
    'Bad,Row,not-an-email,Nowhere,,',
    'Claude,Shannon,claude@bell.example,Bell Labs,,',
  ].join('\n') + '\n');
  const empty = join(dir, 'empty.csv');
  writeFileSync(empty, '');
  const huge = join(dir, 'everyone.csv');
  writeFileSync(huge, 'Name,Email\n');
  truncateSync(huge, 50 * 1024 * 1024); // a 50 MB file (sparse: nothing to write)

  beforeAll(async () => {
    l = await launchExtension();
    dash = await openPage(l, 'dashboard.html#/import', { width: 1280, height: 900 });
    for (let i = 0; i < 100 && !(await engineCall(dash, { op: 'ping' }).catch(() => undefined))?.ok; i++) await dash.waitForTimeout(150);
  });
  afterAll(async () => { await l?.context.close(); });

  const lead = async (id: string) => (await engineCall(dash, { op: 'get', collection: 'leads', id })).value as Record<string, unknown> | null;
  const leadsTable = () => dash.locator('.table-view tbody');

  it('previews, imports with a duplicate updated, shows the leads, and undoes the import', async () => {
    const created = await engineCall(dash, { op: 'create', collection: 'leads', input: { name: { first: 'Ada', last: 'Byron' }, email: 'ada@engines.example', tags: ['old'] } });
    const adaId = (created.value as { id: string }).id;
    await dash.getByRole('heading', { name: 'Import', exact: true }).waitFor({ timeout: 15_000 });
    const picker = dash.getByLabel(/CSV or vCard file/);

    // Bad input: a clear message next to the picker, nothing shown to import.
    await picker.setInputFiles(empty);
    await dash.locator('#import-file-err').getByText('The file is empty.').waitFor({ timeout: 15_000 });
    expect(await dash.getByRole('button', { name: /^Import \d/ }).count()).toBe(0);
    await picker.setInputFiles(huge);
    await dash.locator('#import-file-err').getByText(/The file is 50\.0 MB; Outpost imports files up to 25\.0 MB/).waitFor({ timeout: 15_000 });

    await picker.setInputFiles(csv);
    const preview = dash.locator('.preview');
    await preview.getByRole('cell', { name: 'Grace Hopper' }).waitFor({ timeout: 15_000 });
    for (const name of ['Alan Turing', 'Claude Shannon', 'Ada Lovelace']) await preview.getByRole('cell', { name, exact: true }).waitFor();
    // Rows as they will be saved: the lead gets the workspace's default status; the duplicate is skipped by default.
    expect(await preview.locator('tr', { hasText: 'Grace Hopper' }).textContent()).toContain('New');
    expect(await preview.locator('tr', { hasText: 'Ada Lovelace' }).textContent()).toMatch(/Skip: already here \(Ada Byron\)/);
    const invalid = dash.getByRole('group', { name: /Rows that can't be imported/ });
    await invalid.getByText('Line 5').waitFor();
    expect(await invalid.locator('li').count()).toBe(1);
    expect(await invalid.locator('li').textContent()).toMatch(/email/i);

    // Batch values and "update" for duplicates (each a folded step): previewed again before anything is written.
    await dash.locator('.step summary', { hasText: 'None: each row keeps what the file says' }).click();
    await dash.locator('.step summary', { hasText: 'Skip them' }).click();
    await dash.getByLabel('Tags (comma-separated)').fill('trade-show');
    await dash.getByLabel('Tags (comma-separated)').press('Tab');
    await dash.getByLabel(/Update the existing record/).check();
    await preview.locator('tr', { hasText: 'Ada Lovelace' }).getByText('Update Ada Byron').waitFor({ timeout: 15_000 });
    await preview.locator('tr', { hasText: 'Grace Hopper' }).getByText('conference, trade-show').waitFor();
    expect(((await lead(adaId))?.name as { last: string }).last).toBe('Byron');
    await screenshot(dash, 'dashboard-import-preview');

    // With an invalid row, the import needs the user's word that the valid part is wanted.
    await dash.getByRole('button', { name: 'Import 4 leads' }).click();
    await dash.getByRole('alert').getByText(/1 row can't be imported/).waitFor();
    await dash.getByLabel(/Import the 4 valid rows/).check();
    await dash.getByRole('button', { name: 'Import 4 leads' }).click();
    const result = dash.locator('.result');
    await result.getByText(/3 created, 1 updated, 0 skipped as duplicates, 1 invalid row left out/).waitFor({ timeout: 30_000 });
    await screenshot(dash, 'dashboard-import-done');
    expect(await lead(adaId)).toMatchObject({ name: { first: 'Ada', last: 'Lovelace' }, tags: ['old', 'vip', 'trade-show'], companyName: 'Analytical Engines' });

    // The leads are in the table.
    await result.getByRole('link', { name: 'Show leads' }).click();
    for (const name of ['Grace Hopper', 'Alan Turing', 'Claude Shannon', 'Ada Lovelace']) await leadsTable().getByRole('link', { name, exact: true }).waitFor({ timeout: 15_000 });
    expect(await leadsTable().getByText('Bad Row').count()).toBe(0);

    // An imported lead's field history lists what the import set: its 'create' entry refers to
    // the record's fields (read from the read model's history rows and the record's row).
    await leadsTable().getByRole('link', { name: 'Grace Hopper', exact: true }).click();
    await dash.getByRole('heading', { name: 'Grace Hopper' }).waitFor({ timeout: 15_000 });
    await dash.getByText('Field history').click();
    const fieldHistory = dash.getByRole('list', { name: 'Field history' });
    await fieldHistory.getByText(/set Email to “grace@navy\.example”/).waitFor({ timeout: 10_000 });
    await fieldHistory.getByText(/set Tags to “conference, trade-show”/).waitFor();
    await screenshot(dash, 'dashboard-imported-field-history');
    await dash.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Leads' }).click();
    await leadsTable().getByRole('link', { name: 'Grace Hopper', exact: true }).waitFor({ timeout: 15_000 });

    // Export what the table's filter shows, then everything (CSV), while they are there.
    await dash.getByLabel('Search leads').fill('grace');
    await expect.poll(() => leadsTable().locator('tr').count()).toBe(1);
    await dash.getByRole('link', { name: 'Export these' }).click();
    await dash.getByRole('heading', { name: 'Export', exact: true }).waitFor();
    expect(await dash.getByLabel('Only those matching the filter').isChecked()).toBe(true);
    await dash.getByText('1 lead matches').waitFor({ timeout: 15_000 });
    await screenshot(dash, 'dashboard-export');
    const download = async () => {
      const [d] = await Promise.all([dash.waitForEvent('download'), dash.getByRole('button', { name: 'Export leads' }).click()]);
      expect(d.suggestedFilename()).toMatch(/^outpost-leads-\d{4}-\d{2}-\d{2}\.csv$/);
      return readFileSync((await d.path())!, 'utf8');
    };
    const filtered = await download();
    expect(filtered).toContain('grace@navy.example');
    expect(filtered).not.toContain('alan@bletchley.example');
    await dash.getByRole('status').getByText('Exported 1 lead.').waitFor();
    await dash.getByLabel('All leads').check();
    const exported = await download();
    for (const email of ['grace@navy.example', 'alan@bletchley.example', 'claude@bell.example', 'ada@engines.example']) expect(exported).toContain(email);
    await dash.getByRole('status').getByText('Exported 4 leads.').waitFor();
    const [backup] = await Promise.all([dash.waitForEvent('download'), dash.getByRole('button', { name: 'Download a backup' }).click()]);
    const json = JSON.parse(readFileSync((await backup.path())!, 'utf8')) as { format: string; records: { leads: { id: string }[] } };
    expect(json.format).toBe('outpost-backup');
    expect(json.records.leads).toHaveLength(4);

    // Back on the Import screen the result is still there: undo it.
    await dash.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Import' }).click();
    await dash.getByRole('button', { name: 'Undo this import' }).click();
    await dash.getByRole('status').getByText('Import undone: 3 removed, 1 restored to what they were.').waitFor({ timeout: 15_000 });
    await expect.poll(async () => ((await lead(adaId))?.name as { last: string }).last).toBe('Byron');
    expect((await lead(adaId))?.tags).toEqual(['old']);
    await dash.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Leads' }).click();
    await leadsTable().getByRole('link', { name: 'Ada Byron', exact: true }).waitFor({ timeout: 15_000 });
    await expect.poll(() => leadsTable().locator('tr').count()).toBe(1);
    for (const name of ['Grace Hopper', 'Alan Turing', 'Claude Shannon']) expect(await leadsTable().getByText(name).count()).toBe(0);
  });
});
