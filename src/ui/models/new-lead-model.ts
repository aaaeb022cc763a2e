import { signal } from '@preact/signals';
import type { Candidate } from '../../capture/candidate.ts';
import {
  candidateExtras, captureChanges, captureProvenance, describeExtras, newDetailsPatch, noExtras, withExtras, type CaptureChange, type CaptureExtras,
} from '../../capture/to-record.ts';
import type { CapturedEmail, FieldError, ListRow, ReadPort, WritePort } from '../ports.ts';
import { fieldErrors } from './errors.ts';
import { companyDomainOfEmail, companyKey } from '../../domain/identity/index.ts';

export type NewLeadDraft = { first: string; last: string; email: string; companyName: string; title: string; phone: string; website: string; sourceId: string; statusId: string };
export const emptyDraft = (): NewLeadDraft => ({ first: '', last: '', email: '', companyName: '', title: '', phone: '', website: '', sourceId: '', statusId: '' });
const empty = emptyDraft;

/** The lead source a capture implies: an email (file or webmail), a contact card, or a web page. */
function leadSource(c: Candidate): string {
  if (c.sources.some((s) => s === 'email-header' || s === 'webmail' || s === 'email-form')) return 'email';
  if (c.sources.every((s) => s === 'vcard')) return '';
  return 'web-page';
}

/** A captured candidate as a draft: the best value of each field, as plain text. */
export function draftFromCandidate(c: Candidate): Partial<NewLeadDraft> {
  return {
    first: c.name?.first ?? (c.name && !c.name.last ? c.name.full : '') ?? '',
    last: c.name?.last ?? '',
    email: c.emails[0]?.value ?? '',
    companyName: c.companyName?.value ?? '',
    title: c.title?.value ?? '',
    phone: c.phones[0]?.original ?? c.phones[0]?.value ?? '',
    website: c.websites[0]?.value ?? '',
    sourceId: leadSource(c),
  };
}

/** The draft as record input (leads, or people when Leads are off). */
export function draftInput(d: NewLeadDraft, collection: 'leads' | 'people'): Record<string, unknown> {
  const input: Record<string, unknown> = { name: { ...(d.first.trim() && { first: d.first.trim() }), ...(d.last.trim() && { last: d.last.trim() }) } };
  if (d.email.trim()) { if (collection === 'leads') input.email = d.email.trim(); else input.emails = [{ email: d.email.trim() }]; }
  if (d.companyName.trim() && collection === 'leads') input.companyName = d.companyName.trim();
  if (d.title.trim()) input.title = d.title.trim();
  if (d.phone.trim()) input.phones = [{ number: d.phone.trim() }];
  if (d.website.trim()) input.websites = [{ url: d.website.trim() }];
  if (collection === 'leads' && d.sourceId) input.sourceId = d.sourceId;
  if (collection === 'leads' && d.statusId) input.statusId = d.statusId;
  return input;
}

/**
 * The records a capture's email is already on, as the form offers them ("add these details to
 * it"): a converted lead is left out when the person it became is there, since new details
 * belong on the person and the lead is kept only as history; after a capture of a converted
 * contact the form offered "Katherine Johnson (lead)" first. Pure.
 */
export function likelyDuplicates(rows: readonly ListRow[]): ListRow[] {
  const listed = new Set(rows.map((r) => `${r.type}:${r.id}`));
  const became = (r: ListRow) => (r.data.convertedTo as { personId?: string } | undefined)?.personId;
  return rows.filter((r) => !(r.type === 'leads' && listed.has(`people:${became(r)}`)));
}

/**
 * The "new lead" form and the capture card: draft, field errors from the engine's validation,
 * likely duplicates, and save. `collection` says leads or people (Leads turned off). Who owns
 * what the form makes is the engine's to say (the maker: src/bridge/host.ts).
 */
