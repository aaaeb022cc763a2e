import { isWriteFrame } from '../../sync-server/protocol.ts';

/**
 * Wraps the WebSocket class handed to y-websocket so the client sees each socket it opens and
 * each write frame it sends, without patching the provider. Works for the browser WebSocket
 * and for `ws` in Node.
 */
export type SocketHooks = { opened(): void; writeSent(): void };

export function countingWebSocket(Base: typeof WebSocket, hooks: SocketHooks): typeof WebSocket {
  return class CountingWebSocket extends Base {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      hooks.opened();
    }
    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView) {
      if (isWriteFrame(asBytes(data))) hooks.writeSent();
      super.send(data);
    }
  };
}

function asBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(0);
}
