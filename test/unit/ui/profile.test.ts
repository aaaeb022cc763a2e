import { describe, expect, it } from 'vitest';
import { loadOrCreateProfile, PROFILE_KEY, type KeyValueStorage } from '../../../src/ext/profile.ts';

/** A storage whose reads and writes take a while, as chrome.storage does across contexts. */
function slowStorage(): KeyValueStorage & { writes: number } {
  const data = new Map<string, unknown>();
  const tick = () => new Promise((r) => setTimeout(r, 5));
  return {
    writes: 0,
    async get(key) { await tick(); return data.get(key); },
    async set(key, value) { await tick(); this.writes++; data.set(key, structuredClone(value)); },
  };
}

describe('the browser profile at first start', () => {
  it('is created once when the background, the engine and the pages ask at the same time', async () => {
    const storage = slowStorage();
    const profiles = await Promise.all(Array.from({ length: 5 }, () => loadOrCreateProfile(storage)));
    expect(new Set(profiles.map((p) => p.workspaceId)).size).toBe(1);
    expect(new Set(profiles.map((p) => p.memberId)).size).toBe(1);
    expect(storage.writes).toBe(1);
    expect(profiles[0]).toMatchObject({ role: 'admin', workspaceId: expect.stringMatching(/^local-/) });
    expect(await storage.get(PROFILE_KEY)).toEqual(profiles[0]);
  });

  it('keeps a stored profile (a joined team) as it is', async () => {
    const storage = slowStorage();
    const joined = { workspaceId: 'acme', memberId: 'm1', role: 'member' as const, name: 'Pat', relay: { url: 'ws://127.0.0.1:1', token: 't' } };
    await storage.set(PROFILE_KEY, joined);
    expect(await loadOrCreateProfile(storage)).toEqual(joined);
    expect(storage.writes).toBe(1);
  });
});
