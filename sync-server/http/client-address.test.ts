import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { createProxyTrust, TrustProxyError } from './client-address.ts';

const req = (peer: string, xff?: string | string[]) =>
  ({ socket: { remoteAddress: peer }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }) as unknown as IncomingMessage;

describe('the client behind a reverse proxy', () => {
  it('without trusted proxies, X-Forwarded-For is never read: a client cannot name itself another address', () => {
    const none = createProxyTrust([]);
    expect(none.clientOf(req('203.0.113.9', '198.51.100.1'))).toBe('203.0.113.9');
    expect(none.trusts('127.0.0.1')).toBe(false);
  });

  it('through a trusted proxy, the address the proxy appended is the client; what the client wrote to its left is ignored', () => {
    const local = createProxyTrust(['127.0.0.1', '::1']);
    expect(local.clientOf(req('127.0.0.1', '203.0.113.7'))).toBe('203.0.113.7');
    expect(local.clientOf(req('127.0.0.1', '1.2.3.4, 203.0.113.7'))).toBe('203.0.113.7');
    expect(local.clientOf(req('::ffff:127.0.0.1', '203.0.113.7'))).toBe('203.0.113.7'); // a dual-stack socket's spelling
    expect(local.clientOf(req('::1', '2001:db8::5'))).toBe('2001:db8::5');
    // Several header lines are one list, in order.
    expect(local.clientOf(req('127.0.0.1', ['1.2.3.4', '203.0.113.8']))).toBe('203.0.113.8');
    // A request straight to the relay, header or not, is its socket's.
    expect(local.clientOf(req('198.51.100.3', '127.0.0.1'))).toBe('198.51.100.3');
  });

  it('a chain of trusted proxies is walked from the right; ports and brackets are not part of the address', () => {
    const chain = createProxyTrust(['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);
    expect(chain.clientOf(req('127.0.0.1', '9.9.9.9, 203.0.113.7, 10.1.2.3'))).toBe('203.0.113.7');
    expect(chain.clientOf(req('127.0.0.1', '203.0.113.7:51234, 10.1.2.3'))).toBe('203.0.113.7');
    expect(chain.clientOf(req('127.0.0.1', '[2001:db8::7]:443, fd00::1'))).toBe('2001:db8::7');
    // Every hop a trusted proxy (a request from inside): the first one is where it started.
    expect(chain.clientOf(req('127.0.0.1', '10.9.9.9, 10.1.2.3'))).toBe('10.9.9.9');
  });

  it('a trusted proxy that names no client, or garbage, is judged by its own address, never by the garbage', () => {
    const local = createProxyTrust(['127.0.0.1']);
    expect(local.clientOf(req('127.0.0.1'))).toBe('127.0.0.1');
    expect(local.clientOf(req('127.0.0.1', ''))).toBe('127.0.0.1');
    expect(local.clientOf(req('127.0.0.1', '1.2.3.4, unknown'))).toBe('127.0.0.1');
    expect(local.clientOf(req('127.0.0.1', '203.0.113.7, <script>'))).toBe('127.0.0.1');
  });

  it('refuses an entry that is no address or range, saying what it wants', () => {
    for (const bad of ['localhost', '10.0.0.0/33', '::1/129', '1.2.3', '*']) {
      expect(() => createProxyTrust([bad])).toThrow(TrustProxyError);
      expect(() => createProxyTrust([bad])).toThrow(/is not an address or a CIDR range/);
    }
    expect(() => createProxyTrust([' 10.0.0.0/8 '])).not.toThrow();
  });
});
