import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readConfig, upgradeConfig } from '../../../src/store/config-store.ts';
import { Engine } from '../../../src/store/engine.ts';
import { exportCsv } from '../../../src/io/export.ts';
import { planImport } from '../../../src/io/import.ts';
import { recordDocKey } from '../../../src/domain/routing.ts';
import { collectionMap, keyOf } from '../../../src/layout/records-doc.ts';
import { newRepo } from '../io/helpers.ts';

const SEED = { id: 'no-source', name: 'No source', order: 0, retired: false };
const enc = (text: string) => new TextEncoder().encode(text);

/** A workspace seeded before session 19b: its source list holds the "No source" entry, and a lead chose it. */
function oldWorkspace(seed: object = SEED) {
  const repo = newRepo();
  repo.docs.config.getMap('sources').set('no-source', seed);
  const lead = repo.create('leads', { name: { first: 'Ada' }, email: 'ada@x.test' });
  // As an older client stored the choice (today's create refuses the retired entry).
  collectionMap(repo.docs.doc(recordDocKey(lead.id)), 'leads').set(keyOf(lead.id, 'sourceId'), 'no-source');
  const other = repo.create('leads', { name: { first: 'Bo' }, email: 'bo@x.test', sourceId: 'email' });
  return { repo, lead, other };
}
const stored = (doc: Y.Doc) => doc.getMap('sources').get('no-source') as { name: string; retired: boolean } | undefined;

describe('the seeded "No source" source (config upgrade of session 19b)', () => {
  it('is retired by the upgrade, once: a second run changes nothing, and other sources stay', () => {
    const { repo } = oldWorkspace();
    const before = readConfig(repo.docs.config).sources.filter((s) => s.id !== 'no-source');
    expect(upgradeConfig(repo.docs.config)).toEqual(['sources/no-source']);
    expect(stored(repo.docs.config)).toEqual({ ...SEED, retired: true });
    const sv = Y.encodeStateVector(repo.docs.config);
    expect(upgradeConfig(repo.docs.config)).toEqual([]);
    expect(Y.encodeStateVector(repo.docs.config)).toEqual(sv);
    expect(readConfig(repo.docs.config).sources.filter((s) => s.id !== 'no-source')).toEqual(before);
  });

  it('reads as retired before any admin has upgraded (a member\'s pickers offer one "No source")', () => {
    const { repo } = oldWorkspace();
    const s = readConfig(repo.docs.config).sources;
    expect(s.find((e) => e.id === 'no-source')).toMatchObject({ retired: true });
    expect(s.filter((e) => !e.retired).map((e) => e.name)).not.toContain('No source');
  });

  it('a renamed seed is an admin\'s own source: neither retired nor hidden', () => {
    const { repo } = oldWorkspace({ ...SEED, name: 'Walk-in' });
    expect(upgradeConfig(repo.docs.config)).toEqual([]);
    expect(stored(repo.docs.config)).toMatchObject({ name: 'Walk-in', retired: false });
    expect(readConfig(repo.docs.config).sources.find((e) => e.id === 'no-source')).toMatchObject({ retired: false });
  });

  it('a new lead can no longer choose it: a clear refusal, nothing written', () => {
    const { repo } = oldWorkspace();
    const before = repo.list('leads').length;
    expect(() => repo.create('leads', { name: { first: 'Cy' }, sourceId: 'no-source' })).toThrow(/source "No source" is retired/);
    expect(repo.list('leads').length).toBe(before);
  });

  it('a new workspace has nothing to upgrade', () => {
    const repo = newRepo();
    expect(upgradeConfig(repo.docs.config)).toEqual([]);
    expect(stored(repo.docs.config)).toBeUndefined();
  });

  it('a lead holding "no-source" reads as no source (record page, lists, export); others keep theirs', () => {
    const { repo, lead, other } = oldWorkspace();
    upgradeConfig(repo.docs.config);
    expect(repo.get('leads', lead.id)).not.toHaveProperty('sourceId');
    expect(repo.get('leads', other.id)?.sourceId).toBe('email');
    const csv = exportCsv(repo, 'leads').split(/\r?\n/);
    const col = csv[0].split(',').indexOf('Lead Source');
    const cells = Object.fromEntries(csv.slice(1).filter(Boolean).map((l) => [l.split(',')[csv[0].split(',').indexOf('First Name')], l.split(',')[col]]));
    expect(cells).toEqual({ Ada: '', Bo: 'Email' });
  });

  it('an imported "No source" cell leaves the source empty without a warning; an unknown name still warns', async () => {
    for (const repo of [oldWorkspace().repo, newRepo()]) {
      const plan = await planImport(repo, enc('First Name,Email,Lead Source\nAda,ada@y.test,No source\nBo,bo@y.test,no-source\nCy,cy@y.test,Fax\nDi,di@y.test,Email'));
      expect(plan.rows.map((r) => [r.fields.sourceId, r.warnings.length])).toEqual([[undefined, 0], [undefined, 0], [undefined, 1], ['email', 0]]);
      expect(plan.rows[2].warnings[0]).toMatch(/source "Fax" is not one of this workspace's sources/);
    }
  });

  it('an admin\'s start runs the upgrade and keeps it; a member\'s start writes no config but reads the seed retired', async () => {
    const workspaceId = `no-source-${Math.random()}`;
    const start = async (role: 'admin' | 'member') => { const e = new Engine({ workspaceId, actor: { memberId: role === 'admin' ? 'm1' : 'm2', role } }); await e.ready; return e; };
    const first = await start('admin');
    first.docs.config.getMap('sources').set('no-source', SEED); // as the workspace was seeded before
    await first.settle();
    await first.destroy();

    const member = await start('member');
    expect(stored(member.docs.config)).toEqual(SEED);
    expect(readConfig(member.docs.config).sources.find((e) => e.id === 'no-source')).toMatchObject({ retired: true });
    await member.destroy();

    const admin = await start('admin');
    expect(stored(admin.docs.config)).toEqual({ ...SEED, retired: true });
    await admin.settle();
    await admin.destroy();
    const again = await start('member');
    expect(stored(again.docs.config)).toEqual({ ...SEED, retired: true });
    await again.destroy();
  });
});
