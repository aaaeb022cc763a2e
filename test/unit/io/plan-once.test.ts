import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkImport, planImport, previewImport, runImport, type CheckedFile } from '../../../src/io/import.ts';
import { putConfigEntity } from '../../../src/store/config-store.ts';
import { CORPUS, corpusFile, FIXTURES, newRepo } from './helpers.ts';
import { caseName, corpusImportFiles, planCases, planDigest, stableExisting } from './plan-digest.ts';

/**
 * A preview and the import after it share one check of the file's rows (`CheckedFile`): the
 * plan is the recorded one (digests of every corpus file's plans, `record-plans.ts`: main
 * 9462e3f's, before the check was shared, but for the two roundcube Csv2vcard files whose
 * headers the CSV header rules of session 12 map now), whether it was checked afresh or taken
 * from the preview; a changed setting or config is checked again.
 */
const recorded = JSON.parse(readFileSync(resolve(FIXTURES, 'plans-recorded.json'), 'utf8')) as Record<string, string>;
const enc = (s: string) => new TextEncoder().encode(s);

describe('the plans of every corpus file are the recorded ones, checked afresh or taken from the preview', () => {
  const cases = planCases(corpusImportFiles(CORPUS));
  it('covers every recorded case', () => {
    expect(cases.map(caseName).sort()).toEqual(Object.keys(recorded).sort());
  });
  it.each(cases.map((c) => [caseName(c), c] as const))('%s', async (_name, c) => {
    const repo = newRepo();
    const bytes = corpusFile(c.file);
    if (c.scenario === 'again') await runImport(repo, bytes, { as: c.as, duplicates: 'create', confirmInvalid: true }).catch(() => {});
    const opts = { as: c.as, duplicates: c.scenario === 'again' ? 'update' as const : 'skip' as const, existing: stableExisting(repo) as never };
    let checked: CheckedFile | undefined;
    let fresh: string;
    try {
      fresh = planDigest(await planImport(repo, bytes, { ...opts, onChecked: (x) => { checked = x; } }));
    } catch (e) {
      // A file that can't be planned is refused the same way, with the same message.
      expect(`error ${(e as { code?: string }).code} ${planDigest((e as Error).message)}`).toBe(recorded[caseName(c)]);
      return;
    }
    expect(fresh).toBe(recorded[caseName(c)]);
    let reused: CheckedFile | undefined;
    const again = await planImport(repo, bytes, { ...opts, checked, onChecked: (x) => { reused = x; } });
    expect(reused).toBe(checked); // taken, not checked again
    expect(planDigest(again)).toBe(recorded[caseName(c)]);
  });
});

describe('one check for a preview and its import', () => {
  const rows = (n: number) => ['First Name,Last Name,Email,Lead Source,Phone', ...Array.from({ length: n }, (_, i) => `Ann${i},Lee,ann${i}@x.test,Conference,+1 415 555 ${String(i).padStart(4, '0')}`)].join('\n');

  it('the import after a preview checks no row again: no reading or checking progress, the same check handed back', async () => {
    const repo = newRepo();
    const file = enc(rows(1_200));
    let checked: CheckedFile | undefined;
    const preview = await previewImport(repo, file, { onChecked: (c) => { checked = c; } });
    expect(preview.counts).toMatchObject({ rows: 1_200, create: 1_200 });
    const phases: string[] = [];
    let used: CheckedFile | undefined;
    const result = await runImport(repo, file, { checked, onChecked: (c) => { used = c; }, onProgress: (p) => phases.push(p.phase) });
    expect(used).toBe(checked);
    expect(phases.filter((p) => p === 'reading' || p === 'checking')).toEqual([]);
    expect(result.created).toBe(1_200);
    // New ids at each plan: the preview's ids were never written, the import's are fresh.
    expect(new Set(result.createdIds).size).toBe(1_200);
    expect(repo.list('leads')).toHaveLength(1_200);
  });

  it('a row a teammate saved between the preview and the import is a duplicate at the import', async () => {
    const repo = newRepo();
    const file = enc(rows(3));
    let checked: CheckedFile | undefined;
    expect((await previewImport(repo, file, { onChecked: (c) => { checked = c; } })).counts).toMatchObject({ create: 3, skip: 0 });
    repo.create('leads', { name: { first: 'Someone' }, email: 'ANN1@x.test' });
    const result = await runImport(repo, file, { checked });
    expect(result).toMatchObject({ created: 2, skipped: 1 });
    expect(result.plan.rows.find((r) => r.line === 3)).toMatchObject({ action: 'skip', duplicateOf: { name: 'Someone' } });
  });

  it('a changed mapping, batch value or config is checked again', async () => {
    const repo = newRepo();
    const file = enc('Name,Email,Source\nAda,ada@x.test,Trade fair\n');
    let checked: CheckedFile | undefined;
    const first = await planImport(repo, file, { onChecked: (c) => { checked = c; } });
    expect(first.rows[0].fields.sourceId).toBeUndefined();
    expect(first.rows[0].warnings.join()).toMatch(/Trade fair/);
    // The workspace gains the source the file names: the check that did not know it is not used.
    putConfigEntity(repo.docs.config, 'admin', 'sources', { id: 'trade-fair', name: 'Trade fair', order: 99 });
    let again: CheckedFile | undefined;
    const second = await planImport(repo, file, { checked, onChecked: (c) => { again = c; } });
    expect(again).not.toBe(checked);
    expect(second.rows[0].fields.sourceId).toBe('trade-fair');
    // Batch values and the mapping are part of what was checked too.
    let third: CheckedFile | undefined;
    const tagged = await planImport(repo, file, { checked: again, batch: { tags: ['expo'] }, onChecked: (c) => { third = c; } });
    expect(third).not.toBe(again);
    expect(tagged.rows[0].fields.tags).toEqual(['expo']);
    const mapping = again!.mapping.map((m) => (m.header === 'Email' ? { ...m, target: null } : m));
    const unmapped = await planImport(repo, file, { checked: again, mapping });
    expect(unmapped.rows[0].fields.email).toBeUndefined();
  });

  it("a plan never changes the check it shares: a person's company id is the plan's own", async () => {
    const repo = newRepo();
    const file = enc('Name,Email,Company\nAda L,ada@x.test,Engines Ltd\n');
    const checked = await checkImport(repo, file, { as: 'people' });
    const a = await planImport(repo, file, { as: 'people', checked });
    const b = await planImport(repo, file, { as: 'people', checked });
    expect(a.rows[0].fields.companyId).toBe(a.newCompanies[0].id);
    expect(b.rows[0].fields.companyId).toBe(b.newCompanies[0].id);
    expect(a.newCompanies[0].id).not.toBe(b.newCompanies[0].id);
    expect(checked.rows[0].fields.companyId).toBeUndefined();
  });
});
