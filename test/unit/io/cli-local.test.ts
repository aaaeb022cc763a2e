import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { FIXTURES } from './helpers.ts';

function capture() {
  const out = { log: [] as string[], error: [] as string[] };
  return { out, io: { log: (s: string) => out.log.push(s), error: (s: string) => out.error.push(s) } };
}

describe('CLI in --local mode (docs saved as Yjs update files)', () => {
  const dirs: string[] = [];
  afterAll(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); });

  it('imports, keeps the workspace between runs, lists with a status filter, refuses bad input and usage', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outpost-cli-local-'));
    dirs.push(dir);
    const ws = ['--local', join(dir, 'ws')];
    let c = capture();
    expect(await main(['import', join(FIXTURES, 'hubspot-contacts.csv'), ...ws], {}, c.io)).toBe(0);
    expect(c.out.log.at(-1)).toMatch(/1 created, 0 updated, 0 skipped/);
    c = capture();
    expect(await main(['import', join(FIXTURES, 'hubspot-contacts.csv'), '--duplicates', 'skip', ...ws], {}, c.io)).toBe(1);
    expect(c.out.error.join('\n')).toMatch(/already in the workspace/);
    c = capture();
    expect(await main(['list', 'leads', '--status', 'Open', ...ws], {}, c.io)).toBe(0);
    expect(c.out.log).toEqual([expect.stringMatching(/\tLinus Tor\tlinus@kernel\.test\tKernel Inc\tOpen$/)]);

    const empty = join(dir, 'empty.csv');
    await writeFile(empty, '');
    c = capture();
    expect(await main(['import', empty, ...ws], {}, c.io)).toBe(1);
    expect(c.out.error).toEqual(['The file is empty.']);
    c = capture();
    expect(await main(['import', join(dir, 'missing.csv'), ...ws], {}, c.io)).toBe(1);
    expect(c.out.error[0]).toMatch(/no such file/);
    c = capture();
    expect(await main(['import', join(FIXTURES, 'tabs.tsv'), '--source', 'Nowhere', ...ws], {}, c.io)).toBe(2);
    expect(c.out.error[0]).toMatch(/Unknown source "Nowhere"\. Choose one of: Email, Cold call/);
    c = capture();
    expect(await main(['list', 'leads'], {}, c.io)).toBe(2);
    expect(c.out.error[0]).toMatch(/--local DIR, or --relay URL/);
    c = capture();
    expect(await main(['frobnicate', ...ws], {}, c.io)).toBe(2);
  });
});

describe('CLI export and list of deals and tasks', () => {
  it('exports deals as CSV with names, filters them by their own status, lists them with stage and value, and refuses what does not fit', async () => {
    const { openLocal } = await import('../../../src/cli/workspace.ts');
    const dir = await mkdtemp(join(tmpdir(), 'outpost-cli-deals-'));
    const ws = ['--local', join(dir, 'ws')];
    const w = await openLocal(join(dir, 'ws'));
    const won = w.repo.create('opportunities', { name: 'Analytical engine', stageId: 'qualified', pipelineId: 'sales', status: 'won', monetaryValue: 9000, currency: 'EUR' });
    w.repo.create('opportunities', { name: 'Navy compilers', stageId: 'qualified', pipelineId: 'sales', monetaryValue: 42000 });
    w.repo.create('tasks', { name: 'Send the proposal' });
    await w.close();
    try {
      let c = capture();
      const out = join(dir, 'deals.csv');
      expect(await main(['export', '--type', 'opportunities', '--out', out, ...ws], {}, c.io)).toBe(0);
      const { readFile } = await import('node:fs/promises');
      const csv = await readFile(out, 'utf8');
      expect(csv).toMatch(/Analytical engine/);
      expect(csv).toMatch(/Navy compilers/);
      expect(csv).toMatch(/Qualified/); // the stage by name, not its id
      c = capture();
      expect(await main(['list', 'opportunities', '--status', 'Won', ...ws], {}, c.io)).toBe(0);
      expect(c.out.log).toEqual([`${won.id}\tAnalytical engine\tQualified\t€9,000.00\twon`]);
      c = capture();
      expect(await main(['list', 'tasks', ...ws], {}, c.io)).toBe(0);
      expect(c.out.log).toEqual([expect.stringMatching(/\tSend the proposal\t\topen$/)]);
      c = capture();
      expect(await main(['list', 'opportunities', '--status', 'pending', ...ws], {}, c.io)).toBe(2);
      expect(c.out.error[0]).toMatch(/Unknown deal status "pending"\. Choose one of: open, won, lost, abandoned\./);
      c = capture();
      expect(await main(['export', '--type', 'opportunities', '--format', 'vcard', ...ws], {}, c.io)).toBe(2);
      expect(c.out.error[0]).toMatch(/vCard export is for leads and people/);
      c = capture();
      expect(await main(['export', '--type', 'deals', ...ws], {}, c.io)).toBe(2);
      expect(c.out.error[0]).toMatch(/--type must be one of leads, people, companies, opportunities, tasks/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
