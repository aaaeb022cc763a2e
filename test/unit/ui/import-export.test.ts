import { describe, expect, it } from 'vitest';
import { counted, createImportModel, leaveOutLabel, previewSummary, progressText, unitsOf, batchOptions, listingText, LISTING_POLL_MS, remap, mappingChoice } from '../../../src/ui/models/import-model.ts';
import { createExportModel, exportFileName, type SaveFile } from '../../../src/ui/models/export-model.ts';
import { createUndoModel } from '../../../src/ui/models/undo-model.ts';
import { parseRoute, routeHash } from '../../../src/ui/models/nav-model.ts';
import { newRepo } from '../io/helpers.ts';
import { memoryIo, memoryRead, picked } from './memory-io.ts';
import { forgetImportFiles } from '../../../src/bridge/io.ts';

const CSV = [
  'First Name,Last Name,Email,Tags',
  'Grace,Hopper,grace@navy.test,conference',
  'Ada,Lovelace,ADA@x.test,vip',
  'Bad,Row,not-an-email,',
  'Alan,Turing,alan@x.test,',
].join('\n');

function setup() {
  const repo = newRepo();
  const ada = repo.create('leads', { name: { first: 'Ada', last: 'Byron' }, email: 'ada@x.test', tags: ['old'] });
  const io = memoryIo(repo);
  const undo = createUndoModel();
  return { repo, ada, io, undo, model: createImportModel(io, undo) };
}
const live = (repo: ReturnType<typeof newRepo>) => repo.list('leads').map((l) => `${l.name?.first} ${l.name?.last}`).sort();

