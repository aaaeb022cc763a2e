import { signal } from '@preact/signals';
import type { Candidate } from '../../capture/candidate.ts';
import { draftFromCandidate, draftInput, emptyDraft } from '../models/new-lead-model.ts';
import { fieldErrors } from '../models/errors.ts';
import type { KnownHere, KnownRecord, PageFacts, ReadPort, Unsubscribe, WritePort } from '../ports.ts';

/** What a page offers for matching: its address and every email, phone, profile and site capture found on it. */
export function pageFacts(url: string, candidates: Candidate[]): PageFacts {
  return {
    url,
    emails: candidates.flatMap((c) => c.emails.map((e) => e.value)),
    phones: candidates.flatMap((c) => c.phones.map((p) => p.value)),
    socials: candidates.flatMap((c) => c.socials.map((s) => s.url)),
    websites: candidates.flatMap((c) => c.websites.map((w) => w.value)),
  };
}

/** A person capture found on the page whom no known record matches: "add to this company" offers them. */
export function newPersonOnPage(candidates: Candidate[], known: KnownHere | null): Candidate | undefined {
  const knownValues = new Set((known?.records ?? []).filter((r) => r.type !== 'companies').flatMap((r) => r.via.filter((v) => v.kind !== 'domain').map((v) => v.value.toLowerCase())));
  return candidates.find((c) => c.kind === 'person' && (c.name?.full || c.emails.length) && !c.emails.some((e) => knownValues.has(e.value.toLowerCase())));
}

/**
 * "Known here": follows the page the side panel is on and what the workspace knows about it;
 * one click logs a note or call on a record, or adds the page's new person to a company.
 */
export function createKnownModel(ports: { read: ReadPort; write: WritePort }) {
  const known = signal<KnownHere | null>(null);
  const message = signal('');
  const error = signal('');
  let stop: Unsubscribe | null = null;
  let current = '';
  return {
    known, message, error,
    /** Watches a page (a new tab or address replaces the old watch; the same page keeps it). */
    follow(page: PageFacts) {
      const key = JSON.stringify(page);
      if (key === current || !ports.read.watchKnownHere) return;
      current = key;
      stop?.();
      known.value = null;
      stop = ports.read.watchKnownHere(page, (k) => { known.value = k; });
    },
    async log(record: KnownRecord, typeId: 'note' | 'call', details: string) {
      error.value = '';
      try {
        await ports.write.logActivity({ typeId, parent: { type: record.type, id: record.id }, details: details.trim() });
        message.value = `${typeId === 'call' ? 'Call' : 'Note'} logged on ${record.name}`;
        return true;
      } catch (e) {
        error.value = fieldErrors(e).map((x) => x.message).join('; ');
        return false;
      }
    },
    async addToCompany(company: KnownRecord, candidate: Candidate) {
      error.value = '';
      try {
        const input = draftInput({ ...emptyDraft(), ...draftFromCandidate(candidate) }, 'people');
        const { id } = await ports.write.create('people', { ...input, companyId: company.id });
        message.value = `${candidate.name?.full || candidate.emails[0]?.value || 'Person'} added to ${company.name}`;
        return id;
      } catch (e) {
        error.value = fieldErrors(e).map((x) => x.message).join('; ');
        return null;
      }
    },
    dispose() { stop?.(); stop = null; current = ''; },
  };
}
export type KnownModel = ReturnType<typeof createKnownModel>;
