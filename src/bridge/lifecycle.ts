import { companyCandidates, type ConvertOptions, type MergeChoices } from '../domain/lifecycle/index.ts';
import { NotFoundError, type RecordRef } from '../domain/index.ts';
import type { Repository } from '../store/repository.ts';
import { companyLookup, convertLead as storeConvertLead } from '../store/lifecycle/conversion.ts';
import { findDuplicates, type DuplicateMatch } from '../store/lifecycle/duplicates.ts';
import { mergeRecords, type MergeCollection } from '../store/lifecycle/merge.ts';
import {
  addConfigItem, addCustomField, addMember, addPipeline, addStage, removeMember, renameConfigItem, reorderConfigItems,
  reorderStages, retireConfigItem, setCountsAsInteraction, setDefaultContactType, setDefaultCurrency, setDefaultLeadStatus, setLeadsEnabled, setMemberRole,
  setStageProbability, addWebForm, updateWebForm, type SimpleList,
} from '../store/lifecycle/admin.ts';
import type { AdminAction } from './protocol.ts';

/**
 * The engine side of lifecycle operations the UI calls: thin adapters from bridge messages to
 * the store's lifecycle functions (issue 3), so the handler map stays one line per operation
 * and the panel, the dashboard, the CLI and web forms convert the same way.
 */

/** Existing companies matching the lead (by email domain, then name), from the dedupe index. */
export function candidatesFor(repo: Repository, leadId: string) {
  const lead = repo.get('leads', leadId);
  if (!lead) throw new NotFoundError('leads', leadId);
  return companyCandidates(lead, companyLookup(repo));
}

export type ConvertResult = { personId: string; companyId?: string; opportunityId?: string; batchId: string };

/** Converts with the store's one-transaction `convertLead` (system activity, validation, undo batch). */
export function convertLead(repo: Repository, leadId: string, options: ConvertOptions, leadTasks?: readonly string[]): ConvertResult {
  const r = storeConvertLead(repo, leadId, options, leadTasks);
  return { personId: r.person.id, companyId: r.company?.id, opportunityId: r.opportunity?.id, batchId: r.batchId };
}

/** Likely duplicates of a stored record, best first, with their reasons. */
export function duplicatesOf(repo: Repository, collection: MergeCollection, id: string): DuplicateMatch[] {
  return findDuplicates(repo, { collection, id });
}

export type MergeReply = { winnerId: string; batchId: string; repointed: number };

/** Merges `loserId` into `winnerId` as one undoable batch (the store's `mergeRecords`). */
export function merge(repo: Repository, collection: MergeCollection, winnerId: string, loserId: string, choices: MergeChoices, candidates?: readonly RecordRef[]): MergeReply {
  const r = mergeRecords(repo, collection, winnerId, loserId, choices, candidates);
  return { winnerId: r.winner.id, batchId: r.batchId, repointed: r.repointed.length };
}

type Simple = SimpleList;
/** One admin settings operation; the store checks the role and validates before writing. */
export function runAdmin(repo: Repository, a: AdminAction): unknown {
  switch (a.action) {
    case 'setLeadsEnabled': return setLeadsEnabled(repo, a.enabled);
    case 'setDefaultCurrency': return setDefaultCurrency(repo, a.currency);
    case 'addItem': return addConfigItem(repo, a.list as Simple, { name: a.name });
    case 'renameItem': return renameConfigItem(repo, a.list as Simple, a.id, a.name);
    case 'retireItem': return retireConfigItem(repo, a.list as Simple, a.id, a.retired);
    case 'reorderItems': return a.list === 'stages' && a.pipelineId ? reorderStages(repo, a.pipelineId, a.ids) : reorderConfigItems(repo, a.list as Simple, a.ids);
    case 'setCountsAsInteraction': return setCountsAsInteraction(repo, a.id, a.counts);
    case 'setDefault': return a.list === 'leadStatuses' ? setDefaultLeadStatus(repo, a.id) : setDefaultContactType(repo, a.id);
    case 'addPipeline': return addPipeline(repo, { name: a.name, stages: a.stages });
    case 'addStage': return addStage(repo, a.pipelineId, { name: a.name, winProbability: a.winProbability });
    case 'setStageProbability': return setStageProbability(repo, a.id, a.winProbability);
    case 'addCustomField': return addCustomField(repo, a.input as never);
    case 'addMember': return addMember(repo, { id: a.id, name: a.name, email: a.email, role: a.role });
    case 'setMemberRole': return setMemberRole(repo, a.id, a.role);
    case 'removeMember': return removeMember(repo, a.id);
    case 'addForm': return addWebForm(repo, a.input as never);
    case 'updateForm': return updateWebForm(repo, a.id, a.patch as never);
  }
}