describe('import model', () => {
  it('previews the rows as they will be saved and every invalid row with its line, writing nothing', async () => {
    const { repo, model } = setup();
    await model.choose(picked('leads.csv', CSV));
    expect(model.stage.value).toBe('preview');
    const p = model.preview.value!;
    expect(p.sample.map((r) => [r.line, r.action, r.fields.email])).toEqual([[2, 'create', 'grace@navy.test'], [3, 'skip', 'ada@x.test'], [5, 'create', 'alan@x.test']]);
    expect(p.sample[0].fields).toMatchObject({ statusId: 'new', tags: ['conference'] });
    expect(p.invalid).toEqual([{ line: 4, reason: expect.stringMatching(/email/) }]);
    expect(model.mapping.value!.map((m) => m.target)).toEqual(['firstName', 'lastName', 'email', 'tags']);
    expect(live(repo)).toEqual(['Ada Byron']);
  });

  it('previews again when a choice changes: duplicates, batch values, mapping', async () => {
    const { model } = setup();
    await model.choose(picked('leads.csv', CSV));
    model.setDuplicates('update');
    await waitFor(() => model.stage.value === 'preview' && model.preview.value!.sample[1].action === 'update');
    expect(model.preview.value!.sample[1].duplicateOf).toMatchObject({ name: 'Ada Byron' });
    model.setBatch({ tags: 'fair, 2026', statusId: 'open' });
    await waitFor(() => model.stage.value === 'preview' && model.preview.value!.sample[0].fields.statusId === 'open');
    expect(model.preview.value!.sample[0].fields.tags).toEqual(['conference', 'fair', '2026']);
    model.setMapping(3, '');
    await waitFor(() => model.stage.value === 'preview' && model.preview.value!.ignoredColumns.includes('Tags'));
    expect(model.preview.value!.sample[0].fields.tags).toEqual(['fair', '2026']);
  });

  it('imports only once the user confirms the valid part; undo removes the batch and restores the updated lead', async () => {
    const { repo, ada, model, undo } = setup();
    await model.choose(picked('leads.csv', CSV));
    model.setDuplicates('update');
    await waitFor(() => model.stage.value === 'preview' && model.preview.value!.counts.update === 1);
    expect(await model.importNow()).toBe(false);
    expect(model.error.value).toBe(`1 row can't be imported (see the list above). Tick "Import the 3 valid rows and leave these out" to import the others, or fix the file.`);
    expect(live(repo)).toEqual(['Ada Byron']);

    model.confirmInvalid.value = true;
    expect(await model.importNow()).toBe(true);
    expect(model.result.value).toMatchObject({ created: 2, updated: 1, skipped: 0, invalid: 1, as: 'leads' });
    expect(live(repo)).toEqual(['Ada Lovelace', 'Alan Turing', 'Grace Hopper']);
    expect(repo.get('leads', ada.id)?.tags).toEqual(['old', 'vip']);
    expect(undo.entries.value[0].label).toBe('Imported 3 leads');

    expect(await model.undo()).toBe(true);
    expect(model.message.value).toBe('Import undone: 2 removed, 1 restored to what they were.');
    expect(live(repo)).toEqual(['Ada Byron']);
    expect(repo.get('leads', ada.id)).toMatchObject({ name: { first: 'Ada', last: 'Byron' }, tags: ['old'] });
    expect(model.stage.value).toBe('choose');
    expect(undo.entries.value).toEqual([]);
  });

  it('sends the file once: later previews and the import name it by id; an engine that let it go is sent it again', async () => {
    const { repo, io, model } = setup();
    const file = picked('leads.csv', CSV);
    await model.choose(file);
    model.setDuplicates('update');
    await waitFor(() => model.stage.value === 'preview' && model.preview.value!.counts.update === 1);
    model.setMapping(3, '');
    await waitFor(() => model.stage.value === 'preview' && model.preview.value!.ignoredColumns.includes('Tags'));
    expect(io.fileSends).toEqual(['bytes', 'id', 'id']);
    expect(file.reads).toBe(1);

    // The engine restarted (or made room for another file): the page sends the bytes again.
    forgetImportFiles();
    model.setDuplicates('skip');
    await waitFor(() => model.stage.value === 'preview' && model.preview.value!.counts.skip === 1);
    expect(io.fileSends).toEqual(['bytes', 'id', 'id', 'id', 'bytes']);
    model.confirmInvalid.value = true;
    expect(await model.importNow()).toBe(true);
    expect(io.fileSends.at(-1)).toBe('id');
    expect(live(repo)).toEqual(['Ada Byron', 'Alan Turing', 'Grace Hopper']);
    expect(file.reads).toBe(1);
  });

  it('imports vCard files with many cards the same way', async () => {
    const { repo, model } = setup();
    const cards = ['Kay Nygaard', 'Ole Dahl'].map((n) => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:${n}\r\nN:${n.split(' ')[1]};${n.split(' ')[0]};;;\r\nEMAIL:${n.split(' ')[0].toLowerCase()}@simula.test\r\nEND:VCARD\r\n`).join('');
    model.setAs('people');
    await model.choose(picked('contacts.vcf', cards));
    expect(model.preview.value).toMatchObject({ format: 'vcard', counts: { create: 2, invalid: 0 } });
    expect(model.preview.value!.sample.map((r) => r.line)).toEqual([1, 7]);
    expect(await model.importNow()).toBe(true);
    expect(repo.list('people').map((p) => p.name?.first).sort()).toEqual(['Kay', 'Ole']);
  });

  it('gives a clear message next to the picker for bad files, and writes nothing', async () => {
    const { repo, io, model } = setup();
    const huge = picked('big.csv', 'x', 50 * 1024 * 1024);
    await model.choose(huge);
    expect(model.fileError.value).toMatch(/50\.0 MB; Outpost imports files up to 25\.0 MB/);
    expect(huge.reads).toBe(0);
    expect(io.calls).toEqual([]);

    for (const [file, message] of [
      [picked('empty.csv', ''), /The file is empty/],
      [picked('scan.csv', new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31])), /isn't a CSV: it is a PDF/],
      [picked('backup.csv', '{"format":"outpost-backup"}'), /use Restore instead/],
      [picked('notes.csv', 'just some words\nand more words\n'), /None of the columns could be matched/],
      [picked('broken.csv', 'Name,Email\n"Ada,ada@x.test\nBob,bob@x.test\n'), /closing quote is missing/],
    ] as const) {
      await model.choose(file);
      if (model.stage.value === 'preview') expect(model.preview.value!.invalid[0].reason).toMatch(message);
      else expect(model.fileError.value).toMatch(message);
    }
    expect(repo.list('leads')).toHaveLength(1);
  });

  it('reads an old Excel CSV (windows-1252) without being asked; forced to UTF-8 it says what to do; picking the encoding reads it', async () => {
    const { model } = setup();
    const latin1 = Uint8Array.from([...'Name,Email\nJos'].map((c) => c.charCodeAt(0)).concat([0xe9], [...' Garc'].map((c) => c.charCodeAt(0)), [0xed, 0x61], [...',jose@x.test\n'].map((c) => c.charCodeAt(0))));
    await model.choose(picked('old-excel.csv', latin1));
    await waitFor(() => model.stage.value === 'preview');
    expect(model.preview.value!.sample[0].fields.name).toEqual({ first: 'José', last: 'García' });
    model.setEncoding('utf-8');
    await waitFor(() => model.fileError.value !== '');
    expect(model.fileError.value).toMatch(/not UTF-8 or UTF-16.*line 2.*windows-1252/s);
    model.setEncoding('windows-1252');
    await waitFor(() => model.stage.value === 'preview' && model.fileError.value === '');
    expect(model.preview.value!.sample[0].fields.name).toEqual({ first: 'José', last: 'García' });
  });

  it('cancel during the preview or the import leaves nothing imported', async () => {
    const { repo, io, model } = setup();
    const many = 'First Name,Email\n' + Array.from({ length: 1500 }, (_, i) => `P${i},p${i}@x.test`).join('\n');
    const preview = io.preview;
    io.preview = (...a) => { const p = preview(...a); void model.cancel(); return p; };
    await model.choose(picked('many.csv', many));
    expect(model.message.value).toBe('Preview cancelled: nothing was imported.');
    expect(model.preview.value).toBeNull();

    io.preview = preview;
    await model.refresh();
    expect(model.preview.value!.counts.create).toBe(1500);
    const run = io.run;
    io.run = (...a) => { const p = run(...a); void model.cancel(); return p; };
    expect(await model.importNow()).toBe(false);
    expect(model.message.value).toBe('Import cancelled: nothing was imported.');
    expect(model.stage.value).toBe('preview');
    expect(repo.list('leads')).toHaveLength(1);
  });

  it('after the import answers, says how far the lists are ("listing them: 1 of 2") and then nothing; undo stops it', async () => {
    const { repo, io, model } = setup();
    const cards = ['Kay Nygaard', 'Ole Dahl'].map((n) => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:${n}\r\nEND:VCARD\r\n`).join('');
    model.setAs('people');
    await model.choose(picked('contacts.vcf', cards));
    // The engine's backlog as the page asks it, in read-model rows (a record and its history: two
    // each): all, half, more (another write's rows: not shown as going back), none.
    io.unlisted.push(4, 2, 9, 0);
    const seen: string[] = [];
    const stop = model.listing.subscribe((t) => { if (t && seen.at(-1) !== t) seen.push(t); });
    expect(await model.importNow()).toBe(true);
    await expect.poll(() => io.unlisted.length, { timeout: 5000 }).toBe(0);
    await expect.poll(() => model.listing.value).toBe('');
    stop();
    expect(seen).toEqual(['Imported 2 people — listing them: 0 of 2', 'Imported 2 people — listing them: 1 of 2']);
    expect(repo.list('people')).toHaveLength(2);
    // Undone while the lists still fill: the line goes with the result, and the asking stops.
    await model.undo();
    await model.choose(picked('contacts.vcf', cards));
    io.unlisted.push(4, 4, 4, 4, 4, 4, 4, 4);
    expect(await model.importNow()).toBe(true);
    await expect.poll(() => model.listing.value).toBe('Imported 2 people — listing them: 0 of 2');
    await model.undo();
    expect(model.listing.value).toBe('');
    const left = io.unlisted.length;
    await new Promise((r) => setTimeout(r, 3 * LISTING_POLL_MS));
    expect(io.unlisted.length).toBeGreaterThanOrEqual(left - 1);
    expect(model.listing.value).toBe('');
  });

  it('words the listing of imported rows, never below none or above the import', () => {
    expect(listingText(10_000, 6_500, 'leads')).toBe('Imported 10,000 leads — listing them: 3,500 of 10,000');
    expect(listingText(10_000, 12_000, 'leads')).toBe('Imported 10,000 leads — listing them: 0 of 10,000');
    expect(listingText(1, 1, 'companies')).toBe('Imported 1 company — listing it');
  });

  it('words the progress with count and time left', () => {
    expect(progressText({ phase: 'checking', done: 1500, total: 10000, msLeft: 12_400 })).toBe('Checking rows: 1,500 of 10,000 — about 12 s left');
    const leads = { one: 'lead', many: 'leads' };
    expect(progressText({ phase: 'checking', done: 500, total: 600, msLeft: 300 }, leads)).toBe('Checking leads: 500 of 600 — less than a second left');
    expect(progressText({ phase: 'saving', done: 0, total: 4998, msLeft: null }, leads)).toBe('Saving 4,998 leads…');
    expect(progressText({ phase: 'saving', done: 0, total: 1, msLeft: null }, leads)).toBe('Saving 1 lead…');
    expect(progressText({ phase: 'done', done: 1, total: 1, msLeft: null })).toBe('Saved 1 row');
    expect(progressText(null)).toBe('Starting…');
  });

  it("counts a file's entries in its own word, one in the singular: a CSV's rows, a vCard file's cards", () => {
    const counts = { rows: 1, create: 1, update: 0, skip: 0, invalid: 0, warnings: 0 };
    expect(previewSummary({ format: 'csv', encoding: 'UTF-8', counts })).toBe('CSV, UTF-8: 1 row — 1 new, 0 to update, 0 skipped, 0 invalid.');
    expect(previewSummary({ format: 'vcard', encoding: 'UTF-8', counts: { ...counts, rows: 2400, create: 2398, invalid: 2, warnings: 1 } }))
      .toBe('vCard, UTF-8: 2,400 cards — 2,398 new, 0 to update, 0 skipped, 2 invalid, 1 with warnings.');
    expect(previewSummary({ format: 'vcard', encoding: 'UTF-8', counts })).toMatch(/: 1 card —/);
    expect(leaveOutLabel(1, 'csv')).toBe('Import the 1 valid row and leave these out');
    expect(leaveOutLabel(3, 'vcard')).toBe('Import the 3 valid cards and leave these out');
    expect(counted(0, unitsOf('vcard'))).toBe('0 cards');
  });

  it('turns the form into engine settings', () => {
    expect(batchOptions({ sourceId: '', statusId: 'open', ownerId: '', tags: ' a, ,b ' })).toEqual({ statusId: 'open', tags: ['a', 'b'] });
    expect(batchOptions({ sourceId: '', statusId: '', ownerId: '', tags: '' })).toBeUndefined();
    const m = [{ index: 0, header: 'E-mail 1 - Value', target: 'email' as const, category: 'work', group: 'e-mail 1' }];
    expect(remap(m, 0, 'phone')).toEqual([{ index: 0, header: 'E-mail 1 - Value', target: 'phone' }]);
    expect(remap(m, 0, 'custom:cf1')).toEqual([{ index: 0, header: 'E-mail 1 - Value', target: 'custom', customId: 'cf1' }]);
    expect(remap(m, 0, '')[0].target).toBeNull();
  });

  it('a column whose field the record type lacks reads "Don\u2019t import" (a people import\u2019s "status" showed an empty select)', () => {
    const status = { index: 11, header: 'status', target: 'status' as const };
    expect(mappingChoice(status, 'people')).toBe('');
    expect(mappingChoice(status, 'leads')).toBe('status');
    expect(mappingChoice({ index: 0, header: 'first_name', target: 'firstName' }, 'companies')).toBe('');
    expect(mappingChoice({ index: 0, header: 'Budget', target: 'custom', customId: 'cf1' }, 'people')).toBe('custom:cf1');
    expect(mappingChoice({ index: 0, header: 'x', target: null }, 'leads')).toBe('');
  });
});

