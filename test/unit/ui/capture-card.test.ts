import { describe, expect, it } from 'vitest';
import { createNewLeadModel } from '../../../src/ui/models/new-lead-model.ts';
import { createCaptureModel } from '../../../src/ui/models/capture-model.ts';
import { buildCreateInput, draftPath } from '../../../src/ui/models/create-model.ts';
import { errorFor } from '../../../src/ui/models/errors.ts';
import type { CapturePort, ScanResult, WorkspaceConfig, WritePort } from '../../../src/ui/ports.ts';

const ada = { kind: 'person', name: { full: 'Ada Lovelace', first: 'Ada', last: 'Lovelace', source: 'json-ld', confidence: 1 }, emails: [{ value: 'ada@x.example', source: 'json-ld', confidence: 1 }], phones: [], websites: [], socials: [], confidence: 1, sources: ['json-ld'] } as never;
const page = (candidates: unknown[], url = 'https://a.example/'): ScanResult => ({ url, title: url, candidates: candidates as never });

/** A capture port whose scans answer what the test queues, and whose page changes the test fires. */
function fakeCapture() {
  const answers: ScanResult[] = [];
  const listeners = new Set<() => void>();
  let scans = 0;
  const port: CapturePort = {
    scanActiveTab: async () => { scans++; return answers.shift() ?? page([]); },
    fromFile: async () => page([]),
    requestPermission: async () => false,
    onPageChange: (on) => { listeners.add(on); return () => listeners.delete(on); },
  };
  return { port, answers, fire: () => { for (const l of listeners) l(); }, scans: () => scans, listeners };
}
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('capture card', () => {
  const write = { create: async () => ({ id: 'new1' }), logActivity: async () => ({}) } as unknown as WritePort;

  it('clears the previous page\'s person when a scan finds nothing', async () => {
    const cap = fakeCapture();
    const form = createNewLeadModel(write);
    const m = createCaptureModel(cap.port, form);
    cap.answers.push(page([ada]), page([], 'https://b.example/'));
    await m.scan();
    expect(form.draft.value.first).toBe('Ada');
    expect(form.draft.value.sourceId).toBe('web-page');
    await m.scan();
    expect(form.draft.value).toMatchObject({ first: '', last: '', email: '', sourceId: '' });
    expect(m.candidates.value).toEqual([]);
    expect(m.error.value).toMatch(/No contact found/);
  });

  it('keeps what the user typed when a scan finds nothing', async () => {
    const cap = fakeCapture();
    const form = createNewLeadModel(write);
    const m = createCaptureModel(cap.port, form);
    cap.answers.push(page([ada]), page([]));
    await m.scan();
    form.set('title', 'Countess');
    await m.scan();
    expect(form.draft.value).toMatchObject({ first: 'Ada', title: 'Countess' });
  });

  it('rescans when the page changes, but not over the user\'s typing, and stops when unsubscribed', async () => {
    const cap = fakeCapture();
    const form = createNewLeadModel(write);
    const m = createCaptureModel(cap.port, form);
    const stop = m.follow();
    cap.answers.push(page([ada]));
    cap.fire(); await flush();
    expect(cap.scans()).toBe(1);
    expect(form.draft.value.first).toBe('Ada');
    // The same page again (the panel's own tab activated): the card is left as it is.
    cap.answers.push(page([]));
    cap.fire(); await flush();
    expect(cap.scans()).toBe(2);
    expect(form.draft.value.first).toBe('Ada');
    form.set('first', 'Augusta');
    cap.fire(); await flush();
    expect(cap.scans()).toBe(2);
    stop();
    expect(cap.listeners.size).toBe(0);
  });

  it('drops a stale "Lead saved" when the next save fails validation', async () => {
    const form = createNewLeadModel(write);
    form.fill({ first: 'Ada' });
    expect(await form.save()).toBe('new1');
    expect(form.message.value).toBe('Lead saved');
    expect(await form.save()).toBeNull();
    expect(form.message.value).toBe('');
    expect(form.errors.value).toHaveLength(1);
  });

  it('says one message once even when two layers report it', () => {
    expect(errorFor([{ path: 'email', message: 'must be an email' }, { path: 'email', message: 'must be an email' }], 'email')).toBe('must be an email');
  });
});

describe('create anything', () => {
  const config = {
    me: { memberId: 'me1', role: 'admin' },
    pipelines: [{ id: 'p1', name: 'Sales', order: 0, retired: false }],
    stages: [{ id: 's2', name: 'Proposal', order: 2, pipelineId: 'p1', retired: false, winProbability: 50 }, { id: 's1', name: 'Qualify', order: 1, pipelineId: 'p1', retired: false, winProbability: 10 }],
  } as unknown as WorkspaceConfig;
  it('makes a deal for a company in the first stage (its owner is the engine\'s to give: the maker, src/bridge/host.ts)', () => {
    expect(buildCreateInput('opportunities', { name: ' Big deal ', monetaryValue: '1200' }, { companyId: 'c1' }, config))
      .toEqual({ input: { name: 'Big deal', pipelineId: 'p1', stageId: 's1', monetaryValue: 1200, companyId: 'c1' } });
  });
  it('says what is missing next to its field, and nothing is sent', () => {
    expect(buildCreateInput('opportunities', { monetaryValue: '-3' }, {}, config)).toEqual({ errors: [{ path: 'name', message: 'A deal needs a name.' }, { path: 'monetaryValue', message: 'Value must be a number, zero or more.' }] });
    expect(buildCreateInput('opportunities', { name: 'x' }, {}, { ...config, pipelines: [] } as never)).toEqual({ errors: [{ path: 'pipelineId', message: 'Add a pipeline in Settings first.' }] });
    expect(buildCreateInput('people', {}, {}, config)).toEqual({ errors: [{ path: 'first', message: 'Give a name or an email.' }] });
    expect(buildCreateInput('tasks', { name: 'Call', dueAt: 'not a date' }, {}, config)).toEqual({ errors: [{ path: 'dueAt', message: 'Due must be a date.' }] });
  });
  it('makes a person at a company, a company with a site, a task about a record', () => {
    expect(buildCreateInput('people', { first: 'Kate', email: 'k@x.example' }, { companyId: 'c1' }, config)).toEqual({ input: { name: { first: 'Kate' }, emails: [{ email: 'k@x.example' }], companyId: 'c1' } });
    expect(buildCreateInput('companies', { name: 'Acme', website: 'acme.example' }, {}, config)).toEqual({ input: { name: 'Acme', websites: [{ url: 'https://acme.example' }] } });
    expect(buildCreateInput('tasks', { name: 'Call' }, { related: { type: 'people', id: 'p9' } }, config)).toEqual({ input: { name: 'Call', related: { type: 'people', id: 'p9' } } });
  });
  it('maps the engine\'s nested paths onto the dialog\'s fields', () => {
    expect(draftPath('people', 'emails.0.email')).toBe('email');
    expect(draftPath('leads', 'name')).toBe('first');
    expect(draftPath('companies', 'emailDomain')).toBe('emailDomain');
  });
});