export function createNewLeadModel(write: WritePort, opts: { read?: ReadPort; collection?: () => 'leads' | 'people'} = {}) {
  const draft = signal<NewLeadDraft>(empty());
  const errors = signal<FieldError[]>([]);
  const saving = signal(false);
  const message = signal('');
  const savedId = signal<string | null>(null);
  const savedType = signal<'leads' | 'people'>('leads');
  const duplicates = signal<ListRow[]>([]);
  /** What the capture found beyond the form's fields; saved with it. */
  const extras = signal<CaptureExtras>(noExtras());
  /** A dropped .eml: logged on the new (or existing) record when `logEmail` is on. */
  const email = signal<CapturedEmail | null>(null);
  const logEmail = signal(true);
  const collection = opts.collection ?? (() => 'leads' as const);
  /** The capture the form was filled from: where each value came from (null: typed). */
  let candidate: Candidate | null = null;
  /** Changes of a duplicate already accepted (`<id>/<field>`): they leave the list. */
  const accepted = signal<ReadonlySet<string>>(new Set());
  const inputFor = (type: 'leads' | 'people') => withExtras(draftInput(draft.value, type), extras.value, type);
  /** Where the values of `input` came from: the capture's extractors, or typed when none. */
  const provenanceOf = (input: Record<string, unknown>) => (candidate ? { provenance: captureProvenance(candidate, input) } : {});
  const typeOf = (row: ListRow): 'leads' | 'people' => (row.type === 'people' ? 'people' : 'leads');

  /** The email activity for `parent`, if one is to be logged. */
  async function logCapturedEmail(type: 'leads' | 'people', id: string) {
    const m = email.value;
    if (!m || !logEmail.value) return;
    const details = [m.email.subject, m.text].filter(Boolean).join('\n\n');
    await write.logActivity({ typeId: 'email', parent: { type, id }, details, ...(m.email.date ? { date: m.email.date } : {}), email: m.email });
  }
  function reset() {
    candidate = null;
    accepted.value = new Set();
    draft.value = empty();
    extras.value = noExtras();
    email.value = null;
    duplicates.value = [];
  }

  /**
   * The one path that writes a capture into an existing lead or person (accept one change,
   * accept all, add the new details): the values with the capture's provenance; `finish` also
   * logs the captured email and clears the form.
   */
  async function writeToExisting(row: ListRow, patch: Record<string, unknown> | null, done: string, finish: boolean, afterWrite?: () => void): Promise<boolean> {
    const type = typeOf(row);
    saving.value = true;
    try {
      if (patch && Object.keys(patch).length) await write.update(type, row.id, patch, provenanceOf(inputFor(type)));
      afterWrite?.();
      if (finish) await logCapturedEmail(type, row.id);
      errors.value = [];
      message.value = done;
      savedId.value = row.id;
      savedType.value = type;
      if (finish) reset();
      return true;
    } catch (e) {
      errors.value = fieldErrors(e);
      message.value = '';
      return false;
    } finally {
      saving.value = false;
    }
  }

  /**
   * Leads off: the person's company, linked when the workspace has it (identity's company key:
   * "Acme Inc." is "Acme"), else created with the email's work domain. Never dropped.
   */
  async function companyFor(name: string, emailAddress: string): Promise<string> {
    const key = companyKey(name);
    if (key && opts.read) {
      const page = await opts.read.queryList({ type: 'companies', search: key, offset: 0, limit: 50 });
      const found = page.rows.find((r) => companyKey(String(r.data.name ?? r.name)) === key);
      if (found) return found.id;
    }
    const domain = companyDomainOfEmail(emailAddress);
    return (await write.create('companies', { name, ...(domain ? { emailDomain: domain } : {}) })).id;
  }

  /** Existing leads and people with the draft's email (the read model's word index), as `likelyDuplicates` offers them. */
  function checkDuplicates() {
    const email = draft.value.email.trim().toLowerCase();
    if (!opts.read || !email.includes('@')) { duplicates.value = []; return; }
    const read = opts.read;
    void Promise.all((['leads', 'people'] as const).map((type) => read.queryList({ type, search: email, offset: 0, limit: 5 }))).then((pages) => {
      // Only if the draft still has this email (typing goes on while we look).
      if (draft.value.email.trim().toLowerCase() === email) duplicates.value = likelyDuplicates(pages.flatMap((p) => p.rows));
    }, () => {});
  }

  return {
    draft, errors, saving, message, savedId, savedType, duplicates, collection, extras, email, logEmail, accepted,
    /** "Also saved: …" under the form, or '' when the capture had nothing more. */
    extrasText: () => describeExtras(extras.value),
    set(field: keyof NewLeadDraft, value: string) { draft.value = { ...draft.value, [field]: value }; if (field === 'email') checkDuplicates(); },
    fill(partial: Partial<NewLeadDraft>, more: CaptureExtras = noExtras(), message_: CapturedEmail | null = null) {
      candidate = null;
      accepted.value = new Set();
      draft.value = { ...empty(), ...partial };
      extras.value = more;
      email.value = message_;
      errors.value = [];
      message.value = '';
      checkDuplicates();
    },
    /** Fills the form from a captured candidate, keeping what the form doesn't show. */
    fillFromCandidate(c: Candidate, message_: CapturedEmail | null = null) { this.fill(draftFromCandidate(c), candidateExtras(c), message_); candidate = c; },
    /**
     * What changed since `row` was captured, field by field ("new title: VP Sales"), less what
     * was accepted already. Empty when the capture says nothing new.
     */
    changesFor(row: ListRow): CaptureChange[] {
      const type = typeOf(row);
      return captureChanges(row.data, inputFor(type), type).filter((c) => !accepted.value.has(`${row.id}/${c.field}`));
    },
    /** Accepts one change: the record takes the captured value, with the capture's provenance. */
    acceptChange(row: ListRow, change: CaptureChange): Promise<boolean> {
      return writeToExisting(row, change.patch, `Updated ${row.name || 'the record'}`, false, () => {
        accepted.value = new Set([...accepted.value, `${row.id}/${change.field}`]);
      });
    },
    /** Accepts every change at once (new and changed values), logs the email, clears the form. */
    acceptAll(row: ListRow): Promise<boolean> {
      const patch = Object.assign({}, ...this.changesFor(row).map((c) => c.patch)) as Record<string, unknown>;
      return writeToExisting(row, patch, `Updated ${row.name || 'the record'} with the captured details`, true);
    },
    /** The record input the form would save now. */
    input(): Record<string, unknown> { const target = collection(); return withExtras(draftInput(draft.value, target), extras.value, target); },
    /**
     * "Add the new details to it": gives an existing lead or person what the capture found and
     * it lacks (never overwriting), logs the dropped email on it, and clears the form.
     */
    addDetailsTo(row: ListRow): Promise<boolean> {
      const patch = newDetailsPatch(row.data, inputFor(typeOf(row)), typeOf(row));
      return writeToExisting(row, patch, patch ? `Added the new details to ${row.name || 'the record'}` : `${row.name || 'The record'} already has these details`, true);
    },
    async save(): Promise<string | null> {
      const d = draft.value;
      if (!d.first.trim() && !d.last.trim() && !d.email.trim() && !d.companyName.trim()) {
        errors.value = [{ path: 'name', message: 'Give at least a name, an email or a company.' }];
        message.value = ''; // the last "Lead saved" is about another lead
        return null;
      }
      saving.value = true;
      const target = collection();
      try {
        const input = withExtras(draftInput(d, target), extras.value, target);
        if (target === 'people' && d.companyName.trim()) input.companyId = await companyFor(d.companyName.trim(), d.email.trim());
        const created = await write.create(target, input, provenanceOf(input));
        await logCapturedEmail(target, created.id);
        errors.value = [];
        reset();
        message.value = target === 'leads' ? 'Lead saved' : 'Person saved';
        savedId.value = created.id;
        savedType.value = target;
        return created.id;
      } catch (e) {
        errors.value = fieldErrors(e);
        message.value = '';
        return null;
      } finally {
        saving.value = false;
      }
    },
  };
}
export type NewLeadModel = ReturnType<typeof createNewLeadModel>;
