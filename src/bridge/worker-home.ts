import type { EngineReply } from './protocol.ts';
import { WORKER_PROTOCOL_VERSION, WorkerProfile, WorkerToHome, type Endpoint, type HomeToWorker } from './worker-protocol.ts';

const unavailable = (message: string): EngineReply => ({ ok: false, error: { code: 'unavailable', message } });

/**
 * The home's side of the engine Worker: starts it with the profile and relays engine messages
 * to it, matching each reply to its call. It holds no engine state, so the home's thread (which
 * Chrome shares with every extension page) stays free while the engine works.
 */
export class EngineWorkerHome {
  private next = 0;
  private pending = new Map<number, (reply: unknown) => void>();
  private failure: string | null = null;
  private stopped: (() => void) | null = null;
  /** Resolves when the worker has built the engine (its docs load behind: see Engine.ready). */
  readonly started: Promise<void>;
  private onStarted!: () => void;
  private onFailed!: (e: Error) => void;

  /** `profileStore`: where the profile is kept (browser.storage), for the engine's reads and writes of it. */
  constructor(private worker: Endpoint, profile: unknown, private profileStore?: { get(): Promise<unknown>; set(value: unknown): Promise<void> }) {
    this.started = new Promise((resolve, reject) => { this.onStarted = resolve; this.onFailed = reject; });
    this.started.catch(() => {}); // callers that never await it still see the failure in replies
    worker.addEventListener('message', this.onMessage);
    const parsed = WorkerProfile.safeParse(profile);
    if (!parsed.success) {
      this.fail(`This browser profile's Outpost settings are damaged (${parsed.error.issues.map((i) => `${i.path.join('.') || 'profile'}: ${i.message}`).join('; ')}). Set up Outpost again from the side panel.`);
      return;
    }
    this.send({ type: 'start', v: WORKER_PROTOCOL_VERSION, profile: parsed.data });
  }

  /** Relays one message; resolves with the engine's reply (undefined: not an engine message). */
  call(message: unknown, trusted: boolean): Promise<unknown> {
    if (this.failure) return Promise.resolve(unavailable(this.failure));
    const id = this.next++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.send({ type: 'call', id, trusted, message });
    });
  }

  /**
   * The worker is gone or could not start: every waiting call and every later one is answered
   * with `message`, so a page shows why instead of waiting forever.
   */
  fail(message: string): void {
    if (this.failure) return;
    this.failure = message;
    this.onFailed(new Error(message));
    for (const resolve of this.pending.values()) resolve(unavailable(message));
    this.pending.clear();
  }

  /** Stops the engine (its writes flushed to IndexedDB) and detaches from the worker. */
  async stop(): Promise<void> {
    if (this.failure) return;
    await new Promise<void>((resolve) => { this.stopped = resolve; this.send({ type: 'stop' }); });
    this.worker.removeEventListener('message', this.onMessage);
    this.fail('The Outpost engine was stopped.');
  }

  private send(m: HomeToWorker) {
    this.worker.postMessage(m);
  }

  private onMessage = (event: MessageEvent) => {
    const parsed = WorkerToHome.safeParse(event.data);
    if (!parsed.success) { console.error('Outpost: malformed message from the engine worker', parsed.error.issues); return; }
    const m = parsed.data;
    if (m.type === 'reply') {
      const resolve = this.pending.get(m.id);
      this.pending.delete(m.id);
      resolve?.(m.reply);
    } else if (m.type === 'profile') {
      const store = this.profileStore;
      const done = (r: { ok: boolean; value?: unknown; error?: string }) => this.send({ type: 'profile-reply', id: m.id, ...r });
      if (!store) { done({ ok: false, error: 'No profile storage here.' }); return; }
      (m.op === 'get' ? store.get().then((value) => ({ ok: true, value })) : store.set(m.value).then(() => ({ ok: true })))
        .then(done, (e: unknown) => done({ ok: false, error: String(e) }));
    } else if (m.type === 'started') this.onStarted();
    else if (m.type === 'failed') this.fail(m.message);
    else this.stopped?.();
  };
}
