import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type { ControlMessage, Fanout } from './types.ts';
import { logRedisErrors } from '../storage/redis.ts';

/**
 * Redis pub/sub fan-out. One channel for updates (a relay ignores its own messages and rooms it
 * has not loaded) and one for control messages (role changes, revocations).
 */
export async function createRedisFanout(url: string, prefix: string, publisher: Redis, log?: (line: string) => void): Promise<Fanout> {
  const relayId = randomBytes(8).toString('hex');
  const updatesChannel = `${prefix}updates`;
  const controlChannel = `${prefix}control`;
  const subscriber = new Redis(url, { lazyConnect: true });
  logRedisErrors(subscriber, 'fan-out', log);
  await subscriber.connect();
  await subscriber.subscribe(updatesChannel, controlChannel);
  const updateHandlers = new Set<(room: string, update: Uint8Array) => void>();
  const controlHandlers = new Set<(m: ControlMessage) => void>();
  const gapHandlers = new Set<() => void>();
  // ioredis subscribes again after a reconnect; Redis pub/sub keeps nothing for a subscriber that was away.
  // The gap's handlers read storage for what was missed: only once the subscription is live again
  // (ioredis sends its SUBSCRIBE after this event), or a write stored and published in between
  // would be in neither. Subscribing twice to a channel is harmless; a failure waits for the next 'ready'.
  subscriber.on('ready', () => {
    subscriber.subscribe(updatesChannel, controlChannel).then(
      () => {
        for (const h of gapHandlers) h();
      },
      () => {},
    );
  });

  subscriber.on('messageBuffer', (channelBuf: Buffer, message: Buffer) => {
    const channel = channelBuf.toString();
    if (channel === controlChannel) {
      const parsed = JSON.parse(message.toString()) as ControlMessage;
      for (const h of controlHandlers) h(parsed);
      return;
    }
    const d = decoding.createDecoder(new Uint8Array(message));
    if (decoding.readVarString(d) === relayId) return;
    while (decoding.hasContent(d)) {
      const room = decoding.readVarString(d);
      const update = decoding.readVarUint8Array(d);
      for (const h of updateHandlers) h(room, update);
    }
  });

  return {
    publishUpdates(entries) {
      if (entries.length === 0) return;
      const e = encoding.createEncoder();
      encoding.writeVarString(e, relayId);
      for (const { room, update } of entries) {
        encoding.writeVarString(e, room);
        encoding.writeVarUint8Array(e, update);
      }
      void publisher.publish(updatesChannel, Buffer.from(encoding.toUint8Array(e))).catch(() => {});
    },
    onUpdate(handler) {
      updateHandlers.add(handler);
      return () => updateHandlers.delete(handler);
    },
    publishControl(message) {
      void publisher.publish(controlChannel, JSON.stringify(message)).catch(() => {});
    },
    onControl(handler) {
      controlHandlers.add(handler);
      return () => controlHandlers.delete(handler);
    },
    onGap(handler) {
      gapHandlers.add(handler);
      return () => gapHandlers.delete(handler);
    },
    async close() {
      subscriber.disconnect();
    },
  };
}
