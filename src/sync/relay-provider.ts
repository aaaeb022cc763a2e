import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type * as awarenessProtocol from 'y-protocols/awareness';
import * as decoding from 'lib0/decoding';
import { authProtocols } from '../../sync-server/auth/transport.ts';
import { MessageType, OUTPOST_PARAM, OUTPOST_PROTOCOL_VERSION, decodeRefused } from '../../sync-server/protocol.ts';
import { createAckTracker } from './ack-tracker.ts';
import { countingWebSocket } from './counting-socket.ts';
import { createObservable, type Observable } from './observable.ts';
import { initialRelayStatus, type RelayStatus } from './relay-status.ts';

export type RelayProviderOptions = {
  /** ws:// or wss:// address of the relay; several relays of one deployment are tried in turn. */
  url: string | string[];
  workspaceId: string;
  /**
   * The one room: a doc key (`config`, `records/3`). Outpost clients use `WorkspaceConnection`
   * (every doc over one socket); this single-room provider is for tools and tests.
   */
  docName: string;
  doc: Y.Doc;
  token: string;
  /** `ws` in Node; the browser's WebSocket by default. */
  WebSocketPolyfill?: typeof WebSocket;
  connect?: boolean;
  awareness?: awarenessProtocol.Awareness;
  maxBackoffTime?: number;
  /** Off by default: one engine per profile owns the docs, and a BroadcastChannel peer would bypass acks. */
  broadcastChannel?: boolean;
};

/**
 * y-websocket's provider plus the Outpost additions: acks ("all changes saved"), write
 * refusals, and final connection refusals that stop the reconnect loop with a reason.
 */
export class RelayProvider {
  readonly provider: WebsocketProvider;
  readonly status: Observable<RelayStatus>;
  /** Resolves on the first completed sync. */
  readonly whenSynced: Promise<void>;
  private readonly state = createObservable<RelayStatus>(initialRelayStatus);
  private readonly acks = createAckTracker();
  private readonly disposers: Array<() => void> = [];

  constructor(options: RelayProviderOptions) {
    const { doc } = options;
    this.status = { get: this.state.get, subscribe: this.state.subscribe };
    // Registered before the provider's own handler, so a change is counted before it is sent.
    const onUpdate = (_u: Uint8Array, origin: unknown) => {
      if (origin === this.provider) return;
      this.acks.localChange();
      this.update({});
    };
    doc.on('update', onUpdate);
    this.disposers.push(() => doc.off('update', onUpdate));

    const Base = options.WebSocketPolyfill ?? globalThis.WebSocket;
    const WS = countingWebSocket(Base, { opened: () => this.acks.newConnection(), writeSent: () => this.acks.writeSent() });
    const urls = Array.isArray(options.url) ? options.url : [options.url];
    this.provider = new WebsocketProvider(urls[0], `${options.workspaceId}/${options.docName}`, doc, {
      connect: false,
      awareness: options.awareness,
      // The token travels as a subprotocol, never in the URL (proxies log URLs).
      params: { [OUTPOST_PARAM]: String(OUTPOST_PROTOCOL_VERSION) },
      protocols: authProtocols(options.token),
      WebSocketPolyfill: WS,
      maxBackoffTime: options.maxBackoffTime ?? 5000,
      disableBc: !options.broadcastChannel,
    });
    registerOutpostHandlers(this);
    if (urls.length > 1) this.failOverBetween(urls);
    this.whenSynced = new Promise((resolve) => {
      const onSync = (synced: boolean) => synced && resolve();
      this.provider.on('sync', onSync);
      this.disposers.push(() => this.provider.off('sync', onSync));
    });
    this.listen();
    if (options.connect ?? true) this.connect();
  }

  get doc() {
    return this.provider.doc;
  }

  connect() {
    this.update({ refusal: null });
    this.provider.connect();
  }

  disconnect() {
    this.provider.disconnect();
  }

  /** A new token (after a refusal, say): used from the next connection on. */
  setToken(token: string) {
    this.provider.protocols = authProtocols(token);
  }

  /** Internal: merge a change into the status. */
  update(patch: Partial<RelayStatus>) {
    const prev = this.state.get();
    const next = { ...prev, ...patch, unsaved: this.acks.unsaved };
    if (Object.keys(next).some((k) => next[k as keyof RelayStatus] !== prev[k as keyof RelayStatus])) this.state.set(next);
  }

  /** Internal: called by the message handlers. */
  onAck(n: number) {
    this.acks.ack(n);
    this.update({});
  }

  destroy() {
    this.disposers.splice(0).forEach((d) => d());
    this.provider.destroy();
    this.state.clear();
  }

  /** When a connection is lost, the next attempt goes to the next relay in the list. */
  private failOverBetween(urls: string[]) {
    let index = 0;
    const onClose = () => {
      index = (index + 1) % urls.length;
      this.provider.serverUrl = urls[index].replace(/\/+$/, '');
    };
    this.provider.on('connection-close', onClose);
    this.disposers.push(() => this.provider.off('connection-close', onClose));
  }

  private listen() {
    const p = this.provider;
    const on = <A extends unknown[]>(event: string, handler: (...args: A) => void) => {
      (p.on as (e: string, h: (...args: A) => void) => void)(event, handler);
      this.disposers.push(() => (p.off as (e: string, h: (...args: A) => void) => void)(event, handler));
    };
    on('status', ({ status }: { status: 'connected' | 'connecting' | 'disconnected' }) => this.update({ connection: this.state.get().refusal ? 'refused' : status }));
    on('sync', (synced: boolean) => this.update({ synced }));
    on('connection-close', (event: CloseEvent | null) => {
      if (event && event.code !== 1000) this.update({ lastClose: { code: event.code, reason: event.reason }, synced: false });
    });
    on('closed', ({ code, reason }: { code: number; reason: string }) =>
      this.update({ connection: 'refused', synced: false, refusal: { code, reason: reason || 'The relay refused this connection.' } }),
    );
  }
}

function registerOutpostHandlers(relay: RelayProvider) {
  const handlers = relay.provider.messageHandlers as unknown as Array<(e: unknown, d: decoding.Decoder) => void>;
  handlers[MessageType.ack] = (_e, d) => relay.onAck(decoding.readVarUint(d));
  handlers[MessageType.refused] = (_e, d) => {
    const { code, message } = decodeRefused(d);
    relay.update({ rejectedWrite: { code, message } });
  };
}
