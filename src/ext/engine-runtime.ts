import { Engine } from '../store/engine.ts';
import { carryWorkspace } from '../store/carry.ts';
import { handleEngineMessage } from '../bridge/host.ts';
import { cancelImport } from '../bridge/io.ts';
import type { EngineReply } from '../bridge/protocol.ts';
import { HomeToWorker, type Endpoint, type WorkerProfile, type WorkerToHome } from '../bridge/worker-protocol.ts';
import { connectRelay, type RelayConnection } from './relay.ts';
import { PROFILE_KEY, type KeyValueStorage, type Profile } from './profile.ts';

export type RunningEngine = {
  engine: Engine;
  relay: RelayConnection | null;
  /** Answers one engine message; `trusted` is the home's check of who sent it. */
  handle(message: unknown, trusted: boolean): Promise<EngineReply | undefined>;
  /**
   * Closes the engine cleanly: the calls it is answering finish (an import still running after
   * `STOP_WAIT_MS` is cancelled, which undoes what it saved), then the relay connection closes
   * and the docs are stored and their IndexedDB handles closed.
   */
  stop(): Promise<void>;
};

/**
 * How long a stop waits for the calls in flight before cancelling the imports among them: a
 * switch of workspace must not wait for a 10k-row import, nor cut a single write in half.
 */
export const STOP_WAIT_MS = 3000;

const settled = (ps: Iterable<Promise<unknown>>) => Promise.allSettled([...ps]).then(() => undefined);
const within = (p: Promise<unknown>, ms: number) => new Promise<boolean>((resolve) => {
  const timer = setTimeout(() => resolve(false), ms);
  void p.then(() => { clearTimeout(timer); resolve(true); });
});
/** The import job a message runs, if any (read before parsing: only to cancel it at a stop). */
const jobOf = (message: unknown) => {
  const jobId = (message as { call?: { op?: unknown; jobId?: unknown } } | null)?.call?.jobId;
  return typeof jobId === 'string' ? jobId : null;
};

/**
 * Starts the profile's one engine. Runs in the engine's Worker (bridge/worker-protocol.ts), so
 * nothing here may use `browser.*`: the profile is handed in by the home.
 */
/**
 * `stopWaitMs`: how long `stop` lets calls in flight finish before cancelling imports (tests shorten it).
 * `workerEngines`: this engine's number in its Worker (the `status` call reports it).
 */
export type EngineRuntimeOptions = { stopWaitMs?: number; workerEngines?: number };

export function startEngine(profile: WorkerProfile, storage?: KeyValueStorage, options: EngineRuntimeOptions = {}): RunningEngine {
  const engine = new Engine({
    workspaceId: profile.workspaceId,
    actor: { memberId: profile.memberId, role: profile.role, name: profile.name, email: profile.email },
    // A member joining a team gets the config from the relay; only a local or admin profile seeds,
    // and not one taking the team's settings (an admin demoted while offline: its seed would be
    // refused admin-only, and the settings retaken again at every start).
    seed: profile.role === 'admin' && !profile.retakeConfig,
    // A team profile's old-layout docs wait for the relay's ack of their legacy push (issue 10).
    team: !!profile.relay,
    retakeConfig: profile.retakeConfig,
  });
  if (profile.retakeConfig && storage) void engine.ready.then(() => retakenConfig(storage, profile)).catch((e: unknown) => console.error('Outpost: could not note that the team\'s settings were taken', e));
  const relay = profile.relay ? connectRelay(engine, profile, storage) : null;
  const inflight = new Map<Promise<unknown>, string | null>();
  const track = <T>(p: Promise<T>, jobId: string | null = null): Promise<T> => {
    inflight.set(p, jobId);
    void p.finally(() => inflight.delete(p)).catch(() => {});
    return p;
  };
  // Merging the same docs again adds nothing, so this may run at every start until the profile changes.
  if (profile.carryFrom) track(carryWorkspace(engine, profile.carryFrom).catch((e: unknown) => console.error('Outpost: could not bring the records on this device over', e)));
  const ctx = { workerEngines: options.workerEngines, ...(relay ? { syncStatus: relay.statusText, presence: relay.presence, configSynced: relay.configSynced, syncMarks: () => ({ ...relay.connection.marks }) } : {}) };
  return {
    engine,
    relay,
    handle: (message, trusted) => track(handleEngineMessage(engine, message, trusted, ctx), jobOf(message)),
    async stop() {
      if (!(await within(settled(inflight.keys()), options.stopWaitMs ?? STOP_WAIT_MS))) {
        for (const jobId of inflight.values()) if (jobId) cancelImport(jobId);
        await settled(inflight.keys());
      }
      relay?.destroy();
      await engine.destroy();
    },
  };
}

