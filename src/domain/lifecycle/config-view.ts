import { RuleError } from '../errors.ts';
import type { ConfigEntity, ConfigList, Settings } from '../config.ts';

/** The whole config as the store reads it (lists sorted by order); lifecycle rules take this. */
export type ConfigView = { settings: Settings } & { [L in ConfigList]: ConfigEntity<L>[] };

type Named = { id: string; name: string; retired?: boolean };

/** The entity, or a RuleError naming `path`: unknown ids and retired entities can't be chosen. */
export function activeIn<T extends Named>(items: readonly T[], id: string, what: string, path: string): T {
  const e = items.find((i) => i.id === id);
  if (!e) throw new RuleError(`Unknown ${what} "${id}"`, path);
  if (e.retired) throw new RuleError(`The ${what} "${e.name}" is retired and can't be chosen`, path);
  return e;
}

/** Active stages of a pipeline, in board order. */
export function stagesOf(config: Pick<ConfigView, 'stages'>, pipelineId: string): ConfigEntity<'stages'>[] {
  return config.stages.filter((s) => s.pipelineId === pipelineId && !s.retired).sort((a, b) => a.order - b.order);
}

/** The first active pipeline: the default when none is chosen. */
export function defaultPipeline(config: Pick<ConfigView, 'pipelines'>): ConfigEntity<'pipelines'> {
  const p = [...config.pipelines].filter((x) => !x.retired).sort((a, b) => a.order - b.order)[0];
  if (!p) throw new RuleError('This workspace has no active pipeline: ask an admin to add one', 'pipelineId');
  return p;
}
