import { z } from '../domain/zod.ts';

/**
 * Messages between the engine's home (the offscreen document in Chrome, the background page in
 * Firefox) and the dedicated Worker that runs the engine. The home only relays: pages' engine
 * messages travel inside `call` untouched and are parsed by the engine (bridge/protocol.ts).
 * Both sides parse what arrives: a Worker has no `browser.*`, so everything it needs from the
 * extension (the profile) comes in `start`.
 */
export const WORKER_PROTOCOL_VERSION = 1;

export const WorkerProfile = z.object({
  workspaceId: z.string().min(1).max(200),
  memberId: z.string().min(1).max(200),
  role: z.enum(['admin', 'member', 'viewer']),
  name: z.string().max(300),
  email: z.string().max(300).optional(),
  relay: z.object({ url: z.string().min(1).max(2000), token: z.string().min(1).max(10_000) }).optional(),
  carryFrom: z.string().min(1).max(200).optional(),
  retakeConfig: z.literal(true).optional(),
});
export type WorkerProfile = z.infer<typeof WorkerProfile>;

const CallId = z.number().int().nonnegative();

export const HomeToWorker = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), v: z.literal(WORKER_PROTOCOL_VERSION), profile: WorkerProfile }),
  /** `trusted`: the home's check of the sender (an Outpost page, never a content script). */
  z.object({ type: z.literal('call'), id: CallId, trusted: z.boolean(), message: z.unknown() }),
  z.object({ type: z.literal('stop') }),
  /** The answer to a `profile` request: the stored profile (get) or an acknowledgement (set). */
  z.object({ type: z.literal('profile-reply'), id: CallId, ok: z.boolean(), value: z.unknown().optional(), error: z.string().optional() }),
]);
export type HomeToWorker = z.infer<typeof HomeToWorker>;

export const WorkerToHome = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started') }),
  /** `reply` is an EngineReply, or undefined when the message was not for the engine. */
  z.object({ type: z.literal('reply'), id: CallId, reply: z.unknown() }),
  z.object({ type: z.literal('stopped') }),
  /** The engine could not start (bad profile, no IndexedDB…): every call is answered with this. */
  z.object({ type: z.literal('failed'), message: z.string() }),
  /**
   * A Worker has no `browser.*`: the engine reads and writes the stored profile through its home
   * (a renewed relay credential, say). Only the profile: nothing else of the extension's storage.
   */
  z.object({ type: z.literal('profile'), id: CallId, op: z.enum(['get', 'set']), value: z.unknown().optional() }),
]);
export type WorkerToHome = z.infer<typeof WorkerToHome>;

/** What both ends of the channel look like: a Worker, a DedicatedWorkerGlobalScope, or a MessagePort in tests. */
export type Endpoint = {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
};
