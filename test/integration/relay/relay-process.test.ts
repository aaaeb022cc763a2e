import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import * as Y from 'yjs';
import { client, tempDir, waitFor } from './helpers.ts';
import { createWorkspaceOver, freePort, operatorKey, spawnRelay } from './process.ts';
import { prng } from './frames.ts';

/**
 * What an outsider can send that ends the relay process (and with it every member's connection).
 * The relay runs as its own process here. Request targets that are no valid URL path (`//`,
 * `http://[::1`, a bad port or escape in a host) threw in the request handler; bytes that are no
 * valid WebSocket frame, sent on a socket the relay was closing (a refused token, a policy close),
 * were an 'error' event nobody listened to. Both were uncaught: the process exited.
 */
const TARGETS = ['//', 'http://[::1', '//[', '//a:b@[', 'http://%zz/', '//x:99999/', 'https://'];

/** Sends raw bytes on one TCP connection; resolves with everything the relay answered once it closed (or after `ms`). */
function exchange(port: number, text: string, ms = 3000) {
  return new Promise<string>((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let answer = '';
    const done = () => (clearTimeout(timer), socket.destroy(), resolve(answer));
    const timer = setTimeout(done, ms);
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('error', done);
    socket.on('close', done);
    socket.write(text);
  });
}

