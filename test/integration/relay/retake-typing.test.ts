import 'fake-indexeddb/auto';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/store/engine.ts';
import { collectionMap } from '../../../src/layout/records-doc.ts';
import { recordDocKey, shardOf } from '../../../src/domain/routing.ts';
import { startRelay } from '../../../sync-server/server.ts';
import { quietLog, sleep, teardown, tempDir, waitFor, workspaceWith, connectEngine as connect, savedOn as saved } from './helpers.ts';


/**
 * Bob, made a viewer while offline, comes back with edits the relay refuses; his copy is retaken
 * for the team's. He keeps typing all along (his device still thinks he is a member): every
 * value he typed must end in his copy or in a "Not saved" note, never in neither; his stored
 * copy must never hold a change it cannot integrate; the team's record must never leave his list.
 */
describe('a viewer typing while the relay refuses and his copy is retaken', () => {
  it('loses nothing typed, stores nothing dangling, and keeps the team\'s record listed', async () => {
    const data = await tempDir();
    const relay = await startRelay({ port: 0, log: quietLog, dataDir: data.dir });
    const ws = await workspaceWith(relay, ['member']);
    const a = new Engine({ workspaceId: `a-${ws.workspaceId}`, actor: { memberId: ws.members.admin, name: 'Alice', role: 'admin' } });
    const b = new Engine({ workspaceId: `b-${ws.workspaceId}`, actor: { memberId: ws.members.member, name: 'Bob', role: 'member' } });
    await Promise.all([a.ready, b.ready]);
    const ca = connect(relay.wsUrl, ws.workspaceId, ws.tokens.admin, a);
    let cb = connect(relay.wsUrl, ws.workspaceId, ws.tokens.member, b);
    const ada = 'lead-ada';
    const key = recordDocKey(ada);
    // Ids of Ada's shard: the team's leads Bob edits (one each, so no value he typed replaces
    // another) and the new leads he makes; all land in the doc being retaken.
    const inShard = (prefix: string) => { const out: string[] = []; for (let i = 0; out.length < 30; i++) if (shardOf(`${prefix}-${i}`) === shardOf(ada)) out.push(`${prefix}-${i}`); return out; };
    const teams = inShard('team');
    const fresh = inShard('typed');
    const adaRow = async (e: Engine) => (await e.db.records.get(`leads:${ada}`))?.data as { title?: string; companyName?: string } | undefined;
    try {
      await saved(ca, 'Alice');
      await a.run(() => a.repo.create('leads', { name: { first: 'Ada', last: 'Lovelace' }, title: 'Engineer' }, { id: ada }));
      for (const id of teams) await a.run(() => a.repo.create('leads', { name: { first: 'Team', last: id } }, { id }));
      await waitFor(async () => (await adaRow(b))?.title === 'Engineer' && (await b.db.records.bulkGet(teams.map((t) => `leads:${t}`))).every(Boolean), 15_000, "the team's leads at Bob's");
      await saved(cb, 'Bob');

      cb.destroy();
      await relay.registry.setRole(ws.workspaceId, ws.members.member, 'viewer');
      await b.run(() => b.repo.update('leads', ada, { title: 'Founder' }));
      await b.settle();

      // Back online, typing every few milliseconds through the refusal and the retakes it brings.
      cb = connect(relay.wsUrl, ws.workspaceId, ws.tokens.member, b);
      const typed: string[] = [];
      /** Each edit's error, or null: caught at once (a rejection left unhandled a while is noise). */
      const outcomes: Promise<string | null>[] = [];
      const outcome = (p: Promise<unknown>) => outcomes.push(p.then(() => null, (e: unknown) => String(e)));
      const missing: number[] = [];
      for (let i = 0; i < fresh.length; i++) {
        const company = `Company ${i}`;
        const name = `Typed${i}`;
        typed.push(company, name);
        outcome(b.run(() => b.edits.update('leads', teams[i], { companyName: company })));
        outcome(b.run(() => b.repo.create('leads', { name: { first: name, last: 'Lead' } }, { id: fresh[i] })));
        // The lead he made a moment ago, still on his screen: by now it may live only in what the
        // relay refused (its doc retaken). His title must land somewhere, and never as "No leads record".
        if (i > 0) {
          const title = `Title typed ${i}`;
          typed.push(title);
          outcome(b.run(() => b.edits.update('leads', fresh[i - 1], { title })));
        }
        await sleep(i < 10 ? 5 : 25);
        if (!(await b.db.records.bulkGet([ada, ...teams].map((t) => `leads:${t}`))).every(Boolean)) missing.push(i);
      }
      // Each edit is saved (then refused by the relay: a note) or answers that it was not saved
      // and where its text is kept: nothing else.
      const errors = (await Promise.all(outcomes)).filter((e) => e !== null);
      console.log(`${outcomes.length} edits: ${errors.length} answered Not saved at once`);
      expect(errors.filter((e) => !/^NotSavedError: Not saved: Viewers cannot change this workspace\. What you typed is kept/.test(e!))).toEqual([]);
      await waitFor(async () => (await b.refused!.list()).some((c) => c.value === 'Founder'), 20_000, 'the refused title kept');
      await saved(cb, 'Bob after typing');
      await b.settle();

      expect(missing, 'turns at which a team\'s lead was not in Bob\'s list').toEqual([]);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, await b.store!.merged(key));
      expect(doc.store.pendingStructs, 'a change stored on clocks the doc lacks').toBeNull();
      expect(doc.store.pendingDs).toBeNull();
      const inDoc = [...collectionMap(doc, 'leads').values()].map((v) => JSON.stringify(v));
      const notes = (await b.refused!.list()).map((c) => JSON.stringify(c.value));
      const lost = typed.filter((t) => !inDoc.some((v) => v.includes(t)) && !notes.some((v) => v.includes(t)));
      expect(lost).toEqual([]);
      // And none stays shown as if saved: the relay refused each, so each is in a note.
      expect(typed.filter((t) => !notes.some((v) => v.includes(t)))).toEqual([]);
      // Nothing of Bob's reached the team; his copy shows the team's Ada.
      expect(await adaRow(a)).toMatchObject({ title: 'Engineer' });
      expect((await a.db.records.bulkGet(teams.map((t) => `leads:${t}`))).map((r) => (r?.data as { companyName?: string }).companyName)).toEqual(teams.map(() => undefined));
      expect(await a.db.records.get(`leads:${fresh[0]}`)).toBeUndefined();
      expect((await adaRow(b))?.title).toBe('Engineer');
    } finally {
      await teardown([ca, cb], [a, b], relay, data);
    }
  }, 120_000);
});
