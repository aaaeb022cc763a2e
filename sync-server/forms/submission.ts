import { parseCreate, ValidationError, WebForm, WEB_FORM_HONEYPOT, type FieldIssue } from '../../src/domain/index.ts';
import type { z } from 'zod';

/**
 * A web-to-lead post, from raw body to validated lead fields. Pure: the domain schemas decide
 * what a valid lead is; this file only maps the form's flat field names onto them.
 */
export type WebFormConfig = z.infer<typeof WebForm>;

/** The hidden field a person never fills in (the dashboard's embed snippet includes it). */
export const HONEYPOT_FIELD = WEB_FORM_HONEYPOT;

export type Submission = { lead: Record<string, unknown>; message: string | undefined };
export type SubmissionResult = { ok: true; spam: boolean; submission: Submission } | { ok: false; issues: FieldIssue[] };

export function parseFormBody(contentType: string | undefined, body: string): Record<string, string> | null {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') {
    try {
      const json = JSON.parse(body) as unknown;
      if (!json || typeof json !== 'object' || Array.isArray(json)) return null;
      return Object.fromEntries(Object.entries(json).filter(([, v]) => typeof v === 'string' || typeof v === 'number').map(([k, v]) => [k, String(v)]));
    } catch {
      return null;
    }
  }
  if (type === 'application/x-www-form-urlencoded' || type === '') return Object.fromEntries(new URLSearchParams(body));
  return null;
}

export function readSubmission(form: WebFormConfig, values: Record<string, string>, defaults: { statusId: string }): SubmissionResult {
  if (values[HONEYPOT_FIELD]?.trim()) return { ok: true, spam: true, submission: { lead: {}, message: undefined } };
  const v = (name: string) => (form.fields.includes(name as never) ? values[name]?.trim() || undefined : undefined);
  const missing = form.required.filter((f) => form.fields.includes(f) && !v(f));
  if (missing.length) return { ok: false, issues: missing.map((path) => ({ path, message: 'is required' })) };

  const [splitFirst, ...rest] = (v('name') ?? '').split(/\s+/).filter(Boolean);
  const input = {
    name: { first: v('firstName') ?? splitFirst, last: v('lastName') ?? (rest.join(' ') || undefined) },
    email: v('email'),
    phones: v('phone') ? [{ number: v('phone') }] : [],
    websites: v('website') ? [{ url: v('website') }] : [],
    companyName: v('companyName'),
    title: v('title'),
    sourceId: form.sourceId,
    statusId: form.statusId ?? defaults.statusId,
    ownerId: form.ownerId,
  };
  try {
    const lead = parseCreate('leads', input);
    return { ok: true, spam: false, submission: { lead, message: v('message') } };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // Report issues under the form's own field names, not the lead's nested paths.
    const formPath: Record<string, string> = { 'name.first': 'firstName', 'name.last': 'lastName', 'phones.0.number': 'phone', 'websites.0.url': 'website' };
    return { ok: false, issues: error.issues.map((i) => ({ path: formPath[i.path] ?? i.path, message: i.message })) };
  }
}
