import { describe, expect, it } from 'vitest';
import { commitPlan, planImport, previewImport, runImport, WRITE_SLICE, type ImportProgress } from '../../../src/io/import.ts';
import { undoBatch } from '../../../src/store/undo.ts';
import { newRepo } from './helpers.ts';

const enc = (text: string) => new TextEncoder().encode(text);
const rows = (n: number) => 'First Name,Last Name,Email\n' + Array.from({ length: n }, (_, i) => `P${i},L${i},p${i}@x.test`).join('\n');

describe('preview', () => {
  it('shows the first rows as they will be saved, ignored columns and counts; writes nothing', async () => {
    const repo = newRepo();
    const preview = await previewImport(repo, enc('Name,Email,Shoe Size\nAda Lovelace,ADA@X.TEST,38\nBob,bob@,\n'), { previewRows: 5, batch: { tags: ['event'] } });
    expect(preview.sample).toEqual([expect.objectContaining({ line: 2, action: 'create', fields: expect.objectContaining({ name: { first: 'Ada', last: 'Lovelace' }, email: 'ada@x.test', statusId: 'new', tags: ['event'] }) })]);
    expect(preview.ignoredColumns).toEqual(['Shoe Size']);
    expect(preview.invalid).toEqual([{ line: 3, reason: expect.stringMatching(/email/) }]);
    expect(preview.mapping.map((m) => m.target)).toEqual(['name', 'email', null]);
    expect(repo.list('leads')).toHaveLength(0);
  });

  it('uses the mapping the user edited', async () => {
    const repo = newRepo();
    const csv = enc('Who,Contact info\nAda,ada@x.test\n');
    await expect(planImport(repo, csv)).rejects.toMatchObject({ code: 'unmapped' });
    const plan = await planImport(repo, csv, { mapping: [{ index: 0, header: 'Who', target: 'firstName' }, { index: 1, header: 'Contact info', target: 'email' }] });
    expect(plan.rows[0].fields).toMatchObject({ name: { first: 'Ada' }, email: 'ada@x.test' });
  });
});

describe('duplicates by email', () => {
  async function withAda() {
    const repo = newRepo();
    const ada = repo.create('leads', { name: { first: 'Ada' }, email: 'ada@x.test', phones: [{ number: '+1 415 555 0101' }], tags: ['old'] });
    return { repo, ada };
  }
  const csv = enc('First Name,Last Name,Email,Phone,Tags\nAda,Lovelace,Ada@X.test,+1 415 555 0102,new\nBob,B,bob@x.test,,\nBobby,B,bob@x.test,,\n');

  it('skip (default): existing and repeated emails are skipped and shown', async () => {
    const { repo, ada } = await withAda();
    const plan = await planImport(repo, csv);
    expect(plan.rows.map((r) => [r.line, r.action, r.duplicateOf?.id ?? r.duplicateOf?.line])).toEqual([[2, 'skip', ada.id], [3, 'create', undefined], [4, 'skip', 3]]);
    const result = await commitPlan(repo, plan);
    expect([result.created, result.skipped]).toEqual([1, 2]);
    expect(repo.get('leads', ada.id)?.name).toEqual({ first: 'Ada' });
  });

  it('update: the file fills and replaces values, lists are merged', async () => {
    const { repo, ada } = await withAda();
    const result = await runImport(repo, csv, { duplicates: 'update' });
    expect([result.created, result.updated, result.skipped]).toEqual([1, 1, 1]);
    expect(repo.get('leads', ada.id)).toMatchObject({ name: { first: 'Ada', last: 'Lovelace' }, phones: [{ number: '+1 415 555 0101' }, { number: '+1 415 555 0102' }], tags: ['old', 'new'] });
  });

  it('create anyway', async () => {
    const { repo } = await withAda();
    expect((await runImport(repo, csv, { duplicates: 'create' })).created).toBe(3);
    expect(repo.list('leads')).toHaveLength(4);
  });

  it('companies are duplicates by name', async () => {
    const repo = newRepo();
    repo.create('companies', { name: 'Acme' });
    const plan = await planImport(repo, enc('Company,Website\nACME,https://acme.test\nGlobex,\n'), { as: 'companies' });
    expect(plan.rows.map((r) => r.action)).toEqual(['skip', 'create']);
  });
});

