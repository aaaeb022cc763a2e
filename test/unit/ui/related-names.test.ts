import { describe, expect, it } from 'vitest';
import { FORMER_MEMBER, memberName } from '../../../src/ui/models/members.ts';
import { createConfigModel } from '../../../src/ui/models/config-model.ts';
import type { ReadPort, WorkspaceConfig } from '../../../src/ui/ports.ts';

const cfg = {
  me: { memberId: 'm-me', role: 'admin' },
  members: [
    { id: 'm-me', name: '', role: 'admin', active: true },
    { id: 'm-ada', name: 'Ada Lovelace', email: 'ada@acme.test', role: 'member', active: true },
    { id: 'm-mail', name: '', email: 'bo@acme.test', role: 'member', active: true },
    { id: 'm-gone', name: 'Gus Gone', role: 'member', active: false },
  ],
} as unknown as WorkspaceConfig;

describe('a member id shows as a name, one rule everywhere', () => {
  it('name, else email, else You; a member who left is "Former member"', () => {
    expect(memberName(cfg, 'm-ada')).toBe('Ada Lovelace');
    expect(memberName(cfg, 'm-mail')).toBe('bo@acme.test');
    expect(memberName(cfg, 'm-me')).toBe('You');
    expect(memberName(cfg, 'm-gone')).toBe(FORMER_MEMBER);
    expect(memberName(cfg, 'm-never-listed')).toBe(FORMER_MEMBER);
    expect(memberName(cfg, '')).toBe('');
    expect(memberName(null, 'm-ada')).toBe(''); // the config not loaded yet: unknown, not a former member
  });

  it('the config model the record views read follows the same rule', () => {
    const read = { watchConfig: (cb: (c: WorkspaceConfig) => void) => { cb(cfg); return () => undefined; } } as unknown as ReadPort;
    const model = createConfigModel(read);
    expect(model.memberName('m-gone')).toBe(FORMER_MEMBER);
    expect(model.nameOf('members', 'm-never-listed')).toBe(FORMER_MEMBER);
    expect(model.memberName('m-ada')).toBe('Ada Lovelace');
    expect(model.memberName(42)).toBe('');
  });
});
