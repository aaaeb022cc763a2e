import { describe, expect, it } from 'vitest';
import { PROFILE_KEY, startProfile, storedProfile, switching, type KeyValueStorage, type Profile } from './profile.ts';
import { rememberWorkspace, startEarlyList } from './early-list.ts';

const memory = (profile?: Profile) => {
  const data = new Map<string, unknown>(profile ? [[PROFILE_KEY, profile]] : []);
  const storage: KeyValueStorage = { get: async (k) => data.get(k), set: async (k, v) => { data.set(k, v); } };
  return { storage, data };
};
const w1: Profile = { workspaceId: 'w1', memberId: 'm1', role: 'admin', name: 'Ada' };
const w2: Profile = { ...w1, workspaceId: 'w2' };
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('storedProfile: what was saved last time, read before the page\'s code loads', () => {
  it('answers the saved profile, and null before the first start (creating nothing)', async () => {
    expect(await storedProfile(memory(w1).storage)).toEqual(w1);
    const empty = memory();
    expect(await storedProfile(empty.storage)).toBeNull();
    expect(empty.data.size).toBe(0);
    expect(await storedProfile(memory({ ...w1, memberId: '' }).storage)).toBeNull();
  });
});

describe('startProfile: the profile read early, checked again once the page listens', () => {
  it('starts with the early profile and says nothing when it is still the stored one', async () => {
    const { storage } = memory(w1);
    const order: string[] = [];
    const moved: Profile[] = [];
    const p = await startProfile(storage, storedProfile(storage), (b) => order.push(`listen ${b.workspaceId}`), (m) => moved.push(m));
    await tick();
    expect(p).toEqual(w1);
    expect(order).toEqual(['listen w1']);
    expect(moved).toEqual([]);
  });

  it('a workspace switched after the early read (before the page listened) starts the page over on the right one', async () => {
    const { storage, data } = memory(w1);
    const early = storedProfile(storage);
    await early;
    data.set(PROFILE_KEY, w2); // switched in another page between the entry's read and the boot
    const moved: Profile[] = [];
    const p = await startProfile(storage, early, () => {}, (m) => moved.push(m));
    expect(p.workspaceId).toBe('w1'); // the early rows painted from it…
    await tick();
    expect(moved.map((m) => m.workspaceId)).toEqual(['w2']); // …are replaced: the page starts over on w2
    // On that start the hint (w1) is dropped for w2's profile: no w1 rows are shown, and w2's are next time.
    const store = new Map<string, string>();
    Object.assign(globalThis, { localStorage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => { store.set(k, v); } } });
    try {
      rememberWorkspace('w1');
      expect(startEarlyList('leads', 70).forWorkspace(moved[0].workspaceId)).toBeNull();
      expect(startEarlyList('leads', 70).forWorkspace('w2')).not.toBeNull();
    } finally { delete (globalThis as { localStorage?: unknown }).localStorage; }
  });

  it('does not start over while this page itself switches workspace', async () => {
    const { storage, data } = memory(w1);
    const early = storedProfile(storage);
    await early;
    data.set(PROFILE_KEY, w2);
    switching.workspace = true;
    const moved: Profile[] = [];
    try {
      await startProfile(storage, early, () => {}, (m) => moved.push(m));
      await tick();
    } finally { switching.workspace = false; }
    expect(moved).toEqual([]);
  });

  it('without an early profile (first start, or the read failed) loads or creates one, and reads no second time', async () => {
    const { storage, data } = memory();
    const moved: Profile[] = [];
    const p = await startProfile(storage, Promise.reject(new Error('storage busy')), () => {}, (m) => moved.push(m));
    expect(p.workspaceId).toMatch(/^local-/);
    expect(data.get(PROFILE_KEY)).toEqual(p);
    await tick();
    expect(moved).toEqual([]);
    expect(await startProfile(memory(w2).storage, undefined, () => {}, () => {})).toEqual(w2);
  });
});
