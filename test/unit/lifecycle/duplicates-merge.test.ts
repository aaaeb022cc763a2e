import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { recordDocKey } from '../../../src/domain/routing.ts';
import { NotFoundError, PermissionError, RuleError, ValidationError } from '../../../src/domain/index.ts';
import { convertLead, createTask, findDuplicates, findDuplicatesInReadModel, mergeRecords, resolveMerged, timeline } from '../../../src/store/lifecycle/index.ts';
import { undoBatch } from '../../../src/store/undo.ts';
import { ReadDB } from '../../../src/store/read-db.ts';
import { toRow } from '../../../src/store/rows.ts';
import { COLLECTIONS } from '../../../src/domain/index.ts';
import { timelineParents } from '../../../src/domain/lifecycle/timeline.ts';
import { refused, syncAll, workspace } from './helpers.ts';

function seedContacts() {
  const w = workspace();
  const { repo } = w;
  const acme = repo.create('companies', { name: 'Acme Inc', emailDomain: 'acme.io' });
  const ada = repo.create('people', { name: { first: 'Ada', last: 'Lovelace' }, companyId: acme.id, emails: [{ email: 'ada@acme.io' }], phones: [{ number: '+1 415 555 0100' }], socials: [{ url: 'https://linkedin.com/in/ada' }] });
  const adaLead = repo.create('leads', { name: { first: 'A.', last: 'Lovelace' }, companyName: 'ACME', email: 'ada.l@gmail.com' });
  const phoneTwin = repo.create('leads', { name: { first: 'Someone' }, phones: [{ number: '(415) 555-0100' }] });
  const socialTwin = repo.create('people', { name: { first: 'Anon' }, socials: [{ url: 'www.linkedin.com/in/ADA/' }] });
  const stranger = repo.create('people', { name: { first: 'Ada', last: 'Lovelace' } }); // same name, no company
  const acme2 = repo.create('companies', { name: 'ACME', emailDomain: 'acme.io' });
  return { ...w, acme, ada, adaLead, phoneTwin, socialTwin, stranger, acme2 };
}

