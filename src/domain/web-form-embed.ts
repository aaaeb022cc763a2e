import type { z } from './zod.ts';
import type { WebForm, WebFormField } from './config.ts';

/**
 * Web-to-lead forms as a site owner pastes them: the relay's form address and a plain HTML
 * form that posts there. Pure, so the dashboard shows exactly what a test checks.
 */

/** The hidden field a person never fills in; bots that fill every input give themselves away. */
export const WEB_FORM_HONEYPOT = '_hp';

type Field = z.infer<typeof WebFormField>;
type Input = { label: string; type: 'text' | 'email' | 'tel' | 'url' | 'textarea'; autocomplete?: string };

export const WEB_FORM_INPUTS: Record<Field, Input> = {
  firstName: { label: 'First name', type: 'text', autocomplete: 'given-name' },
  lastName: { label: 'Last name', type: 'text', autocomplete: 'family-name' },
  name: { label: 'Name', type: 'text', autocomplete: 'name' },
  email: { label: 'Email', type: 'email', autocomplete: 'email' },
  phone: { label: 'Phone', type: 'tel', autocomplete: 'tel' },
  companyName: { label: 'Company', type: 'text', autocomplete: 'organization' },
  title: { label: 'Job title', type: 'text', autocomplete: 'organization-title' },
  website: { label: 'Website', type: 'url', autocomplete: 'url' },
  message: { label: 'Message', type: 'textarea' },
};

/** The relay's HTTP address from its WebSocket address: same host, port and path. */
export function relayHttpUrl(wsUrl: string): string {
  const m = /^ws(s?):\/\/(.+?)\/*$/i.exec(wsUrl.trim());
  if (!m) throw new Error(`The relay address should start with ws:// or wss:// (got "${wsUrl}").`);
  return `http${m[1].toLowerCase()}://${m[2]}`;
}

/** Where a form posts: `POST <relay>/forms/<workspaceId>/<formId>` (sync-server/http/forms.ts). */
export function formActionUrl(relayWsUrl: string, workspaceId: string, formId: string): string {
  return `${relayHttpUrl(relayWsUrl)}/forms/${encodeURIComponent(workspaceId)}/${encodeURIComponent(formId)}`;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A plain `<form>` for any site: one labelled input per field in the form's order, `required`
 * where the form says so, the honeypot kept off screen (not `type=hidden`, which bots skip),
 * and a submit button. No script, so it works wherever HTML does.
 */
export function embedSnippet(form: Pick<z.infer<typeof WebForm>, 'id' | 'name' | 'fields' | 'required'>, actionUrl: string): string {
  const id = (f: string) => escape(`outpost-${form.id}-${f}`);
  const inputs = form.fields.map((f) => {
    const { label, type, autocomplete } = WEB_FORM_INPUTS[f];
    const req = form.required.includes(f) ? ' required' : '';
    const auto = autocomplete ? ` autocomplete="${autocomplete}"` : '';
    const control = type === 'textarea'
      ? `<textarea id="${id(f)}" name="${f}" rows="4"${req}></textarea>`
      : `<input id="${id(f)}" name="${f}" type="${type}"${auto}${req}>`;
    return `  <p><label for="${id(f)}">${label}${req ? ' *' : ''}</label><br>\n    ${control}</p>`;
  });
  return [
    `<form method="post" action="${escape(actionUrl)}" aria-label="${escape(form.name)}">`,
    ...inputs,
    `  <div style="position:absolute;left:-10000px" aria-hidden="true"><label>Leave this empty <input name="${WEB_FORM_HONEYPOT}" tabindex="-1" autocomplete="off"></label></div>`,
    `  <p><button type="submit">Send</button></p>`,
    `</form>`,
  ].join('\n');
}
