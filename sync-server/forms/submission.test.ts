import { describe, expect, it } from 'vitest';
import { WebForm } from '../../src/domain/index.ts';
import { parseFormBody, readSubmission, HONEYPOT_FIELD } from './submission.ts';

const form = WebForm.parse({ id: 'contact', name: 'Contact us', fields: ['name', 'email', 'companyName', 'phone', 'message'], required: ['email', 'name'] });
const defaults = { statusId: 'new' };

describe('web-to-lead submissions', () => {
  it('parses urlencoded and JSON bodies, refuses anything else', () => {
    expect(parseFormBody('application/x-www-form-urlencoded', 'name=Ada+Lovelace&email=ada%40example.com')).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com' });
    expect(parseFormBody('application/json; charset=utf-8', '{"email":"a@b.co","n":3}')).toEqual({ email: 'a@b.co', n: '3' });
    expect(parseFormBody('application/json', '{oops')).toBeNull();
    expect(parseFormBody('application/json', '[1]')).toBeNull();
    expect(parseFormBody('text/xml', '<a/>')).toBeNull();
  });

  it('maps form fields onto a lead with the form source and the default status', () => {
    const r = readSubmission(form, { name: 'Ada King Lovelace', email: 'ADA@example.com', phone: '+44 20 7946 0000', message: 'Call me', title: 'ignored: not in the form' }, defaults);
    expect(r.ok && r.submission).toMatchObject({
      lead: { name: { first: 'Ada', last: 'King Lovelace' }, email: 'ada@example.com', phones: [{ number: '+44 20 7946 0000' }], sourceId: 'web-form', statusId: 'new' },
      message: 'Call me',
    });
    expect(r.ok && r.submission.lead.title).toBeUndefined();
  });

  it('reports missing and invalid fields under the form field names', () => {
    expect(readSubmission(form, { email: '' }, defaults)).toEqual({ ok: false, issues: [{ path: 'email', message: 'is required' }, { path: 'name', message: 'is required' }] });
    const bad = readSubmission(form, { name: 'A', email: 'not-an-email' }, defaults);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.issues.map((i) => i.path)).toEqual(['email']);
  });

  it('flags the honeypot as spam', () => {
    expect(readSubmission(form, { name: 'Bot', email: 'bot@example.com', [HONEYPOT_FIELD]: 'http://spam' }, defaults)).toMatchObject({ ok: true, spam: true });
  });
});
