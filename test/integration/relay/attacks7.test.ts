import { beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { attackScene } from './bystander.ts';
import { mintKey, seededWorkspace } from '../api/helpers.ts';

/** One request over node:http, the body's bytes counted as they arrive (fetch hides a body sent to HEAD). */
function raw(url: string, method: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: number; text: string }>((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks).length, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('relay attacks, seventh pass: HTTP methods', () => {
  const s = attackScene();
  let api = '';
  let auth: Record<string, string> = {};
  let leadId = '';
  beforeAll(async () => {
    const ws = await seededWorkspace(s.t.relay);
    api = `${s.t.relay.httpUrl}/api/v1/${ws.workspaceId}`;
    const key = (await mintKey(s.t.relay, ws.workspaceId, ws.tokens.admin, { name: 'attack7', role: 'member', serviceAccount: 'attack7' })).token;
    auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const created = await fetch(`${api}/leads`, { method: 'POST', headers: auth, body: JSON.stringify({ name: { first: 'Head', last: 'Request' } }) });
    leadId = ((await created.json()) as { id: string }).id;
  });

  it('HEAD answers as GET without a body wherever GET is allowed (it was 405 on every API route)', async () => {
    for (const path of ['/leads', `/leads/${leadId}`, '/activities', '/config/leadStatuses', '/leads?limit=1']) {
      const get = await raw(api + path, 'GET', auth);
      const head = await raw(api + path, 'HEAD', auth);
      expect({ path, status: head.status, bytes: head.bytes, type: head.headers['content-type'] }).toEqual({ path, status: get.status, bytes: 0, type: get.headers['content-type'] });
      expect(get.status).toBe(200);
      expect(get.bytes).toBeGreaterThan(0);
    }
    const doc = await raw(`${s.t.relay.httpUrl}/api/v1/openapi.json`, 'HEAD');
    expect({ status: doc.status, bytes: doc.bytes }).toEqual({ status: 200, bytes: 0 });
    // What GET would answer, HEAD answers too: no key, no record, a bad query.
    expect((await raw(`${api}/leads`, 'HEAD')).status).toBe(401);
    expect((await raw(`${api}/leads/no-such-lead`, 'HEAD', auth)).status).toBe(404);
    expect((await raw(`${api}/leads?limit=1&limit=2`, 'HEAD', auth)).status).toBe(400);
    for (const path of ['/healthz', '/metrics']) expect(await raw(s.t.relay.httpUrl + path, 'HEAD')).toMatchObject({ status: 200, bytes: 0 });
    await s.bystander.check('HEAD requests');
  });

  it('a method a route does not take is 405 with Allow naming what it takes, before the key is asked for; OPTIONS too, except the dashboard\'s preflights', async () => {
    const cases: Array<[string, string, string]> = [
      ['PUT', '/leads', 'GET, POST, HEAD'],
      ['OPTIONS', '/leads', 'GET, POST, HEAD'],
      ['POST', `/leads/${leadId}`, 'GET, PATCH, DELETE, HEAD'],
      ['HEAD', '/leads/upsert', 'PUT'],
      ['GET', `/leads/${leadId}/convert`, 'POST'],
      ['DELETE', `/people/${leadId}/restore`, 'POST'],
      ['DELETE', '/activities/x', 'GET, HEAD'],
      ['PATCH', '/activities', 'GET, POST, HEAD'],
      ['POST', '/config/leadStatuses', 'GET, HEAD'],
      ['OPTIONS', '/config/leadStatuses', 'GET, HEAD'],
    ];
    for (const [method, path, allow] of cases) {
      for (const headers of [auth, {}]) {
        const res = await raw(api + path, method, headers);
        expect({ method, path, status: res.status, allow: res.headers.allow }).toEqual({ method, path, status: 405, allow });
        if (method !== 'HEAD') expect((JSON.parse(res.text) as { error: string }).error).toMatch(/\w/);
      }
    }
    const doc = await raw(`${s.t.relay.httpUrl}/api/v1/openapi.json`, 'POST');
    expect({ status: doc.status, allow: doc.headers.allow }).toEqual({ status: 405, allow: 'GET, HEAD' });
    for (const path of ['/healthz', '/metrics']) expect(await raw(s.t.relay.httpUrl + path, 'OPTIONS')).toMatchObject({ status: 405, headers: { allow: 'GET, HEAD' } });
    // Admin and auth routes: a known path with another method is a 405 naming the right one.
    const base = s.t.relay.httpUrl;
    expect((await raw(`${base}/admin/workspaces`, 'GET')).headers.allow).toBe('POST');
    expect((await raw(`${base}/admin/backup`, 'POST')).headers.allow).toBe('GET, HEAD');
    expect((await raw(`${base}/admin/workspaces/x/members/y`, 'GET')).headers.allow).toBe('PATCH, DELETE');
    expect(await raw(`${base}/auth/renew`, 'GET')).toMatchObject({ status: 405, headers: { allow: 'POST' } });
    expect((await raw(`${base}/auth/nothing`, 'POST')).status).toBe(404);
    // A browser's preflight of an admin call still answers 204; a web form's too.
    expect((await raw(`${base}/admin/workspaces/x/members`, 'OPTIONS')).status).toBe(204);
    expect((await raw(`${base}/forms/x/y`, 'OPTIONS')).status).toBe(204);
    expect(await raw(`${base}/forms/x/y`, 'GET', { accept: 'application/json' })).toMatchObject({ status: 405, headers: { allow: 'POST, OPTIONS' } });
    // Unknown paths stay 404 whatever the method.
    expect((await raw(`${api}/nothing`, 'OPTIONS', auth)).status).toBe(404);
    await s.bystander.check('methods');
  });

  it('a search of nothing searchable is a 400 naming it (it answered every lead, as if no search was asked); text that is not Unicode is a 400 (it was stored as U+FFFD)', async () => {
    for (const search of ['%', '*', '_', '🦄', '— …']) {
      const res = await raw(`${api}/leads?search=${encodeURIComponent(search)}`, 'GET', auth);
      expect({ search, status: res.status, body: JSON.parse(res.text) }).toEqual({ search, status: 400, body: { error: 'search has no letters or digits to search for: search matches the starts of words', fields: [{ path: 'search', message: 'has no letters or digits to search for: search matches the starts of words' }] } });
    }
    // No search, an empty or blank one, and a real one answer as before.
    for (const q of ['', '?search=', '?search=%20', '?search=head']) expect({ q, status: (await raw(`${api}/leads${q}`, 'GET', auth)).status }).toEqual({ q, status: 200 });
    expect((await raw(`${api}/leads?search=${'a'.repeat(201)}`, 'GET', auth)).status).toBe(400);

    const post = (body: string) => fetch(`${api}/leads`, { method: 'POST', headers: auth, body });
    for (const body of ['{"name":{"first":"\\ud800lone"}}', '{"name":{"first":"lone\\udc00"}}', '{"name":{"first":"A"},"custom":{"\\udbff":"x"}}']) {
      const res = await post(body);
      expect({ body, status: res.status, error: ((await res.json()) as { error: string }).error }).toEqual({ body, status: 400, error: 'The body has text that is not valid Unicode (half of a surrogate pair, such as \\ud800 alone): send the character whole.' });
    }
    // A pair written as escapes is one character, taken as such.
    const whole = await post('{"name":{"first":"\\ud83e\\udd84 Unicorn"}}');
    expect(whole.status).toBe(201);
    expect(((await whole.json()) as { name: { first: string } }).name.first).toBe('🦄 Unicorn');
    await s.bystander.check('searches and text');
  });
});
