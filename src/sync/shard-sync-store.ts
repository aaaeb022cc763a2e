import type { DocKey } from '../domain/routing.ts';

/**
 * What the multiplexed relay connection (`WorkspaceConnection`) needs from the local store, per
 * doc key. The engine implements it (`engine.syncStore`) over its stored updates; the relay tests
 * use an in-memory one. Every method works without building a Y.Doc for a shard that is not
 * loaded: that is what keeps a join or a reconnect proportional to what changed.
 */
export interface ShardSyncStore {
  /** State vector of a doc computed from its stored updates (no Y.Doc); empty vector when none. */
  stateVector(docKey: DocKey): Promise<Uint8Array>;
  /** Stored updates merged and diffed against the peer's state vector (no Y.Doc when not loaded). */
  diff(docKey: DocKey, remoteStateVector: Uint8Array): Promise<Uint8Array>;
  /**
   * An update from the relay: store durably, apply to the shard if loaded, project into the read
   * model. `stateVector`, when given, is a vector the doc has at least once the update is stored
   * (a batched sync sends it): the store may keep it instead of decoding the update for it.
   */
  applyRemote(docKey: DocKey, update: Uint8Array, stateVector?: Uint8Array): Promise<void>;
  /**
   * Docs whose whole stored state the relay was known to hold when this session began (kept by
   * `noteRelayHolds` in an earlier session, and nothing stored since): the first sync of a
   * session need not diff them. Optional: without it every doc with content is diffed once.
   */
  relayHolds?(): Promise<Map<DocKey, { deletions: number }>>;
  /**
   * The relay holds at least `relayVector` of this doc and every local change stored so far
   * (all acknowledged), and the digest of its deletions that this store holds is `deletions`:
   * kept across restarts, for `relayHolds`. Called often; cheap.
   */
  noteRelayHolds?(docKey: DocKey, relayVector: Uint8Array, deletions: number): void;
  /**
   * The relay refused this device's writes to a doc for the writer's role, for good (a viewer,
   * a member demoted while offline): keep what the relay lacks where the user can see it
   * (`relayVector`: the clocks the relay was known to hold; `reason`: its words), then forget the
   * doc's local state, so the relay's comes in by the next sync of the doc and the screens show
   * what the team has. Everything written to the doc up to the moment it is forgotten is kept;
   * nothing written after lands on the old state. Until the relay's state is applied, the doc's
   * rows stay shown and an edit of it waits. Resolves true once forgotten; false when the doc
   * cannot be retaken now.
   */
  retake?(docKey: DocKey, relayVector: Uint8Array, reason: string): Promise<boolean>;
  /** Local updates to send (every doc key); returns an unsubscribe. */
  onLocalUpdate(listener: (docKey: DocKey, update: Uint8Array) => void): () => void;
}