describe('export model', () => {
  function setupExport(start = {}) {
    const repo = newRepo();
    repo.create('leads', { name: { first: 'Grace', last: 'Hopper' }, email: 'grace@navy.test', tags: ['vip'] });
    repo.create('leads', { name: { first: 'Alan', last: 'Turing' }, email: 'alan@x.test' });
    repo.create('companies', { name: 'Acme' });
    const saved: Parameters<SaveFile>[0][] = [];
    const model = createExportModel(memoryIo(repo), memoryRead(repo), (f) => saved.push(f), start);
    return { repo, saved, model };
  }

  it('exports everything, or what the filter shows (as the table sent it)', async () => {
    const { saved, model } = setupExport();
    expect(await model.exportNow()).toBe(true);
    expect(saved[0].name).toMatch(/^outpost-leads-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(saved[0].text).toContain('grace@navy.test');
    expect(saved[0].text).toContain('alan@x.test');
    expect(model.message.value).toBe('Exported 2 leads.');

    const filtered = setupExport({ type: 'leads', filters: { tag: 'vip' } });
    expect(filtered.model.scope.value).toBe('filtered');
    await filtered.model.exportNow();
    expect(filtered.saved[0].text).toContain('grace@navy.test');
    expect(filtered.saved[0].text).not.toContain('alan@x.test');
    filtered.model.filter.value.setSearch('nobody');
    expect(await filtered.model.exportNow()).toBe(false);
    expect(filtered.model.error.value).toBe('No records match the filter: nothing to export.');
  });

  it('writes vCards for leads and people; companies fall back to CSV', async () => {
    const { saved, model } = setupExport();
    model.format.value = 'vcard';
    await model.exportNow();
    expect(saved[0]).toMatchObject({ name: expect.stringMatching(/\.vcf$/), mime: 'text/vcard' });
    expect(saved[0].text.match(/BEGIN:VCARD/g)).toHaveLength(2);
    model.setType('companies');
    expect(model.format.value).toBe('csv');
    expect(exportFileName('people', 'vcard', '2026-11-23')).toBe('outpost-people-2026-11-23.vcf');
  });

  it('backs up, refuses to restore into a non-empty workspace until a merge is confirmed', async () => {
    const source = setupExport();
    await source.model.backupNow();
    const backup = source.saved[0];
    expect(JSON.parse(backup.text)).toMatchObject({ format: 'outpost-backup' });

    const empty = newRepo();
    const into = createExportModel(memoryIo(empty), memoryRead(empty), () => {});
    expect(await into.restore(picked('b.json', backup.text))).toBe(true);
    expect(into.message.value).toMatch(/^Restored 3 records/);
    expect(empty.list('leads')).toHaveLength(2);

    const busy = setupExport();
    busy.repo.create('leads', { name: { first: 'Only', last: 'Here' }, email: 'only@x.test' });
    expect(await busy.model.restore(picked('b.json', backup.text))).toBe(false);
    expect(busy.model.mergeNeeded.value).toMatch(/isn't empty .*nothing was restored/);
    expect(busy.repo.list('leads')).toHaveLength(3);
    expect(await busy.model.restore(picked('b.json', backup.text), true)).toBe(true);
    expect(busy.model.mergeNeeded.value).toBe('');
    expect(busy.repo.list('leads')).toHaveLength(5);

    expect(await busy.model.restore(picked('notes.json', 'hello'))).toBe(false);
    expect(busy.model.restoreError.value).toMatch(/isn't an Outpost backup/);
  });

  it('carries the table filter through the route', () => {
    const r = { view: 'export', type: 'leads', filters: { statusId: 'new', tag: 'a/b' }, search: 'acme inc' } as const;
    expect(parseRoute(routeHash(r))).toEqual(r);
    expect(parseRoute('#/export')).toEqual({ view: 'export' });
    expect(parseRoute('#/import')).toEqual({ view: 'import' });
  });
});

async function waitFor(ok: () => boolean) {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(ok()).toBe(true);
}
