import { configChoice, fixedChoice, isoDate, money, tags, text, type FieldSpec } from '../records/field-kinds.ts';

export const OPPORTUNITY_FIELDS: FieldSpec[] = [
  text('name', 'Name'),
  configChoice('pipelineId', 'Pipeline', 'pipelines'),
  configChoice('stageId', 'Stage', 'stages', { filter: (s, r) => s.pipelineId === r.pipelineId }),
  fixedChoice('status', 'Status', ['open', 'won', 'lost', 'abandoned']),
  configChoice('lossReasonId', 'Loss reason', 'lossReasons', { empty: '—' }),
  money('monetaryValue', 'Value'), text('currency', 'Currency'),
  money('winProbability', 'Win probability (%)'), isoDate('closeDate', 'Close date'),
  fixedChoice('priority', 'Priority', ['none', 'low', 'medium', 'high']),
  configChoice('sourceId', 'Source', 'sources', { empty: '—' }),
  configChoice('ownerId', 'Owner', 'members', { empty: 'Nobody' }), tags(), text('details', 'Details', 'textarea'),
];
