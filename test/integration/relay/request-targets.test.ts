import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import * as Y from 'yjs';
import { client, tempDir, waitFor } from './helpers.ts';
import { createWorkspaceOver, freePort, operatorKey, spawnRelay } from './process.ts';

/**
 * Request targets that are no valid URL path (`//`, `http://[::1`, a bad port or escape in a
 * host). The relay runs as its own process here: one such line, unauthenticated, used to throw in
 * the request handler and end the process, and with it every member's connection.
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

describe('relay process: request targets that are no URL', () => {
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
