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
    expect(c.out.error[0]).toMatch(/Unknown source "Nowhere"\. Choose one of: No source, Email/);
    c = capture();
    expect(await main(['list', 'leads'], {}, c.io)).toBe(2);
    expect(c.out.error[0]).toMatch(/--local DIR, or --relay URL/);
    c = capture();
    expect(await main(['frobnicate', ...ws], {}, c.io)).toBe(2);
  });
});
