import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { extractFromHtml, mergeCandidates } from '../../../src/capture/index.ts';
import { withOrigin } from '../../../src/capture/draft.ts';
import { candidateExtras, captureProvenance, withExtras } from '../../../src/capture/to-record.ts';
import { draftFromCandidate, draftInput, type NewLeadDraft } from '../../../src/ui/models/new-lead-model.ts';
import { describeProvenance, provenanceOf, ValidationError, type ProvenanceMap } from '../../../src/domain/index.ts';
import { convertLead, mergeRecords } from '../../../src/store/lifecycle/index.ts';
import { backupWorkspace, parseBackup, restoreWorkspace } from '../../../src/io/backup.ts';
import { exportCsv } from '../../../src/io/export.ts';
import { runImport } from '../../../src/io/import.ts';
import { collectionMap, readRecord } from '../../../src/layout/records-doc.ts';
import { recordKey } from '../../../src/store/layout.ts';
import { workspace } from './helpers.ts';
import { undoBatch } from '../../../src/store/undo.ts';

const PAGE = 'https://acme.example/team';
const HTML = `
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Person","name":"Grace Hopper","jobTitle":"Engineer",
 "email":"grace@acme.example","telephone":"+1 415 555 0100","worksFor":{"@type":"Organization","name":"Acme"}}</script>
<div class="h-card"><span class="p-name">Grace Hopper</span> <a class="u-email" href="mailto:grace@acme.example">mail</a>
 <span class="p-tel">+1 415 555 0199</span></div>`;

/** What the capture card saves for the page's first candidate (the form as filled, plus extras). */
function captured(html = HTML, edit: Partial<NewLeadDraft> = {}) {
  const [c] = mergeCandidates(extractFromHtml(html, { baseUrl: PAGE })).map((x) => withOrigin(x, { page: PAGE }));
  const draft = { ...{ first: '', last: '', email: '', companyName: '', title: '', phone: '', website: '', sourceId: '', statusId: '' }, ...draftFromCandidate(c), ...edit, sourceId: '' };
  const input = withExtras(draftInput(draft, 'leads'), candidateExtras(c), 'leads');
  return { c, input, provenance: captureProvenance(c, input) };
}
const prov = (r: { provenance?: ProvenanceMap }) => r.provenance ?? {};
const convertedDeal = (repo: ReturnType<typeof workspace>['repo'], leadId: string) => repo.get('leads', leadId)!.convertedTo!.opportunityId!;

