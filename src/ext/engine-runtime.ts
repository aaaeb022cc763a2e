import { Engine } from '../store/engine.ts';
import { carryWorkspace } from '../store/carry.ts';
import { handleEngineMessage } from '../bridge/host.ts';
import type { EngineReply } from '../bridge/protocol.ts';
import { HomeToWorker, type Endpoint, type WorkerProfile, type WorkerToHome } from '../bridge/worker-protocol.ts';
import { connectRelay, type RelayConnection } from './relay.ts';
import { PROFILE_KEY, type KeyValueStorage } from './profile.ts';

export type RunningEngine = {
  engine: Engine;
  relay: RelayConnection | null;
  /** Answers one engine message; `trusted` is the home's check of who sent it. */
  handle(message: unknown, trusted: boolean): Promise<EngineReply | undefined>;
  stop(): Promise<void>;
};

/**
 * Starts the profile's one engine. Runs in the engine's Worker (bridge/worker-protocol.ts), so
 * nothing here may use `browser.*`: the profile is handed in by the home.
 */
export function startEngine(profile: WorkerProfile, storage?: KeyValueStorage): RunningEngine {
  const engine = new Engine({
    workspaceId: profile.workspaceId,
    actor: { memberId: profile.memberId, role: profile.role, name: profile.name, email: profile.email },
    // A member joining a team gets the config from the relay; only a local or admin profile seeds.
    seed: profile.role === 'admin',
    // A team profile's old-layout docs wait for the relay's ack of their legacy push (issue 10).
    team: !!profile.relay,
  });
  const relay = profile.relay ? connectRelay(engine, profile, storage) : null;
  // Merging the same docs again adds nothing, so this may run at every start until the profile changes.
  if (profile.carryFrom) void carryWorkspace(engine, profile.carryFrom).catch((e: unknown) => console.error('Outpost: could not bring the records on this device over', e));
  const ctx = relay ? { syncStatus: relay.statusText, presence: relay.presence, configSynced: relay.configSynced, syncMarks: () => ({ ...relay.connection.marks }) } : {};
  return {
    engine,
    relay,
    handle: (message, trusted) => handleEngineMessage(engine, message, trusted, ctx),
    async stop() {
      relay?.destroy();
      await engine.destroy();
    },
  };
}

const unavailable = (message: string): EngineReply => ({ ok: false, error: { code: 'unavailable', message } });

/**
 * The Worker's side of the channel: waits for `start` (the profile), then answers every `call`
 * with the engine's reply. One engine per worker; a second `start` is ignored.
 */
export function serveEngine(scope: Endpoint): () => void {
  let running: RunningEngine | null = null;
  let failure: string | null = null;
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
  const onMessage = (event: MessageEvent) => {
    const parsed = HomeToWorker.safeParse(event.data);
    if (!parsed.success) {
      const type = (event.data as { type?: unknown } | null)?.type;
      if (type === 'start' && !running && !failure) {
        failure = `The Outpost engine could not start: bad profile (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}).`;
        post({ type: 'failed', message: failure });
        return;
      }
      // No id to answer to: the home never sends this, so it is a bug worth a log line, not a crash.
      console.error('Outpost engine worker: malformed message from its home', parsed.error.issues);
      return;
    }
    const m = parsed.data;
    if (m.type === 'start') {
      if (running || failure) return;
      try {
        running = startEngine(m.profile, profileStorage);
        post({ type: 'started' });
      } catch (e) {
        failure = `The Outpost engine could not start: ${e instanceof Error ? e.message : String(e)}`;
        post({ type: 'failed', message: failure });
      }
    } else if (m.type === 'profile-reply') {
      const waiting = asks.get(m.id);
      asks.delete(m.id);
      if (m.ok) waiting?.resolve(m.value);
      else waiting?.reject(new Error(m.error ?? 'The profile could not be read'));
    } else if (m.type === 'call') {
      if (!running) { post({ type: 'reply', id: m.id, reply: unavailable(failure ?? 'The Outpost engine has not started yet. Try again in a moment.') }); return; }
      void running.handle(m.message, m.trusted).then(
        (reply) => post({ type: 'reply', id: m.id, reply }),
        (e: unknown) => post({ type: 'reply', id: m.id, reply: { ok: false, error: { code: 'error', message: String(e) } } }),
      );
    } else {
      const stopping = running;
      running = null;
      failure = 'The Outpost engine was stopped.';
      void (stopping?.stop() ?? Promise.resolve()).finally(() => post({ type: 'stopped' }));
    }
  };
  scope.addEventListener('message', onMessage);
  return () => scope.removeEventListener('message', onMessage);
}
