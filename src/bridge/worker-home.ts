import type { EngineReply } from './protocol.ts';
import { WORKER_PROTOCOL_VERSION, WorkerProfile, WorkerToHome, type Endpoint, type HomeToWorker } from './worker-protocol.ts';

const unavailable = (message: string): EngineReply => ({ ok: false, error: { code: 'unavailable', message } });
const damaged = (issues: { path: PropertyKey[]; message: string }[]) =>
  `This browser profile's Outpost settings are damaged (${issues.map((i) => `${i.path.join('.') || 'profile'}: ${i.message}`).join('; ')}). Set up Outpost again from the side panel.`;

/**
 * The home's side of the engine Worker: starts it with the profile and relays engine messages
 * to it, matching each reply to its call. It holds no engine state, so the home's thread (which
 * Chrome shares with every extension page) stays free while the engine works.
 */
export class EngineWorkerHome {
  private next = 0;
  private pending = new Map<number, (reply: unknown) => void>();
  private failure: string | null = null;
  /** Set once the worker is gone or detached: no switch can bring it back. */
  private final = false;
  private stopped: (() => void) | null = null;
  /** While the engine is being replaced: calls wait for it, then go to the new engine. */
  private switching: Promise<void> | null = null;
  private onStarted!: () => void;
  private onFailed!: (e: Error) => void;
  private startedNow!: Promise<void>;

  /** `profileStore`: where the profile is kept (browser.storage), for the engine's reads and writes of it. */
  constructor(private worker: Endpoint, profile: unknown, private profileStore?: { get(): Promise<unknown>; set(value: unknown): Promise<void> }) {
    worker.addEventListener('message', this.onMessage);
    this.start(profile);
  }

  /** Resolves when the worker has built the current engine (its docs load behind: see Engine.ready). */
  get started(): Promise<void> {
    return this.startedNow;
  }

  /** Relays one message; resolves with the engine's reply (undefined: not an engine message). */
  call(message: unknown, trusted: boolean): Promise<unknown> {
    if (this.switching) return this.switching.then(() => this.call(message, trusted));
    if (this.failure) return Promise.resolve(unavailable(this.failure));
    const id = this.next++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.send({ type: 'call', id, trusted, message });
    });
  }

  /**
   * Runs `profile`'s engine in place of the current one, in the same Worker (a workspace switch:
   * no new Worker, no script to load again). Resolves once the old engine has closed (its calls
   * answered, its docs stored, its connection and databases closed), while the new one starts.
   * Calls made from now on wait and go to the new engine, never to the old one. A damaged
   * profile is refused before anything stops; a worker that is gone cannot switch (the caller
   * starts a new home).
   */
  async switchTo(profile: unknown): Promise<void> {
    if (this.final) throw new Error(this.failure ?? 'The Outpost engine is not running.');
    const parsed = WorkerProfile.safeParse(profile);
    if (!parsed.success) throw new Error(damaged(parsed.error.issues));
    const previous = this.switching;
    let done!: () => void;
    this.switching = new Promise((r) => { done = r; });
    try {
      await previous; // two switches in a row: one after the other
      await this.stopEngine();
    } finally {
      if (!this.final) this.start(parsed.data);
      done();
      this.switching = null;
    }
  }

  /**
   * The worker is gone or could not start: every waiting call and every later one is answered
   * with `message`, so a page shows why instead of waiting forever.
   */
  fail(message: string, final = true): void {
    this.final ||= final;
    if (final) { const stopped = this.stopped; this.stopped = null; stopped?.(); } // nothing will say `stopped` any more
    if (this.failure) return;
    this.failure = message;
    this.onFailed(new Error(message));
    for (const resolve of this.pending.values()) resolve(unavailable(message));
    this.pending.clear();
  }

  /** Stops the engine (its writes flushed to IndexedDB) and detaches from the worker. */
  async stop(): Promise<void> {
    if (this.final) return;
    await this.stopEngine();
    this.worker.removeEventListener('message', this.onMessage);
    this.fail('The Outpost engine was stopped.');
  }

  private start(profile: unknown) {
    this.failure = null;
    this.startedNow = new Promise((resolve, reject) => { this.onStarted = resolve; this.onFailed = reject; });
    this.startedNow.catch(() => {}); // callers that never await it still see the failure in replies
    const parsed = WorkerProfile.safeParse(profile);
    if (!parsed.success) { this.fail(damaged(parsed.error.issues), false); return; }
    this.send({ type: 'start', v: WORKER_PROTOCOL_VERSION, profile: parsed.data });
  }

  /** The worker answers every call it was given before `stopped`: only then is the old engine gone. */
  private stopEngine(): Promise<void> {
    return new Promise<void>((resolve) => { this.stopped = resolve; this.send({ type: 'stop' }); });
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
    else if (m.type === 'failed') this.fail(m.message, false);
    else { const stopped = this.stopped; this.stopped = null; stopped?.(); }
  };
}
