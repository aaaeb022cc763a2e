import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, encodeMuxFrame, encodeSyncUpdate, type RoomKey } from '../../../sync-server/protocol.ts';
import { rawConnect, startTestRelay, waitFor, workspaceWith } from './helpers.ts';
import { startBystander } from './bystander.ts';

/**
 * The relay under an outside attacker: each attack gets its documented refusal (close code and
 * reason, or HTTP status), and afterwards the relay is alive AND serving: a bystander's edit
 * still syncs between two honest clients.
 */
type TestRelay = Awaited<ReturnType<typeof startTestRelay>>;
const bytes = (s: string) => Buffer.byteLength(s);

describe('relay attacks: close reasons', () => {
  let t: TestRelay;
  let ws: Awaited<ReturnType<typeof workspaceWith>>;
  let bystander: Awaited<ReturnType<typeof startBystander>>;
  beforeAll(async () => {
    t = await startTestRelay();
    ws = await workspaceWith(t.relay);
    bystander = await startBystander(t.relay, ws.workspaceId, ws.tokens.member);
  });
  afterAll(async () => {
    bystander.destroy();
    await t.stop();
  });

  it('a room name of multi-byte characters is refused with 4404 and a reason of at most 123 bytes', async () => {
    const c = rawConnect(`${t.relay.wsUrl}/${ws.workspaceId}?outpost=3&token=${ws.tokens.member}`);
    await c.opened;
    c.ws.send(encodeMuxFrame('中'.repeat(60) as RoomKey, encodeSyncUpdate(new Uint8Array([0, 0]))));
    const closed = await c.closed;
    expect(closed.code).toBe(CloseCode.notFound);
    expect(closed.reason).toMatch(/^Unknown room .*"中+…$/);
    expect(bytes(closed.reason)).toBeLessThanOrEqual(123);
    expect(closed.reason).not.toContain('\uFFFD');
    await bystander.check('a long room name');
  });

  it('an Origin of non-ASCII characters is refused with 4403 and a cut reason', async () => {
    const c = rawConnect(`${t.relay.wsUrl}/${ws.workspaceId}/records/0?token=${ws.tokens.member}`, { origin: 'https://' + '\u00e9'.repeat(200) });
    const closed = await c.closed;
    expect(closed.code).toBe(CloseCode.forbidden);
    expect(closed.reason).toMatch(/^Origin not allowed.*https:\/\/é+…$/);
    expect(bytes(closed.reason)).toBeLessThanOrEqual(123);
    await bystander.check('a long origin');
  });
});