describe('duplicates', () => {
  it('finds duplicates of a candidate ranked with reasons: email, phone, social, similar name at the same company', () => {
    const s = seedContacts();
    const found = findDuplicates(s.repo, { collection: 'leads', candidate: { name: { first: 'Ada', last: 'Lovelace' }, email: 'ADA@acme.io', companyName: 'Acme', phones: [{ number: '415-555-0100' }], socials: [{ url: 'linkedin.com/in/ada' }] } });
    expect(found.map((m) => [m.id, m.reasons.map((r) => r.kind)])).toEqual([
      [s.ada.id, ['email', 'phone', 'social', 'name']],
      [s.socialTwin.id, ['social']],
      [s.phoneTwin.id, ['phone']],
      [s.adaLead.id, ['name']],
    ]);
    expect(found.map((m) => m.id)).not.toContain(s.stranger.id);
  });

  it('finds duplicates of a stored record (not itself), companies by domain and name; index follows edits and deletes', () => {
    const s = seedContacts();
    expect(findDuplicates(s.repo, { collection: 'companies', id: s.acme.id }).map((m) => [m.id, m.reasons.map((r) => r.kind)])).toEqual([[s.acme2.id, ['domain', 'companyName']]]);
    expect(findDuplicates(s.repo, { collection: 'people', id: s.ada.id }).map((m) => m.id)).toEqual([s.socialTwin.id, s.phoneTwin.id, s.adaLead.id]);
    s.repo.update('leads', s.phoneTwin.id, { phones: [] });
    s.repo.delete('people', s.socialTwin.id);
    expect(findDuplicates(s.repo, { collection: 'people', id: s.ada.id }).map((m) => m.id)).toEqual([s.adaLead.id]);
    expect(() => findDuplicates(s.repo, { collection: 'people', id: 'ghost' })).toThrow(NotFoundError);
  });

  it('a converted lead is not a duplicate of its person, nor offered as one', () => {
    const { repo } = workspace();
    const lead = repo.create('leads', { name: { first: 'Ada' }, email: 'ada@acme.io' });
    const r = convertLead(repo, lead.id);
    expect(findDuplicates(repo, { collection: 'people', id: r.person.id })).toEqual([]);
    expect(findDuplicates(repo, { collection: 'leads', candidate: { email: 'ada@acme.io' } }).map((m) => m.id)).toEqual([r.person.id]);
  });

  it('the read-model lookup (Dexie indexes) agrees with the in-memory one', async () => {
    const s = seedContacts();
    const db = new ReadDB(`dupes-${Math.random()}`);
    for (const c of COLLECTIONS) await db.records.bulkPut(s.repo.list(c).map((r) => toRow(c, r)));
    const candidate = { name: { first: 'Ada', last: 'Lovelace' }, email: 'ada@acme.io', companyName: 'Acme', phones: [{ number: '415-555-0100' }] };
    const fromDocs = findDuplicates(s.repo, { collection: 'leads', candidate }).map((m) => m.id);
    const fromDb = (await findDuplicatesInReadModel(db, { collection: 'leads', candidate })).map((m) => m.id);
    expect(fromDb).toEqual(fromDocs.filter((id) => id !== s.socialTwin.id));
    expect((await findDuplicatesInReadModel(db, { collection: 'companies', candidate: { name: 'Acme', emailDomain: 'acme.io' } })).map((m) => m.id).sort()).toEqual([s.acme.id, s.acme2.id].sort());
    db.close();
  });

  it('finds in the read model what the docs find when the words looked up start other words of the row (indexWords)', async () => {
    const w = workspace();
    // "hop" starts "hop.per@navy.mil" and "navy" starts "navy.mil": neither is indexed on its own.
    const navy = w.repo.create('companies', { name: 'Navy Yard', emailDomain: 'navy.mil' });
    const grace = w.repo.create('people', { name: { first: 'Grace', last: 'Hop' }, companyId: navy.id, emails: [{ email: 'hop.per@navy.mil' }], phones: [{ number: '+1 415 555 0199' }] });
    const db = new ReadDB(`dupes-pruned-${Math.random()}`);
    for (const c of COLLECTIONS) await db.records.bulkPut(w.repo.list(c).map((r) => toRow(c, r)));
    expect((await db.records.get(`people:${grace.id}`))!.words).not.toContain('people:hop');
    expect((await db.records.get(`companies:${navy.id}`))!.words).not.toContain('companies:navy');
    for (const candidate of [{ name: { first: 'Grace', last: 'Hop' }, companyName: 'Navy Yard' }, { name: { first: 'G', last: 'H' }, phones: [{ number: '415 555 0199' }] }]) {
      const fromDocs = findDuplicates(w.repo, { collection: 'leads', candidate }).map((m) => m.id);
      expect(fromDocs).toContain(grace.id);
      expect((await findDuplicatesInReadModel(db, { collection: 'leads', candidate })).map((m) => m.id)).toEqual(fromDocs);
    }
    expect((await findDuplicatesInReadModel(db, { collection: 'companies', candidate: { name: 'Navy Yard' } })).map((m) => m.id)).toEqual([navy.id]);
    db.close();
  });
});

