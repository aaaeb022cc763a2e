import { RuleError } from '../errors.ts';
import type { ConfigView } from './config-view.ts';
import { activeIn, stagesOf } from './config-view.ts';

type Fields = Record<string, unknown>;
type OppConfig = Pick<ConfigView, 'pipelines' | 'stages' | 'lossReasons' | 'sources'>;

/** Win probability of a closed deal: a won deal is certain, a lost or abandoned one is not. */
const CLOSED_PROBABILITY = { won: 100, lost: 0, abandoned: 0 } as const;

/**
 * Rules of a new opportunity (mutates `fields`): pipeline, stage of that pipeline, source and
 * loss reason must be active; win probability comes from the stage unless given (then it is
 * manual); lost needs a loss reason; the stage change time starts now.
 */
export function opportunityCreateRules(fields: Fields, config: OppConfig, now: number): void {
  const pipelineId = fields.pipelineId as string;
  activeIn(config.pipelines, pipelineId, 'pipeline', 'pipelineId');
  const stage = stageIn(config, pipelineId, fields.stageId as string);
  if (fields.sourceId !== undefined) activeIn(config.sources, fields.sourceId as string, 'source', 'sourceId');
  if (fields.winProbability !== undefined) fields.winProbabilityManual ??= true;
  else if (!fields.winProbabilityManual) fields.winProbability = probabilityOf(fields.status as Status, stage.winProbability);
  fields.stageChangedAt = now;
  lossRules(fields, fields, config);
}

/**
 * Rules of an opportunity update (mutates `set` and `clear`): a stage change records when and,
 * unless the probability was typed by hand, takes the stage's probability; a pipeline change
 * without a stage moves to its first stage; typing a probability makes it manual.
 */
export function opportunityUpdateRules(current: Fields, set: Fields, clear: string[], config: OppConfig, now: number): void {
  const next = { ...current, ...set };
  for (const k of clear) delete next[k];
  if (set.pipelineId !== undefined && set.pipelineId !== current.pipelineId) {
    activeIn(config.pipelines, set.pipelineId as string, 'pipeline', 'pipelineId');
    if (set.stageId === undefined) {
      const first = stagesOf(config, set.pipelineId as string)[0];
      if (!first) throw new RuleError('That pipeline has no active stage', 'stageId');
      set.stageId = next.stageId = first.id;
    }
  }
  if (set.winProbability !== undefined && set.winProbability !== current.winProbability && set.winProbabilityManual === undefined) {
    set.winProbabilityManual = next.winProbabilityManual = true;
  }
  if (set.stageId !== undefined && set.stageId !== current.stageId) {
    const stage = stageIn(config, next.pipelineId as string, set.stageId as string);
    set.stageChangedAt = now;
    if (!next.winProbabilityManual && set.winProbability === undefined && next.status === 'open') set.winProbability = next.winProbability = stage.winProbability;
  }
  if (set.sourceId !== undefined && set.sourceId !== current.sourceId) activeIn(config.sources, set.sourceId as string, 'source', 'sourceId');
  if (set.status !== undefined && set.status !== current.status) {
    if (current.status === 'lost' && next.status !== 'lost' && next.lossReasonId !== undefined && set.lossReasonId === undefined) {
      clear.push('lossReasonId');
      delete next.lossReasonId;
    }
    if (!next.winProbabilityManual && set.winProbability === undefined) {
      set.winProbability = probabilityOf(next.status as Status, stageIn(config, next.pipelineId as string, next.stageId as string, false).winProbability);
    }
  }
  lossRules(next, set, config);
}

function stageIn(config: OppConfig, pipelineId: string, stageId: string, mustBeActive = true) {
  const stage = config.stages.find((s) => s.id === stageId && s.pipelineId === pipelineId);
  if (!stage) throw new RuleError(`Unknown stage "${stageId}" in pipeline "${pipelineId}"`, 'stageId');
  return mustBeActive ? activeIn([stage], stageId, 'stage', 'stageId') : stage;
}

/** Lost needs a loss reason (an active one when it is newly chosen). */
function lossRules(next: Fields, set: Fields, config: OppConfig) {
  if (next.status === 'lost' && next.lossReasonId === undefined) throw new RuleError('A lost opportunity needs a loss reason', 'lossReasonId');
  if (set.lossReasonId !== undefined) activeIn(config.lossReasons, set.lossReasonId as string, 'loss reason', 'lossReasonId');
}

type Status = 'open' | keyof typeof CLOSED_PROBABILITY;
const probabilityOf = (status: Status, stageProbability: number) => (status === 'open' ? stageProbability : CLOSED_PROBABILITY[status]);
