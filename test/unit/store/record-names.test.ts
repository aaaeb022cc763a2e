import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/store/engine.ts';
import { readPort } from '../../../src/ext/read-port.ts';
import type { RecordName } from '../../../src/ui/ports.ts';

const until = async (ok: () => boolean, ms = 5000) => {
  const t0 = Date.now();
  while (!ok()) { if (Date.now() - t0 > ms) throw new Error('timed out'); await new Promise((r) => setTimeout(r, 10)); }
};

describe('watchNames: the names of the records tasks are about (read port)', () => {
  it('names live records, marks one in the trash, leaves out one never stored; follows a rename', async () => {
    const engine = new Engine({ workspaceId: `record-names-${Date.now()}`, actor: { memberId: 'm1', role: 'admin', name: 'M' } });
    await engine.ready;
    const ada = engine.repo.create('leads', { name: { first: 'Ada', last: 'Lovelace' } });
    const acme = engine.repo.create('companies', { name: 'Acme' });
    await engine.settle();
    await engine.run(() => engine.repo.delete('companies', acme.id));
    await engine.settle();
    const read = readPort(engine.db, () => () => {});
    const seen: Record<string, RecordName>[] = [];
    const stop = read.watchNames!([{ type: 'leads', id: ada.id }, { type: 'companies', id: acme.id }, { type: 'people', id: 'never' }, { type: 'leads', id: ada.id }], (n) => seen.push(n));
    await until(() => seen.length > 0);
    expect(seen.at(-1)).toEqual({ [`leads:${ada.id}`]: { name: 'Ada Lovelace', deleted: false }, [`companies:${acme.id}`]: { name: 'Acme', deleted: true } });
    await engine.run(() => engine.repo.update('leads', ada.id, { name: { first: 'Ada', last: 'King' } }));
    await engine.settle();
    await until(() => seen.at(-1)![`leads:${ada.id}`]?.name === 'Ada King');
    stop();
    await engine.destroy();
  });
});