describe('duplicates by mailbox (identity mailboxKey)', () => {
  it('finds another spelling of one mailbox in the index and in the read model, and nothing at an unknown domain', async () => {
    const w = workspace();
    const gmail = w.repo.create('leads', { name: { first: 'Jane', last: 'Doe' }, email: 'Jane.Doe@googlemail.com' });
    const outlook = w.repo.create('people', { name: { first: 'Sam', last: 'Roe' }, emails: [{ email: 'sam+newsletters@outlook.com' }] });
    const acme = w.repo.create('people', { name: { first: 'Kim', last: 'Poe' }, emails: [{ email: 'kim.poe@acme.io' }] });
    const db = new ReadDB(`dupes-mailbox-${Math.random()}`);
    for (const c of COLLECTIONS) await db.records.bulkPut(w.repo.list(c).map((r) => toRow(c, r)));
    const cases: [Record<string, unknown>, string[]][] = [
      [{ email: 'janedoe+crm@gmail.com' }, [gmail.id]],
      [{ email: 'JANE.DOE@gmail.com' }, [gmail.id]],
      [{ email: 'sam@outlook.com' }, [outlook.id]],
      [{ email: 'kim.poe@ACME.io' }, [acme.id]],
      [{ email: 'kimpoe@acme.io' }, []], // dots are another mailbox at an unknown domain
      [{ email: 'kim.poe+x@acme.io' }, []], // and so is a "+tag"
    ];
    for (const [candidate, ids] of cases) {
      const fromDocs = findDuplicates(w.repo, { collection: 'leads', candidate });
      expect(fromDocs.map((m) => m.id), JSON.stringify(candidate)).toEqual(ids);
      // The reason shows the found record's own spelling, not the mailbox key both share.
      const spelled = ['jane.doe@googlemail.com', 'sam+newsletters@outlook.com', 'kim.poe@acme.io'];
      for (const m of fromDocs) expect(m.reasons).toEqual([{ kind: 'email', value: spelled[[gmail.id, outlook.id, acme.id].indexOf(m.id)] }]);
      const fromRows = await findDuplicatesInReadModel(db, { collection: 'leads', candidate });
      expect(fromRows.map((m) => m.id), JSON.stringify(candidate)).toEqual(ids);
      expect(fromRows.map((m) => m.reasons)).toEqual(fromDocs.map((m) => m.reasons));
    }
    expect(findDuplicates(w.repo, { collection: 'leads', candidate: { email: 'janedoe@gmail.com' } })[0].reasons).toEqual([{ kind: 'email', value: 'jane.doe@googlemail.com' }]); // (stored lower-cased)
    db.close();
  });
});

