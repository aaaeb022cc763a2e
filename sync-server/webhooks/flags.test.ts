import { describe, expect, it } from 'vitest';
import { parseRelayArgs } from '../cli/flags.ts';
import { resolveOptions } from '../options.ts';
import { defaultWebhookOptions } from './options.ts';

describe('webhook flags of the relay', () => {
  it('reads the allow-list from repeated flags and the environment, and the retry settings', () => {
    const parsed = parseRelayArgs(['--webhook-allow', '127.0.0.1', '--webhook-allow', '*.example.com', '--webhook-retry-base-ms', '250', '--webhook-pause-after', '5', '--webhook-max-attempts', '3', '--webhook-timeout-ms', '2000'], { OUTPOST_RELAY_WEBHOOK_ALLOW: '10.0.0.0/8,n8n.internal' });
    expect(parsed.ok).toBe(true);
    const options = resolveOptions(parsed.ok ? parsed.options : {});
    expect(options.webhooks).toEqual({ ...defaultWebhookOptions, allow: ['127.0.0.1', '*.example.com', '10.0.0.0/8', 'n8n.internal'], retryBaseMs: 250, pauseAfterFailures: 5, maxAttempts: 3, timeoutMs: 2000 });
  });

  it('keeps the defaults without flags, and refuses bad numbers by name', () => {
    const parsed = parseRelayArgs([], {});
    expect(parsed.ok && resolveOptions(parsed.options).webhooks).toEqual(defaultWebhookOptions);
    expect(parseRelayArgs(['--webhook-pause-after', '0'], {})).toEqual({ ok: false, error: '--webhook-pause-after must be a positive integer' });
    expect(parseRelayArgs(['--webhook-retry-base-ms', 'soon'], {})).toEqual({ ok: false, error: '--webhook-retry-base-ms must be a positive integer' });
  });
});