describe('provenance: where each value came from', () => {
  it('a capture records per field the extractor that found it, the page, when and by whom; typed edits say typed', () => {
    const { repo } = workspace();
    const { input, provenance } = captured(HTML, { title: 'Rear Admiral' });
    const lead = repo.create('leads', input, { provenance });
    const p = prov(lead);
    expect(p.name).toMatchObject({ method: 'json-ld', url: PAGE, by: 'm1' });
    expect(p.email).toMatchObject({ method: 'json-ld', url: PAGE });
    expect(p.companyName).toMatchObject({ method: 'json-ld' });
    expect(p.title).toMatchObject({ method: 'typed', by: 'm1' }); // the user changed what the page said
    // The second phone came from the h-card, the first from JSON-LD: each entry says so.
    expect(provenanceOf(p, 'phones', lead.phones[0])?.method).toBe('json-ld');
    expect(provenanceOf(p, 'phones', lead.phones[1])?.method).toBe('h-card');
    expect(describeProvenance(provenanceOf(p, 'phones', lead.phones[1])!, (id) => (id === 'm1' ? 'Sam' : id), 'en-GB'))
      .toMatch(/^Found on https:\/\/acme\.example\/team via h-card · \d{1,2} \w{3} 1970 · by Sam$/);

    // A typed edit later: that field now says typed by the member, the others keep their origin.
    const edited = repo.update('leads', lead.id, { title: 'VP Sales', phones: [...lead.phones, { number: '+1 415 555 0142' }] });
    expect(prov(edited).title).toMatchObject({ method: 'typed', by: 'm1' });
    expect(provenanceOf(prov(edited), 'phones', edited.phones[0])?.method).toBe('json-ld');
    expect(provenanceOf(prov(edited), 'phones', edited.phones[2])?.method).toBe('typed');
    expect(prov(edited).email).toEqual(p.email);
    // Clearing a field drops its provenance with it.
    expect(prov(repo.update('leads', lead.id, { title: null })).title).toBeUndefined();
  });

  it('undo puts back where the old value came from, as well as the value', () => {
    const { repo } = workspace();
    const { input, provenance } = captured();
    const lead = repo.create('leads', input, { provenance });
    const before = prov(lead).title;
    repo.update('leads', lead.id, { title: 'VP Sales', details: 'new' }, { batchId: 'b1' });
    expect(prov(repo.get('leads', lead.id)!).title).toMatchObject({ method: 'typed' });
    undoBatch(repo, 'b1');
    const back = repo.get('leads', lead.id)!;
    expect(back.title).toBe('Engineer');
    expect(prov(back).title).toEqual(before);
    expect(prov(back).details).toBeUndefined(); // it had no value, so no source, before
  });

  it('refuses provenance smuggled in as a field, and a malformed origin, writing nothing', () => {
    const { repo } = workspace();
    expect(() => repo.create('leads', { name: { first: 'X' }, provenance: { name: { method: 'typed', at: 1, by: 'x' } } })).toThrow(ValidationError);
    const lead = repo.create('leads', { name: { first: 'X' } });
    expect(() => repo.update('leads', lead.id, { provenance: {} })).toThrow(ValidationError);
    expect(repo.list('leads')).toHaveLength(1);
  });

  it('follows the value through convert → merge → backup → restore, and export can include it', () => {
    const { repo, docs } = workspace();
    const { input, provenance } = captured();
    const lead = repo.create('leads', input, { provenance });
    const { person, company } = convertLead(repo, lead.id, { opportunity: { monetaryValue: 12000, currency: 'EUR' } });
    expect(prov(person).name).toEqual(prov(lead).name);
    expect(prov(person).title).toEqual(prov(lead).title);
    // The lead's one email became the person's emails list: that entry keeps its origin.
    expect(provenanceOf(prov(person), 'emails', person.emails[0])).toMatchObject({ method: 'json-ld', url: PAGE });
    expect(provenanceOf(prov(person), 'phones', person.phones[1])?.method).toBe('h-card');
    expect(prov(company!).name).toMatchObject({ method: 'json-ld', url: PAGE });
    // What the converter typed in the dialog (the deal's value and currency) is typed by them.
    const deal = repo.get('opportunities', convertedDeal(repo, lead.id))!;
    expect(prov(deal).monetaryValue).toMatchObject({ method: 'typed', by: 'm1' });
    expect(prov(deal).currency).toMatchObject({ method: 'typed', by: 'm1' });

    // A typed duplicate merged into the captured person: the kept values keep their origin,
    // the loser's values that win (a title the winner lacks, its extra phone) keep theirs.
    repo.update('people', person.id, { title: null });
    const typedTwin = repo.create('people', { name: { first: 'Grace', last: 'Hopper' }, title: 'Commodore', phones: [{ number: '+1 212 555 0000' }] });
    const { winner } = mergeRecords(repo, 'people', person.id, typedTwin.id);
    expect(winner.title).toBe('Commodore');
    expect(prov(winner).title).toMatchObject({ method: 'typed' });
    expect(prov(winner).name).toMatchObject({ method: 'json-ld' });
    expect(provenanceOf(prov(winner), 'phones', winner.phones[0])?.method).toBe('json-ld');
    expect(provenanceOf(prov(winner), 'phones', winner.phones.find((p) => p.number.includes('212'))!)?.method).toBe('typed');
    // Choosing the loser's name makes the loser's origin win for that field.
    const other = repo.create('people', { name: { first: 'Amazing', last: 'Grace' } });
    const chosen = mergeRecords(repo, 'people', winner.id, other.id, { name: 'loser' }).winner;
    expect(prov(chosen).name).toMatchObject({ method: 'typed' });

    // Full backup keeps it; a restore into an empty workspace brings it back, key by key.
    const json = JSON.stringify(backupWorkspace(docs));
    expect(parseBackup(json).schemaVersion).toBe(2);
    const fresh = workspace();
    restoreWorkspace(fresh.repo, json);
    fresh.docs.require([recordKey(chosen.id)]);
    expect(prov(fresh.repo.get('people', chosen.id)!)).toEqual(prov(repo.get('people', chosen.id)!));
    expect(fresh.repo.get('people', chosen.id)!.provenance).toBeDefined();

    // Export: three columns per described field, after the value columns; off by default.
    expect(exportCsv(repo, 'people')).not.toContain('__source');
    const csv = exportCsv(repo, 'people', { ids: [chosen.id] }, { provenance: true });
    const [header, row] = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    const cols = header.split(',');
    expect(cols).toEqual(expect.arrayContaining(['emails__source', 'emails__source_date', 'emails__source_by', 'title__source']));
    expect(cols.indexOf('emails__source')).toBeGreaterThan(cols.indexOf('Notes'));
    const cell = (name: string) => parseRow(row)[cols.indexOf(name)];
    expect(cell('emails__source')).toBe(`Found on ${PAGE} via JSON-LD`);
    expect(cell('emails__source_date')).toMatch(/^1970-01-01T/);
    expect(cell('title__source')).toBe('Typed');
    expect(cell('phones__source')).toContain('via h-card');
  });

  it('an old record without provenance stays valid and readable; restoring a schema-1 backup works', () => {
    const { repo, docs } = workspace();
    // A record as written before provenance: values only, no `_p.` keys.
    const lead = repo.create('leads', { name: { first: 'Old' }, title: 'CEO' });
    const map = collectionMap(docs.doc(recordKey(lead.id)), 'leads');
    docs.doc(recordKey(lead.id)).transact(() => { for (const k of [...map.keys()]) if (k.startsWith(`${lead.id}/_p.`)) map.delete(k); });
    const old = readRecord(map, 'leads', lead.id)!;
    expect(old.provenance).toBeUndefined();
    expect(repo.update('leads', lead.id, { details: 'still editable' }).details).toBe('still editable');
    const backup = backupWorkspace(docs) as unknown as { schemaVersion: number; records: { leads: Record<string, unknown>[] } };
    backup.schemaVersion = 1;
    for (const r of backup.records.leads) delete r.provenance;
    const fresh = workspace();
    expect(restoreWorkspace(fresh.repo, JSON.stringify(backup)).records).toBe(1);
    fresh.docs.require([recordKey(lead.id)]);
    expect(fresh.repo.get('leads', lead.id)!.title).toBe('CEO');
  });

  it('an import names the file and the column of each value', async () => {
    const { repo } = workspace();
    const csv = 'First Name,Last Name,Email,Mobile Phone\r\nAda,Lovelace,ada@example.org,+44 20 7946 0018\r\n';
    const result = await runImport(repo, csv, { as: 'people', fileName: 'contacts.csv' });
    const ada = repo.get('people', result.createdIds[0])!;
    expect(prov(ada).name).toMatchObject({ method: 'csv', file: 'contacts.csv', column: 'First Name, Last Name', by: 'm1' });
    expect(prov(ada).emails).toMatchObject({ method: 'csv', column: 'Email' });
    expect(provenanceOf(prov(ada), 'phones', ada.phones[0])).toMatchObject({ method: 'csv', column: 'Mobile Phone' });
  });
});

/** One CSV row's cells (quotes as Papa writes them). */
function parseRow(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}