describe('merge', () => {
  it('merges two people: chosen fields, unioned lists, every reference re-pointed, timeline kept; undo restores all', () => {
    const { repo } = workspace();
    const acme = repo.create('companies', { name: 'Acme' });
    const lead = repo.create('leads', { name: { first: 'Ada', last: 'L' }, email: 'ada@acme.io', companyName: 'Acme' });
    const conv = convertLead(repo, lead.id, { company: { mode: 'existing', id: acme.id }, opportunity: {} });
    const winner = repo.create('people', { name: { first: 'Ada', last: 'Lovelace' }, title: 'CTO', emails: [{ email: 'ada@home.org' }], tags: ['vip'] });
    const loser = conv.person;
    repo.logActivity({ typeId: 'call', parent: { type: 'people', id: loser.id }, details: 'Called the loser' });
    const task = createTask(repo, { name: 'Follow up', related: { type: 'people', id: loser.id } });
    const other = repo.create('opportunities', { name: 'Second', pipelineId: 'sales', stageId: 'qualified', primaryPersonId: loser.id });
    repo.update('people', loser.id, { tags: ['hot'], title: 'Chief' });

    const m = mergeRecords(repo, 'people', winner.id, loser.id, { title: 'loser' });
    expect(m.winner).toMatchObject({ name: { first: 'Ada', last: 'Lovelace' }, title: 'Chief', companyId: acme.id, emails: [{ email: 'ada@home.org' }, { email: 'ada@acme.io' }], tags: ['vip', 'hot'], mergedFromIds: [loser.id] });
    expect(repo.get('people', loser.id)).toBeUndefined();
    expect(repo.get('people', loser.id, { includeDeleted: true })?.mergedInto).toBe(winner.id);
    expect(repo.get('tasks', task.id)?.related).toEqual({ type: 'people', id: winner.id });
    expect(repo.get('opportunities', other.id)?.primaryPersonId).toBe(winner.id);
    expect(repo.get('opportunities', conv.opportunity!.id)?.primaryPersonId).toBe(winner.id);
    expect(repo.get('leads', lead.id)?.convertedTo?.personId).toBe(winner.id);
    expect(timeline(repo, { type: 'people', id: winner.id }).map((a) => a.details || a.system?.to)).toEqual(['Called the loser', 'converted']);
    expect(m.repointed).toHaveLength(4);
    // The loser's lead is the winner's too: the side panel's timeline and the signals read the winner alone.
    expect(m.winner.convertedFromLeadIds).toEqual([lead.id]);
    expect(timelineParents('people', m.winner)).toEqual([`leads:${lead.id}`, `people:${loser.id}`, `people:${winner.id}`].sort());

    const undo = undoBatch(repo, m.batchId);
    expect(undo.skipped).toEqual([]);
    expect(repo.get('people', loser.id)).toMatchObject({ title: 'Chief', tags: ['hot'] });
    expect(repo.get('people', loser.id)?.mergedInto).toBeUndefined();
    expect(repo.get('people', winner.id)).toMatchObject({ title: 'CTO', tags: ['vip'], emails: [{ email: 'ada@home.org', category: 'work' }] });
    expect(repo.get('people', winner.id)?.companyId).toBeUndefined();
    expect(repo.get('tasks', task.id)?.related).toEqual({ type: 'people', id: loser.id });
    expect(repo.get('opportunities', other.id)?.primaryPersonId).toBe(loser.id);
    expect(repo.get('leads', lead.id)?.convertedTo?.personId).toBe(loser.id);
    expect(repo.get('people', winner.id)?.convertedFromLeadIds).toEqual([]);
  });

  it('merges in a chain (A into B, then B into C): C links A, B and their leads; the timeline of C shows all of them', () => {
    const { repo } = workspace();
    const leadA = repo.create('leads', { name: { first: 'Ann', last: 'Lee' }, email: 'ann@lee.io' });
    const a = convertLead(repo, leadA.id, {}).person;
    const b = repo.create('people', { name: { first: 'Ann', last: 'Lee' } });
    const c = repo.create('people', { name: { first: 'Ann', last: 'Lee' }, title: 'CEO' });
    repo.logActivity({ typeId: 'call', parent: { type: 'leads', id: leadA.id }, details: 'Met at the fair' });
    repo.logActivity({ typeId: 'call', parent: { type: 'people', id: a.id }, details: 'Called A' });
    repo.logActivity({ typeId: 'call', parent: { type: 'people', id: b.id }, details: 'Called B' });
    mergeRecords(repo, 'people', b.id, a.id);
    const m = mergeRecords(repo, 'people', c.id, b.id);
    expect(m.winner.mergedFromIds).toEqual([b.id, a.id]);
    expect(m.winner.convertedFromLeadIds).toEqual([leadA.id]);
    const keys = timelineParents('people', m.winner);
    expect(keys).toEqual([`leads:${leadA.id}`, `people:${a.id}`, `people:${b.id}`, `people:${c.id}`].sort());
    expect(timeline(repo, { type: 'people', id: c.id }).map((x) => x.details).filter(Boolean).sort()).toEqual(['Called A', 'Called B', 'Met at the fair']);
  });

  it('merging companies re-points people, opportunities and conversion links', () => {
    const { repo } = workspace();
    const lead = repo.create('leads', { name: { first: 'Bo' }, email: 'bo@acme.io', companyName: 'Acme' });
    const conv = convertLead(repo, lead.id, { opportunity: {} });
    const acme = repo.create('companies', { name: 'Acme Corp', phones: [{ number: '+1 212 555 0199' }] });
    mergeRecords(repo, 'companies', acme.id, conv.company!.id);
    expect(repo.get('people', conv.person.id)?.companyId).toBe(acme.id);
    expect(repo.get('opportunities', conv.opportunity!.id)?.companyId).toBe(acme.id);
    expect(repo.get('leads', lead.id)?.convertedTo?.companyId).toBe(acme.id);
    expect(repo.get('companies', acme.id)).toMatchObject({ name: 'Acme Corp', emailDomain: 'acme.io' });
  });

  it("merging companies where a teammate's edit of a person arrived before the person: the merge goes through, the unreadable record is left to mergedInto", () => {
    const { repo, docs } = workspace();
    const keep = repo.create('companies', { name: 'Acme Corp' });
    const gone = repo.create('companies', { name: 'ACME' });
    const known = repo.create('people', { name: { first: 'Known' }, companyId: gone.id });
    // Only a later edit of person p-early reached this replica: its key, not its create.
    const elsewhere = new Y.Doc();
    elsewhere.getMap('people').set('p-early/companyId', gone.id);
    Y.applyUpdate(docs.doc(recordDocKey('p-early')), Y.encodeStateAsUpdate(elsewhere), 'remote');
    expect(repo.get('people', 'p-early', { includeDeleted: true })).toBeUndefined();

    const m = mergeRecords(repo, 'companies', keep.id, gone.id);
    expect(m.repointed).toEqual([{ collection: 'people', id: known.id, field: 'companyId' }]);
    expect(repo.get('people', known.id)?.companyId).toBe(keep.id);
    expect(resolveMerged(repo, 'companies', gone.id)).toBe(keep.id);
  });

  it('refusals write nothing: self, missing, viewer, converted leads, unknown field, list over its cap, already merged', () => {
    const { docs, repo, as } = workspace();
    const a = repo.create('leads', { name: { first: 'A' }, tags: Array.from({ length: 30 }, (_, i) => `a${i}`) });
    const b = repo.create('leads', { name: { first: 'B' }, tags: Array.from({ length: 30 }, (_, i) => `b${i}`) });
    const c = repo.create('leads', { name: { first: 'C' } });
    refused(docs, () => mergeRecords(repo, 'leads', a.id, a.id), RuleError, 'loserId');
    refused(docs, () => mergeRecords(repo, 'leads', a.id, 'ghost'), NotFoundError);
    refused(docs, () => mergeRecords(as({ memberId: 'v', role: 'viewer' }), 'leads', a.id, c.id), PermissionError);
    refused(docs, () => mergeRecords(repo, 'leads', a.id, c.id, { colour: 'loser' }), RuleError, 'colour');
    refused(docs, () => mergeRecords(repo, 'leads', a.id, b.id), ValidationError, 'tags');
    convertLead(repo, c.id);
    refused(docs, () => mergeRecords(repo, 'leads', a.id, c.id), RuleError, 'convertedAt');
    const d = repo.create('leads', { name: { first: 'D' } });
    const e = repo.create('leads', { name: { first: 'E' } });
    mergeRecords(repo, 'leads', d.id, e.id);
    expect(refused(docs, () => mergeRecords(repo, 'leads', d.id, e.id), RuleError, 'loserId').message).toBe('This lead was already merged into another record');
    refused(docs, () => mergeRecords(repo, 'leads', e.id, a.id), RuleError, 'winnerId');
  });

  it('two teammates merging two people into each other offline: both trashed, one answer on every replica', () => {
    const a = workspace();
    const b = workspace({ memberId: 'm2', role: 'member' });
    const x = a.repo.create('people', { name: { first: 'X' } });
    const y = a.repo.create('people', { name: { first: 'Y' } });
    syncAll(a.docs, b.docs);
    mergeRecords(a.repo, 'people', x.id, y.id);
    mergeRecords(b.repo, 'people', y.id, x.id);
    syncAll(a.docs, b.docs);
    const answer = [x.id, y.id].sort()[0];
    for (const { repo } of [a, b]) {
      expect(repo.list('people')).toEqual([]);
      expect(resolveMerged(repo, 'people', x.id)).toBe(answer);
      expect(resolveMerged(repo, 'people', y.id)).toBe(answer);
    }
    a.repo.restore('people', answer);
    expect(a.repo.get('people', answer)).toBeDefined();
  });
});