describe('one batch: undo', () => {
  it('undo removes what the import created and restores what it updated', async () => {
    const repo = newRepo();
    const ada = repo.create('leads', { name: { first: 'Ada' }, email: 'ada@x.test' });
    const result = await runImport(repo, enc('First Name,Email,Job Title\nAda,ada@x.test,Countess\nBob,bob@x.test,\n'), { duplicates: 'update' });
    expect(repo.get('leads', ada.id)?.title).toBe('Countess');
    expect(repo.list('leads')).toHaveLength(2);
    undoBatch(repo, result.batchId);
    expect(repo.list('leads').map((l) => l.id)).toEqual([ada.id]);
    expect(repo.get('leads', ada.id)?.title).toBeUndefined();
  });

  it('people with new companies: undo removes both', async () => {
    const repo = newRepo();
    repo.create('companies', { name: 'Acme' });
    const result = await runImport(repo, enc('Name,Email,Company\nAda L,ada@x.test,Engines Ltd\nBob B,bob@x.test,acme\n'), { as: 'people' });
    expect(repo.list('companies').map((c) => c.name).sort()).toEqual(['Acme', 'Engines Ltd']);
    undoBatch(repo, result.batchId);
    expect(repo.list('companies').map((c) => c.name)).toEqual(['Acme']);
    expect(repo.list('people')).toHaveLength(0);
  });

  it('an import of up to WRITE_SLICE rows is one transaction per record shard: observers see it arrive at once', async () => {
    const repo = newRepo();
    const perShard = new Map<string, number>();
    repo.docs.onUpdate(({ key }) => { if (key.startsWith('records/')) perShard.set(key, (perShard.get(key) ?? 0) + 1); });
    await runImport(repo, enc(rows(50)));
    expect(perShard.size).toBeGreaterThan(1); // 50 leads land in several shards
    expect([...perShard.values()].every((n) => n === 1)).toBe(true);
    expect(repo.list('leads')).toHaveLength(50);
  });
});

describe('batch options, progress and cancel', () => {
  it('sets source, status, owner and tags on every row', async () => {
    const repo = newRepo();
    await runImport(repo, enc(rows(3)), { batch: { sourceId: 'conference', statusId: 'open', ownerId: 'admin', tags: ['expo-2025'] } });
    expect(repo.list('leads').map((l) => [l.sourceId, l.statusId, l.ownerId, l.tags])).toEqual(Array(3).fill(['conference', 'open', 'admin', ['expo-2025']]));
  });

  it('an unknown batch status is refused before anything is written', async () => {
    const repo = newRepo();
    await expect(runImport(repo, enc(rows(3)), { batch: { statusId: 'nope' } })).rejects.toThrow(/status/);
    expect(repo.list('leads')).toHaveLength(0);
  });

  it('reports progress with count and time left', async () => {
    const events: ImportProgress[] = [];
    await runImport(newRepo(), enc(rows(2000)), { onProgress: (p) => events.push(p) });
    const checking = events.filter((e) => e.phase === 'checking');
    expect(checking.length).toBeGreaterThanOrEqual(3);
    expect(checking.every((e) => e.total === 2000 && e.done > 0 && typeof e.msLeft === 'number')).toBe(true);
    expect(events.at(-1)).toEqual({ phase: 'done', done: 2000, total: 2000, msLeft: 0 });
  });

  it('saves in slices with progress, and other work runs between them', async () => {
    const repo = newRepo();
    const events: ImportProgress[] = [];
    let seenMidway = -1;
    const result = await runImport(repo, enc(rows(2000)), {
      onProgress: (p) => {
        events.push(p);
        // Work queued while the import saves (a page's edit, a progress poll) runs before it ends.
        if (p.phase === 'saving' && p.done === WRITE_SLICE) setTimeout(() => { seenMidway = repo.list('leads').length; }, 0);
      },
    });
    expect(result.created).toBe(2000);
    const saving = events.filter((e) => e.phase === 'saving');
    expect(saving.map((e) => e.done)).toEqual([0, 500, 1000, 1500]);
    expect(saving.slice(1).every((e) => e.total === 2000 && typeof e.msLeft === 'number')).toBe(true);
    expect(seenMidway).toBeGreaterThanOrEqual(WRITE_SLICE);
    expect(seenMidway).toBeLessThan(2000);
    // Still one batch: one undo takes every slice back.
    undoBatch(repo, result.batchId);
    expect(repo.list('leads')).toHaveLength(0);
  });

  it('cancel while saving undoes the slices already written', async () => {
    const repo = newRepo();
    const controller = new AbortController();
    const run = runImport(repo, enc(rows(3000)), { signal: controller.signal, onProgress: (p) => { if (p.phase === 'saving' && p.done >= 1000) controller.abort(); } });
    // Progress said 1000 were saved; the slice after it was written before the cancel was heard.
    await expect(run).rejects.toMatchObject({ code: 'cancelled', message: expect.stringMatching(/the 1500 rows saved before you cancelled were undone/) });
    expect(repo.list('leads')).toHaveLength(0);
  });

  it('cancel leaves nothing imported', async () => {
    const repo = newRepo();
    const controller = new AbortController();
    const run = runImport(repo, enc(rows(3000)), { signal: controller.signal, onProgress: (p) => { if (p.done >= 1000) controller.abort(); } });
    await expect(run).rejects.toMatchObject({ code: 'cancelled', message: 'Import cancelled: nothing was imported.' });
    expect(repo.list('leads')).toHaveLength(0);
  });
});
