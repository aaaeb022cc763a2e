/**
 * The real relay (same flags as `npm run relay`) plus one test hook: each JSON line on stdin is a
 * RecordEvent emitted on the relay's bus, answered on stdout with `queued <id>` once the
 * webhooks have persisted it. Stands in for the API projection until that is merged.
 */
import { createInterface } from 'node:readline';
import { parseRelayArgs } from '../../../sync-server/cli/flags.ts';
import { startRelay } from '../../../sync-server/server.ts';
import type { RecordEvent } from '../../../sync-server/events/record-events.ts';

const parsed = parseRelayArgs(process.argv.slice(2), {});
if (!parsed.ok) throw new Error(parsed.error);
const relay = await startRelay(parsed.options);
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const event = JSON.parse(line) as RecordEvent;
  relay.events.emit(event);
  await relay.webhooks.flushed();
  console.log(`queued ${event.id}`);
}
