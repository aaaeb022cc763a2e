import { describe, expect, it } from 'vitest';
import { attachValues } from '../../../src/cli/args.ts';
import { runAdmin } from '../../../sync-server/cli/admin.ts';
import { parseRelayArgs } from '../../../sync-server/cli/flags.ts';
import { client, rawConnect, startTestRelay, tempDir, waitFor } from './helpers.ts';

const capture = () => {
  const lines: string[] = [];
  return { print: (s: string) => lines.push(s), json: () => JSON.parse(lines.at(-1)!), text: () => lines.join('\n') };
};

describe('relay: admin command line, flags, /metrics', () => {
  it('works on a stopped relay folder, then through a running relay', async () => {
    const temp = await tempDir();
    const out = capture();
    expect(await runAdmin(['create-workspace', '--name', 'Acme', '--data', temp.dir], out.print)).toBe(0);
    const { workspace, invite } = out.json();
    expect(await runAdmin(['invite', '--workspace', workspace.id, '--role', 'viewer', '--name', 'Vic', '--data', temp.dir], out.print)).toBe(0);
    const viewer = out.json();

    const t = await startTestRelay({ dataDir: temp.dir });
    expect(viewer.link).toBe(`ws://127.0.0.1:1234/#token=${viewer.token}`);
    const c = client(t.relay, workspace.id, 'records/0', (await t.relay.registry.exchange(viewer.token)).token);
    await c.whenSynced; // the invite minted offline is valid: the secret lives in storage
    const url = ['--url', t.relay.httpUrl, '--data', temp.dir];
    expect(await runAdmin(['members', '--workspace', workspace.id, ...url], out.print)).toBe(0);
    expect(out.json().members.map((m: { role: string }) => m.role).sort()).toEqual(['admin', 'viewer']);
    expect(await runAdmin(['revoke', '--workspace', workspace.id, '--member', viewer.member.id, ...url], out.print)).toBe(0);
    await waitFor(() => c.status.get().connection === 'refused', 5000, 'revoked');
    expect(await runAdmin(['set-role', '--workspace', workspace.id, '--member', invite.member.id, '--role', 'owner', ...url], out.print)).toBe(2);
    expect(out.text()).toMatch(/--role must be one of admin, member, viewer/);
    expect(await runAdmin(['members', '--workspace', 'nope', ...url], out.print)).toBe(1);
    expect(await runAdmin(['frobnicate', ...url], out.print)).toBe(2);

    await rawConnect(`${t.relay.wsUrl}/${workspace.id}/records/0?token=bad`).closed;
    const metrics = await (await fetch(`${t.relay.httpUrl}/metrics`)).text();
    for (const name of ['outpost_connections', 'outpost_rooms_loaded', 'outpost_bytes_in_total', 'outpost_ack_latency_ms_count', 'outpost_refusals_total{reason="unauthorized"} 1']) expect(metrics).toContain(name);
    expect(await (await fetch(`${t.relay.httpUrl}/healthz`)).json()).toEqual({ ok: true });
    c.destroy();
    await t.stop();
    await temp.remove();
  });

  it("takes ids that begin with '-' as values, not as flags", async () => {
    expect(attachValues(['--member', '-Xb2', '--workspace', 'w1'], ['member', 'workspace'])).toEqual(['--member=-Xb2', '--workspace', 'w1']);
    // A missing value still reads as missing: the next flag is not swallowed.
    expect(attachValues(['--member', '--workspace', 'w1'], ['member', 'workspace'])).toEqual(['--member', '--workspace', 'w1']);
    const temp = await tempDir();
    const out = capture();
    expect(await runAdmin(['create-workspace', '--name', 'Acme', '--data', temp.dir], out.print)).toBe(0);
    const { workspace } = out.json();
    expect(await runAdmin(['set-role', '--workspace', workspace.id, '--member', '-Xb2', '--role', 'viewer', '--data', temp.dir], out.print)).toBe(1);
    expect(out.text()).not.toMatch(/ambiguous/);
    expect(await runAdmin(['members', '--workspace', '-nope', '--data', temp.dir], out.print)).toBe(1);
    await temp.remove();
  });

  it('parses flags and env, and rejects bad values clearly', () => {
    const ok = parseRelayArgs(['--port', '0', '--allow-origin', 'https://crm.example.com', '--max-frame-bytes', '1024'], { OUTPOST_RELAY_DATA: '/tmp/x' });
    expect(ok.ok && ok.options).toMatchObject({ port: 0, dataDir: '/tmp/x', limits: { maxFrameBytes: 1024 }, allowedOrigins: ['chrome-extension://*', 'moz-extension://*', 'https://crm.example.com'] });
    expect(parseRelayArgs(['--port', 'x'], {})).toEqual({ ok: false, error: '--port must be 0–65535' });
    expect(parseRelayArgs(['--max-doc-bytes=-1'], {})).toEqual({ ok: false, error: '--max-doc-bytes must be a positive integer' });
    expect(parseRelayArgs(['--nope'], {}).ok).toBe(false);
    const bounds = parseRelayArgs(['--max-inbound-bytes', '67108864', '--max-full-syncs-per-room', '3'], {});
    expect(bounds.ok && bounds.options.limits).toEqual({ maxInboundBytes: 64 * 1024 * 1024, maxFullSyncsPerRoom: 3 });
    expect(parseRelayArgs(['--max-inbound-bytes', '0'], {})).toEqual({ ok: false, error: '--max-inbound-bytes must be a positive integer' });
    const perMember = parseRelayArgs(['--connections-per-member', '8'], {});
    expect(perMember.ok && perMember.options.limits).toEqual({ connectionsPerMember: 8 });
    expect(parseRelayArgs(['--connections-per-member', '1.5'], {})).toEqual({ ok: false, error: '--connections-per-member must be a positive integer' });
  });
});
