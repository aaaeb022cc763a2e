import { describe, expect, it } from 'vitest';
import { describeRelayStatus, initialRelayStatus, type RelayStatus } from './relay-status.ts';

const at = (patch: Partial<RelayStatus>) => describeRelayStatus({ ...initialRelayStatus, ...patch });
const lost = { code: 1001, reason: 'relay shutting down' };

describe('the status bar line', () => {
  it('says connecting before the first answer, then syncing, then saved or how much is not', () => {
    expect(at({})).toBe('Connecting to the relay…');
    expect(at({ unsaved: 2 })).toBe('Connecting to the relay… 2 changes not yet saved');
    expect(at({ connection: 'connected' })).toBe('Syncing with the relay…');
    expect(at({ connection: 'connected', synced: true })).toBe('All changes saved');
    expect(at({ connection: 'connected', synced: true, unsaved: 1 })).toBe('1 change not yet saved to the relay');
  });

  it('says offline once the relay is gone, never "all saved", and counts what waits', () => {
    expect(at({ connection: 'disconnected' })).toMatch(/^Offline/);
    expect(at({ connection: 'connecting', lastClose: lost })).toMatch(/^Offline/);
    expect(at({ connection: 'disconnected', unsaved: 3, lastClose: lost })).toBe('Offline: 3 changes not yet saved');
    expect(at({ connection: 'connected', synced: false, unsaved: 3, lastClose: lost })).toBe('Syncing with the relay… 3 changes not yet saved');
  });

  it('says how far a join has come when the connection syncs many documents', () => {
    const progress = { docsSynced: 40, docsTotal: 129 };
    expect(at({ connection: 'connected', progress })).toBe('Syncing with the relay: 40 of 129 documents');
    expect(at({ connection: 'connected', progress, unsaved: 2 })).toBe('Syncing with the relay: 40 of 129 documents; 2 changes not yet saved');
    expect(at({ connection: 'connected', synced: true, progress: { docsSynced: 129, docsTotal: 129 } })).toBe('All changes saved');
  });

  it('counts a join in records when the relay states them', () => {
    const progress = { docsSynced: 200, docsTotal: 513, recordsSynced: 12_400, recordsTotal: 20_000 };
    expect(at({ connection: 'connected', progress })).toBe('Syncing 12,400 of 20,000 records');
    expect(at({ connection: 'connected', progress, unsaved: 1 })).toBe('Syncing 12,400 of 20,000 records; 1 change not yet saved');
    // A relay that states no records (version 2): documents, as before.
    expect(at({ connection: 'connected', progress: { ...progress, recordsTotal: 0 } })).toBe('Syncing with the relay: 200 of 513 documents');
    expect(at({ connection: 'connected', synced: true, progress: { ...progress, docsSynced: 513, recordsSynced: 20_000 } })).toBe('All changes saved');
  });

  it('never says "All changes saved" after the relay refused a write: it names the refusal', () => {
    const rejectedWrite = { code: 'content-too-large' as const, message: 'This change holds a value larger or more deeply nested than the relay accepts.' };
    expect(at({ connection: 'connected', synced: true, rejectedWrite })).toBe(`Saved, except a change the relay refused: ${rejectedWrite.message}`);
    expect(at({ connection: 'connected', synced: true, unsaved: 2, rejectedWrite })).toBe(`2 changes not yet saved to the relay; the relay refused a change: ${rejectedWrite.message}`);
    // Offline or syncing: what waits comes first, as before.
    expect(at({ connection: 'disconnected', lastClose: lost, rejectedWrite })).toMatch(/^Offline/);
    expect(at({ connection: 'connected', synced: true, rejectedWrite: { code: 'doc-too-large', message: 'The document has reached the relay’s size limit.' } })).toMatch(/^Saved, except/);
  });

  it("says where a refusal for the writer's role left what they wrote: the team's values shown, theirs kept on the records (or the settings retaken at the next start)", () => {
    const viewer = { code: 'read-only' as const, message: 'Viewers cannot change this workspace.' };
    expect(at({ connection: 'connected', synced: true, rejectedWrite: viewer })).toBe('Saved, except changes the relay refused: Viewers cannot change this workspace. The team’s values are shown; what you wrote is kept on its records, marked “Not saved”.');
    expect(at({ connection: 'connected', synced: true, rejectedWrite: { code: 'admin-only', message: 'Only admins can change the workspace settings.' } })).toBe('Saved, except changes the relay refused: Only admins can change the workspace settings. The team’s settings replace this device’s at the next start.');
    expect(at({ connection: 'connected', synced: true, unsaved: 1, rejectedWrite: viewer })).toMatch(/^1 change not yet saved to the relay; the relay refused changes: Viewers/);
  });

  it('names a final refusal', () => {
    expect(at({ connection: 'refused', refusal: { code: 4401, reason: 'Your access to this workspace was revoked.' } })).toBe('Not syncing: Your access to this workspace was revoked.');
  });
});
