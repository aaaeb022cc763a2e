import { Ajv2020 } from 'ajv/dist/2020.js';
import { CustomFieldDef } from '../../../src/domain/index.ts';
import { seedDefaults } from '../../../src/store/config-store.ts';
import { client, startTestRelay, waitFor, workspaceWith } from '../relay/helpers.ts';
import type { Relay } from '../../../sync-server/server.ts';
import type { Role } from '../../../sync-server/auth/roles.ts';

export { client, startTestRelay, waitFor, workspaceWith };

/** A workspace whose config an admin's client seeded (as the extension does at creation), with one custom field on leads. */
export async function seededWorkspace(relay: Relay) {
  const ws = await workspaceWith(relay, ['member', 'viewer']);
  const admin = client(relay, ws.workspaceId, 'config', ws.tokens.admin);
  await admin.whenSynced;
  seedDefaults(admin.doc, { id: ws.members.admin, name: 'Admin' });
  admin.doc.getMap('customFields').set('crm-id', CustomFieldDef.parse({ id: 'crm-id', name: 'CRM id', order: 0, dataType: 'text', availableOn: ['leads'] }));
  await waitFor(() => admin.status.get().unsaved === 0, 10_000, 'config saved');
  admin.destroy();
  return ws;
}

/** Mints an API key through the admin HTTP API with the admin's credential. */
export async function mintKey(relay: Relay, workspaceId: string, adminToken: string, body: { name: string; role: Role; memberId?: string; serviceAccount?: string }) {
  const res = await fetch(`${relay.httpUrl}/admin/workspaces/${workspaceId}/api-keys`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`mint failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { token: string; key: { id: string; actorId: string; role: Role } };
}

/** A small API client: JSON in, `{status, body}` out. */
export function api(relay: Relay, workspaceId: string, token?: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${relay.httpUrl}/api/v1/${workspaceId}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  };
}

/**
 * Checks responses against the served OpenAPI document: the response schema of an operation
 * (path template + method + status) must accept the body.
 */
export async function openApiChecker(relay: Relay) {
  const doc = (await (await fetch(`${relay.httpUrl}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>; components: unknown };
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: 'outpost-api', components: doc.components } as never);
  return {
    doc,
    check(template: string, method: string, status: number, body: unknown) {
      const op = doc.paths[`/api/v1/{workspace}${template}`]?.[method.toLowerCase()];
      if (!op) throw new Error(`no operation ${method} ${template} in the OpenAPI document`);
      const response = op.responses[String(status)];
      if (!response) throw new Error(`${method} ${template} does not document status ${status}`);
      const schema = response.content?.['application/json']?.schema as { $ref: string };
      const validate = ajv.getSchema(`outpost-api${schema.$ref}`);
      if (!validate) throw new Error(`no schema ${schema.$ref}`);
      if (!validate(body)) throw new Error(`${method} ${template} ${status}: response does not match ${schema.$ref}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`);
    },
  };
}
