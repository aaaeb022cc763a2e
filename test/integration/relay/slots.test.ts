import { afterEach, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { client, rawConnect, sleep, startTestRelay, waitFor, workspaceWith } from './helpers.ts';

/** Issue 13, problem 1: connection slots are held only by upgraded sockets and always given back. */
describe('relay: connection slots per address', () => {
  let t: Awaited<ReturnType<typeof startTestRelay>> | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  /** Sends a raw HTTP upgrade request and returns the status line the relay answers with (or '' if it hung up). */
  const rawUpgrade = (port: number, path: string, headers: Record<string, string>, hangUpAtOnce = false) =>
    new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      socket.on('data', (d) => {
        answer += d.toString();
        socket.destroy();
      });
      socket.on('error', () => {});
      socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
      socket.on('connect', () => {
        const lines = [`GET ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: Upgrade', 'Upgrade: websocket', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
        socket.write(lines.join('\r\n') + '\r\n\r\n');
        if (hangUpAtOnce) socket.destroy();
      });
    });

  it('64+ aborted handshakes with a valid token (malformed upgrades, clients hanging up during the check) leave every slot free', async () => {
    // Query tokens on, so the same handshakes pass the token check on the relay before this fix too.
    t = await startTestRelay({ allowQueryToken: true });
    const ws = await workspaceWith(t.relay);
    const path = `/${ws.workspaceId}/records/0?token=${ws.tokens.viewer}`;
    // A malformed upgrade: no Sec-WebSocket-Key. The token check passes, the handshake cannot complete.
    for (let i = 0; i < 70; i++) expect(await rawUpgrade(t.relay.port, path, { 'Sec-WebSocket-Version': '13' })).toMatch(/^HTTP\/1.1 400/);
    // A flaky network: the client hangs up while its token is being checked.
    await Promise.all(Array.from({ length: 30 }, () => rawUpgrade(t!.relay.port, path, { 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' }, true)));
    await sleep(200);
    expect(t.relay.slots.held('127.0.0.1')).toBe(0);
    const member = client(t.relay, ws.workspaceId, 'records/0', ws.tokens.member);
    await member.whenSynced;
    expect(member.status.get().connection).toBe('connected');
    member.destroy();
  });

  it('every way a connection ends gives its slot back; at the limit a metric counts and one log line names the address', async () => {
    const lines: string[] = [];
    t = await startTestRelay({ log: (line) => lines.push(line), limits: { connectionsPerIp: 3, idleTimeoutMs: 800, recheckMs: 100 } });
    const ws = await workspaceWith(t.relay);
    const url = `${t.relay.wsUrl}/${ws.workspaceId}/records/0?token=${ws.tokens.member}`;
    const open = async () => {
      const c = rawConnect(url);
      await c.opened;
      await waitFor(() => c.frames.length > 0, 5000, 'greeting');
      return c;
    };
    const [a, b, c] = [await open(), await open(), await open()];
    await expect(rawConnect(url).opened).rejects.toThrow(/429/);
    await expect(rawConnect(url).opened).rejects.toThrow(/429/);
    const metrics = await (await fetch(`${t.relay.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/outpost_connection_limit_hits_total 2/);
    expect(lines.filter((l) => l.includes('connection limit'))).toEqual([expect.stringMatching(/address 127\.0\.0\.1 holds 3 connections \(limit 3/)]);

    a.ws.close(); // a clean close
    await a.closed;
    await waitFor(() => t!.relay.slots.held('127.0.0.1') === 2, 5000, 'slot back after close');
    b.ws.terminate(); // the network drops (no close frame)
    await waitFor(() => t!.relay.slots.held('127.0.0.1') === 1, 5000, 'slot back after a dropped socket');
    await c.closed; // says nothing: closed as idle
    await waitFor(() => t!.relay.slots.held('127.0.0.1') === 0, 5000, 'slot back after idle timeout');
    // Refused handshakes (bad token) never held a slot.
    for (let i = 0; i < 5; i++) await rawConnect(`${t.relay.wsUrl}/${ws.workspaceId}/records/0?token=bad`).closed;
    expect(t.relay.slots.held('127.0.0.1')).toBe(0);
    const again = [await open(), await open(), await open()];
    for (const s of again) s.ws.close();
  });
});