/** The team's settings were taken once (the config doc dropped): later starts keep what syncs. */
async function retakenConfig(storage: KeyValueStorage, profile: WorkerProfile) {
  const current = (await storage.get(PROFILE_KEY)) as Profile | undefined;
  // Only the profile this engine started with: one switched meanwhile is not ours to touch.
  if (!current?.retakeConfig || current.workspaceId !== profile.workspaceId || current.memberId !== profile.memberId) return;
  const { retakeConfig: _done, ...rest } = current;
  await storage.set(PROFILE_KEY, rest satisfies Profile);
}

const unavailable = (message: string): EngineReply => ({ ok: false, error: { code: 'unavailable', message } });

/** Answers calls that reach the Worker while its engine is being replaced. */
export const SWITCHING_MESSAGE = 'Outpost is switching workspaces: try again in a moment.';

/**
 * The Worker's side of the channel: waits for `start` (the profile), then answers every `call`
 * with the engine's reply. One engine at a time: `stop` closes it, and a later `start` runs the
 * next profile's engine in the same Worker (a workspace switch keeps the Worker and its loaded
 * script). Starts and stops run in the order they arrive; a call that arrives while the engine
 * is being replaced is refused with `SWITCHING_MESSAGE` (the home holds its own calls back
 * until the new engine has started, so only a stray one ever sees it).
 */
export function serveEngine(scope: Endpoint, options: EngineRuntimeOptions = {}): () => void {
  let running: RunningEngine | null = null;
  let failure: string | null = null;
  /** Starts and stops, one after the other. */
  let lifecycle: Promise<void> = Promise.resolve();
  let engines = 0;
  // The stored profile, through the home (a Worker has no browser.storage): only PROFILE_KEY.
  let nextAsk = 0;
  const asks = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const ask = (op: 'get' | 'set', value?: unknown) => new Promise<unknown>((resolve, reject) => {
    const id = nextAsk++;
    asks.set(id, { resolve, reject });
    post({ type: 'profile', id, op, ...(op === 'set' ? { value } : {}) });
  });
  const profileStorage: KeyValueStorage = {
    async get(key) { if (key !== PROFILE_KEY) throw new Error(`The engine reads only the profile, not ${key}`); return ask('get'); },
    async set(key, value) { if (key !== PROFILE_KEY) throw new Error(`The engine writes only the profile, not ${key}`); await ask('set', value); },
  };
  const post = (m: WorkerToHome) => {
    try {
      scope.postMessage(m);
    } catch (e) {
      // A value that cannot be cloned (never expected: replies are plain data) still gets an answer.
      if (m.type === 'reply') scope.postMessage({ type: 'reply', id: m.id, reply: { ok: false, error: { code: 'error', message: `The engine's answer could not be sent: ${String(e)}` } } });
      else throw e;
    }
  };
  const start = (profile: WorkerProfile) => {
    if (running) { post({ type: 'started' }); return; } // the home never starts twice: answer, change nothing
    try {
      running = startEngine(profile, profileStorage, { ...options, workerEngines: ++engines });
      failure = null;
      post({ type: 'started' });
    } catch (e) {
      failure = `The Outpost engine could not start: ${e instanceof Error ? e.message : String(e)}`;
      post({ type: 'failed', message: failure });
    }
  };
  const stop = async () => {
    const stopping = running;
    running = null;
    failure = SWITCHING_MESSAGE;
    try {
      await stopping?.stop();
    } catch (e) {
      console.error('Outpost engine worker: the engine did not close cleanly', e);
    } finally {
      failure = 'The Outpost engine was stopped.';
      post({ type: 'stopped' });
    }
  };
  const onMessage = (event: MessageEvent) => {
    const parsed = HomeToWorker.safeParse(event.data);
    if (!parsed.success) {
      const type = (event.data as { type?: unknown } | null)?.type;
      if (type === 'start') {
        const message = `The Outpost engine could not start: bad profile (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}).`;
        lifecycle = lifecycle.then(() => { if (running) return; failure = message; post({ type: 'failed', message }); });
        return;
      }
      // No id to answer to: the home never sends this, so it is a bug worth a log line, not a crash.
      console.error('Outpost engine worker: malformed message from its home', parsed.error.issues);
      return;
    }
    const m = parsed.data;
    if (m.type === 'start') lifecycle = lifecycle.then(() => start(m.profile));
    else if (m.type === 'stop') lifecycle = lifecycle.then(stop);
    else if (m.type === 'profile-reply') {
      const waiting = asks.get(m.id);
      asks.delete(m.id);
      if (m.ok) waiting?.resolve(m.value);
      else waiting?.reject(new Error(m.error ?? 'The profile could not be read'));
    } else {
      if (!running) { post({ type: 'reply', id: m.id, reply: unavailable(failure ?? 'The Outpost engine has not started yet. Try again in a moment.') }); return; }
      void running.handle(m.message, m.trusted).then(
        (reply) => post({ type: 'reply', id: m.id, reply }),
        (e: unknown) => post({ type: 'reply', id: m.id, reply: { ok: false, error: { code: 'error', message: String(e) } } }),
      );
    }
  };
  scope.addEventListener('message', onMessage);
  return () => scope.removeEventListener('message', onMessage);
}
