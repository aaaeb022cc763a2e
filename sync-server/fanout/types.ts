/**
 * Fan-out between relay processes. Updates are published only after they are on disk, so a
 * relay that receives one never needs to store it again.
 */
export type ControlMessage = { type: 'recheck'; workspaceId: string };

export type Fanout = {
  publishUpdates(entries: Array<{ room: string; update: Uint8Array }>): void;
  onUpdate(handler: (room: string, update: Uint8Array) => void): () => void;
  publishControl(message: ControlMessage): void;
  onControl(handler: (message: ControlMessage) => void): () => void;
  /** The subscription was lost and is back: what other relays published meanwhile never arrives. */
  onGap(handler: () => void): () => void;
  close(): Promise<void>;
};

/** One process: control messages loop back, updates have nowhere to go. */
export function createLocalFanout(): Fanout {
  const control = new Set<(m: ControlMessage) => void>();
  return {
    publishUpdates() {},
    onUpdate: () => () => {},
    publishControl(message) {
      for (const h of control) h(message);
    },
    onControl(handler) {
      control.add(handler);
      return () => control.delete(handler);
    },
    onGap: () => () => {},
    async close() {},
  };
}