describe('relay process: what an outsider sends', () => {
  let relay: Awaited<ReturnType<typeof spawnRelay>>;
  let temp: Awaited<ReturnType<typeof tempDir>>;
  let port: number;
  beforeAll(async () => {
    temp = await tempDir();
    port = await freePort();
    relay = await spawnRelay(['--port', String(port), '--data', temp.dir]);
  });
  afterAll(async () => {
    await relay?.kill();
    await temp?.remove();
  });

  it.each(TARGETS)('GET %s answers 400 with a reason; the relay keeps running', async (target) => {
    const answer = await exchange(port, `GET ${target} HTTP/1.1\r\nHost: relay\r\nConnection: close\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/not a valid path/);
    expect(relay.child.exitCode).toBeNull();
  });

  it.each(TARGETS)('a WebSocket upgrade to %s answers 400 with a reason; the relay keeps running', async (target) => {
    const answer = await exchange(port, `GET ${target} HTTP/1.1\r\nHost: relay\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/not a valid path/);
    expect(relay.child.exitCode).toBeNull();
  });

  /** A client's WebSocket frame, masked as the protocol requires. */
  const maskedFrame = (opcode: number, payload: Buffer) => Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length, 1, 2, 3, 4]), Buffer.from(payload.map((b, i) => b ^ [1, 2, 3, 4][i % 4]))]);
  const handshake = (path: string, protocols: string) =>
    `GET ${path} HTTP/1.1\r\nHost: relay\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: ${protocols}\r\n\r\n`;
  // Frames no client may send: reserved bits set, unmasked, a reserved opcode.
  const badFrames = [Buffer.from([0xf1, 0x80, 0, 0, 0, 0]), Buffer.from([0x82, 0x02, 0, 0]), Buffer.from([0x83, 0x80, 0, 0, 0, 0])];

  it.each(badFrames.map((f) => [f.toString('hex'), f] as const))('an upgrade with a bad token followed at once by the frame %s: refused 4401, the relay keeps running', async (_hex, frame) => {
    const answer = await exchange(port, handshake('/ws1/records/0', 'outpost, auth.not-a-token') + frame.toString('latin1'));
    expect(answer).toMatch(/^HTTP\/1\.1 101 /);
    expect(answer).toContain('Token is not valid');
    await new Promise((r) => setTimeout(r, 200));
    expect(relay.child.exitCode).toBeNull();
  });

  it.each(badFrames.map((f) => [f.toString('hex'), f] as const))("a member's socket closed for a text frame, then the frame %s: the relay keeps running", async (_hex, frame) => {
    const { workspace, admin } = await createWorkspaceOver(relay.httpUrl, await operatorKey(temp.dir));
    const socket = connect({ port, host: '127.0.0.1' });
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('error', () => {});
    socket.write(handshake(`/${workspace.id}/records/0`, `outpost, auth.${admin.token}`));
    await waitFor(() => answer.includes('\r\n\r\n'), 5000, 'the handshake');
    expect(answer).toMatch(/^HTTP\/1\.1 101 /);
    // A text frame is no part of the protocol: the relay closes; the bad frame arrives before the close completes.
    socket.write(Buffer.concat([maskedFrame(1, Buffer.from('hello')), frame]));
    await new Promise((r) => setTimeout(r, 300));
    socket.destroy();
    expect(relay.child.exitCode).toBeNull();
  });

  it('fuzzed requests (targets, methods, headers, as requests and upgrades): each answered with a status, none ends the relay', async () => {
    const random = prng(Number(process.env.OUTPOST_FUZZ_SEED ?? 20261202));
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    const piece = () => pick(['/', '//', '[', ']', ':', '@', '%', '%zz', '%2e', '..', '?', '#', '\\', 'http:', 'https://', '99999', '::1', 'é', 'admin', 'api', 'v1', 'forms', 'auth', 'healthz', 'metrics', 'records', '0', 'token=', 'outpost=3', '*']);
    // Mostly origin-form ('/…', what Node's parser lets through to the relay), some absolute or odd.
    const target = () => (random() < 0.8 ? '/' : '') + Array.from({ length: 1 + Math.floor(random() * 6) }, piece).join('');
    const method = () => pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE']);
    const header = () =>
      pick([
        `Authorization: Bearer ${target()}`,
        `Authorization: ${target()}`,
        `Origin: ${target()}`,
        `Content-Type: ${pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded', target()])}`,
        `Sec-WebSocket-Protocol: ${pick(['outpost', 'auth.', 'auth.x', target()])}, ${target()}`,
        `Accept: ${target()}`,
        `Referer: ${target()}`,
        `X-Forwarded-For: ${target()}`,
      ]);
    const upgrade = 'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';
    const bodies = ['', '{}', '[]', 'null', '{"__proto__":{}}', 'name=x&email=y', '{"name":'];
    const answers: string[] = [];
    for (let i = 0; i < 60; i++) {
      const batch = Array.from({ length: 10 }, () => {
        const body = pick(bodies);
        const headers = Array.from({ length: Math.floor(random() * 4) }, header).join('\r\n');
        const text = `${method()} ${target().replace(/\s/g, '')} HTTP/1.1\r\nHost: relay\r\n${headers ? headers + '\r\n' : ''}${random() < 0.3 ? upgrade : 'Connection: close\r\n'}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
        return exchange(port, text, 3000).then((answer) => ({ text, answer }));
      });
      for (const { text, answer } of await Promise.all(batch)) {
        // Every request gets a status line (a valid upgrade with a bad token a 101 and then its close frame).
        if (!/^HTTP\/1\.1 \d{3} /.test(answer)) throw new Error(`no answer to ${JSON.stringify(text)}: ${JSON.stringify(answer)}`);
        expect(answer).not.toMatch(/^HTTP\/1\.1 500 /);
        answers.push(answer.slice(9, 12));
      }
      expect(relay.child.exitCode).toBeNull();
    }
    console.log(`600 fuzzed requests: statuses ${JSON.stringify(Object.fromEntries([...new Set(answers)].sort().map((s) => [s, answers.filter((a) => a === s).length])))}`);
  });

  it('afterwards members still sync through it', async () => {
    expect(relay.child.exitCode).toBeNull();
    expect((await fetch(`${relay.httpUrl}/healthz`)).status).toBe(200);
    const { workspace, admin } = await createWorkspaceOver(relay.httpUrl, await operatorKey(temp.dir));
    const a = client(relay, workspace.id, 'records/0', admin.token);
    const b = client(relay, workspace.id, 'records/0', admin.token, new Y.Doc());
    try {
      await Promise.all([a.whenSynced, b.whenSynced]);
      a.doc.getMap('leads').set('after', 1);
      await waitFor(() => b.doc.getMap('leads').get('after') === 1 && a.status.get().unsaved === 0, 10_000, 'an edit after the bad requests');
    } finally {
      a.destroy();
      b.destroy();
    }
  });
});
