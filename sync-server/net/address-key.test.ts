import { describe, expect, it } from 'vitest';
import { addressKey } from './addresses.ts';

describe('addressKey: what a per-address limit counts', () => {
  it('an IPv4 address is itself, also IPv4-mapped', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::FFFF:127.0.0.1')).toBe('127.0.0.1');
  });

  it('every address of one IPv6 /64 is one key, however it is written', () => {
    const one = ['2001:db8:1:2::1', '2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:0db8:0001:0002:0000:0000:0000:0042', '2001:DB8:1:2::abcd%eth0', '2001:db8:1:2:0:0:1.2.3.4'];
    expect(new Set(one.map(addressKey))).toEqual(new Set(['2001:db8:1:2::/64']));
  });

  it('addresses of different /64s are different keys', () => {
    const keys = ['2001:db8:1:2::1', '2001:db8:1:3::1', '2001:db8::1', '::1', 'fe80::1', '2001:db8:1::2:0:0:1'].map(addressKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });

  it('no address, or one that is neither, keeps a key of its own', () => {
    expect(addressKey(undefined)).toBe('unknown');
    expect(addressKey('not-an-address')).toBe('not-an-address');
  });
});
