import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/store/engine.ts';
import { handleEngineMessage } from '../../../src/bridge/host.ts';
import { BRIDGE_VERSION, FILE_GONE, MAX_FILE_BASE64 } from '../../../src/bridge/protocol.ts';

/** The Import/Export bridge ops as the engine answers them: parsed, run after load, written through. */
describe('import and export over the bridge', () => {
  const engines: Engine[] = [];
  afterEach(async () => { for (const e of engines.splice(0)) await e.destroy(); });
  function engine() {
    const e = new Engine({ workspaceId: `ws-io-${Math.random()}`, actor: { memberId: 'm1', role: 'admin' } });
    engines.push(e);
    return e;
  }
  const send = (e: Engine, call: unknown) => handleEngineMessage(e, { target: 'engine', v: BRIDGE_VERSION, call }, true);
  const file = (text: string) => ({ name: 'leads.csv', base64: Buffer.from(text).toString('base64') });
  const settings = { as: 'leads', duplicates: 'skip' };
  const CSV = 'Name,Email\nGrace Hopper,grace@navy.test\nBad,nope\n';

  it('previews, then imports one batch that the read model has when the reply comes, and undoes it', async () => {
    const e = engine();
    const preview = await send(e, { op: 'importPreview', jobId: 'j1', file: file(CSV), settings });
    expect(preview).toMatchObject({ ok: true, value: { counts: { create: 1, invalid: 1 }, invalid: [{ line: 3 }] } });
    expect(await e.run(() => e.repo.list('leads'))).toHaveLength(0);

    const refused = await send(e, { op: 'importRun', jobId: 'j2', file: file(CSV), settings, confirmInvalid: false });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-rows' } });
    const run = await send(e, { op: 'importRun', jobId: 'j3', file: file(CSV), settings, confirmInvalid: true });
    expect(run).toMatchObject({ ok: true, value: { created: 1, invalid: 1 } });
    // Answered once durable: the docs hold the row now, the read model once its batch lands.
    expect(await e.run(() => e.repo.list('leads'))).toHaveLength(1);
    await e.projector.flush();
    expect((await e.db.records.toArray()).filter((r) => r.type === 'leads')).toHaveLength(1);
    expect(await send(e, { op: 'importProgress', jobId: 'j3' })).toEqual({ ok: true, value: null });

    const batchId = (run as { value: { batchId: string } }).value.batchId;
    expect(await send(e, { op: 'undoBatch', batchId })).toMatchObject({ ok: true });
    expect(await e.run(() => e.repo.list('leads'))).toHaveLength(0);
  });

  it('keeps a file sent once under its id: previews and the import name it; a file it let go is refused with file-gone, nothing written', async () => {
    const e = engine();
    const ok = await send(e, { op: 'importPreview', jobId: 'p1', file: { fileId: 'f1', ...file(CSV) }, settings });
    expect(ok).toMatchObject({ ok: true, value: { counts: { create: 1 } } });
    expect(await send(e, { op: 'importPreview', jobId: 'p2', file: { fileId: 'f1' }, settings })).toMatchObject({ ok: true, value: { counts: { create: 1, invalid: 1 } } });

    // Two files are kept: a third lets the least recently used go.
    await send(e, { op: 'importPreview', jobId: 'p3', file: { fileId: 'f2', ...file('Name\nAda\n') }, settings });
    await send(e, { op: 'importPreview', jobId: 'p4', file: { fileId: 'f1' }, settings });
    await send(e, { op: 'importPreview', jobId: 'p5', file: { fileId: 'f3', ...file('Name\nAlan\n') }, settings });
    expect(await send(e, { op: 'importPreview', jobId: 'p6', file: { fileId: 'f2' }, settings })).toMatchObject({ ok: false, error: { code: FILE_GONE, message: /sent again/ } });
    expect(await send(e, { op: 'importRun', jobId: 'r0', file: { fileId: 'nope' }, settings, confirmInvalid: true })).toMatchObject({ ok: false, error: { code: FILE_GONE } });
    expect(await e.run(() => e.repo.list('leads'))).toHaveLength(0);

    // Saved: the file is let go, so the same import can't be sent twice by id.
    expect(await send(e, { op: 'importRun', jobId: 'r1', file: { fileId: 'f1' }, settings, confirmInvalid: true })).toMatchObject({ ok: true, value: { created: 1 } });
    expect(await send(e, { op: 'importRun', jobId: 'r2', file: { fileId: 'f1' }, settings, confirmInvalid: true })).toMatchObject({ ok: false, error: { code: FILE_GONE } });
    expect(await e.run(() => e.repo.list('leads'))).toHaveLength(1);
    // An id with neither bytes nor a known file, or bytes without a name, is malformed.
    expect(await send(e, { op: 'importPreview', jobId: 'p7', file: { fileId: 'f3', base64: 'QQ==' }, settings })).toMatchObject({ ok: false, error: { code: 'bad-message' } });
  });

  it('an import after the preview of the same file takes its checked rows; a config changed since is checked again', async () => {
    const e = engine();
    const big = ['Name,Email,Lead Source', ...Array.from({ length: 2_000 }, (_, i) => `Ann ${i},ann${i}@x.test,Trade fair`)].join('\n');
    /** The phases the job's progress went through while `call` ran (read between the run's slices). */
    const phasesDuring = async (jobId: string, call: Promise<unknown>) => {
      const seen = new Set<string>();
      let done = false;
      void call.finally(() => { done = true; });
      while (!done) {
        const p = (await send(e, { op: 'importProgress', jobId })) as { value: { phase: string } | null };
        if (p.value) seen.add(p.value.phase);
        await new Promise((r) => setImmediate(r));
      }
      return { seen, reply: await call };
    };
    const preview = await phasesDuring('p1', send(e, { op: 'importPreview', jobId: 'p1', file: { fileId: 'big', ...file(big) }, settings }));
    expect(preview.seen.has('checking')).toBe(true);
    expect(preview.reply).toMatchObject({ ok: true, value: { counts: { create: 2_000, warnings: 2_000 } } });
    const run = await phasesDuring('r1', send(e, { op: 'importRun', jobId: 'r1', file: { fileId: 'big' }, settings, confirmInvalid: false }));
    expect(run.reply).toMatchObject({ ok: true, value: { created: 2_000 } });
    expect(run.seen.has('checking')).toBe(false); // not checked again
    expect(run.seen.has('saving')).toBe(true);

    // The workspace gains the source the file names between a preview and the import: checked again.
    const small = { fileId: 'small', ...file('Name,Email,Lead Source\nGrace,grace@x.test,Trade fair\n') };
    expect(await send(e, { op: 'importPreview', jobId: 'p2', file: small, settings })).toMatchObject({ ok: true, value: { counts: { warnings: 1 } } });
    const added = await send(e, { op: 'admin', action: { action: 'addItem', list: 'sources', name: 'Trade fair' } });
    expect(added).toMatchObject({ ok: true });
    const imported = await send(e, { op: 'importRun', jobId: 'r2', file: { fileId: 'small' }, settings, confirmInvalid: false });
    const id = (imported as { value: { createdIds: string[] } }).value.createdIds[0];
    expect((await e.run(() => e.repo.get('leads', id)))?.sourceId).toBe((added as { value: { id: string } }).value.id);
  });

  it('refuses malformed import messages: a file bigger than the limit, an unknown mapping target', async () => {
    const e = engine();
    const big = await send(e, { op: 'importPreview', jobId: 'j', file: { name: 'x.csv', base64: 'A'.repeat(MAX_FILE_BASE64 + 4) }, settings });
    expect(big).toMatchObject({ ok: false, error: { code: 'bad-message' } });
    const target = await send(e, { op: 'importPreview', jobId: 'j', file: file(CSV), settings: { ...settings, mapping: [{ index: 0, header: 'Name', target: 'password' }] } });
    expect(target).toMatchObject({ ok: false, error: { code: 'bad-message' } });
  });

  it('exports the filtered ids, backs up, and restores only into an empty workspace unless merging', async () => {
    const e = engine();
    await e.ready;
    const a = e.repo.create('leads', { name: { first: 'Ada' }, email: 'ada@x.test' });
    e.repo.create('leads', { name: { first: 'Alan' }, email: 'alan@x.test' });
    const some = await send(e, { op: 'exportRecords', request: { format: 'vcard', type: 'leads', ids: [a.id] } });
    expect(some).toMatchObject({ ok: true, value: { count: 1 } });
    expect((some as { value: { text: string } }).value.text).toContain('ada@x.test');
    expect(await send(e, { op: 'exportRecords', request: { format: 'vcard', type: 'companies' } })).toMatchObject({ ok: false, error: { message: /people and leads/ } });

    const backup = (await send(e, { op: 'backup' })) as { value: string };
    const other = engine();
    expect(await send(other, { op: 'restoreBackup', text: backup.value, merge: false })).toMatchObject({ ok: true, value: { records: 2 } });
    expect((await other.db.records.toArray()).filter((r) => r.type === 'leads')).toHaveLength(2);
    expect(await send(e, { op: 'restoreBackup', text: backup.value, merge: false })).toMatchObject({ ok: false, error: { code: 'not-empty' } });
    expect(await send(e, { op: 'restoreBackup', text: backup.value, merge: true })).toMatchObject({ ok: true, value: { kept: 2 } });
  });
});
