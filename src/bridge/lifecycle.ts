import {
  companyCandidates, normalizeCompanyName, planConversion,
  type CompanyLookup, type ConfigView, type ConversionPlan, type ConvertOptions,
} from '../domain/lifecycle/index.ts';
import { NotFoundError, type Lead } from '../domain/index.ts';
import { readConfig } from '../store/config-store.ts';
import type { Change, Repository } from '../store/repository.ts';
import {
  addConfigItem, addCustomField, addMember, addPipeline, addStage, removeMember, renameConfigItem, reorderConfigItems,
  reorderStages, retireConfigItem, setDefaultContactType, setDefaultLeadStatus, setLeadsEnabled, setMemberRole,
  setStageProbability, type SimpleList,
} from '../store/lifecycle/admin.ts';
import type { AdminAction } from './protocol.ts';

/**
 * The engine side of lifecycle operations the UI calls: thin adapters from bridge messages to
 * the store's lifecycle functions (issue 3), so the handler map stays one line per operation.
 */

/** Companies by id, domain and normalized name, read from the docs (small next to a conversion). */
export function companyLookup(repo: Repository): CompanyLookup {
  const all = repo.list('companies').map((c) => ({ id: c.id, name: c.name, emailDomain: c.emailDomain }));
  return {
    byId: (id) => all.find((c) => c.id === id),
    byDomain: (d) => all.filter((c) => c.emailDomain === d).map((c) => ({ ...c, reason: 'domain' as const })),
    byName: (n) => all.filter((c) => normalizeCompanyName(c.name) === n).map((c) => ({ ...c, reason: 'name' as const })),
  };
}

function requireLead(repo: Repository, leadId: string): Lead {
  const lead = repo.get('leads', leadId);
  if (!lead) throw new NotFoundError('leads', leadId);
  return lead;
}

export function candidatesFor(repo: Repository, leadId: string) {
  return companyCandidates(requireLead(repo, leadId), companyLookup(repo));
}

export type ConvertResult = { personId: string; companyId?: string; opportunityId?: string; batchId: string };

/**
 * Converts a lead in one transaction on `records` (DESIGN.md, Conversion): plan in the domain,
 * write with `applyChanges` under one batch, so undo reverts the whole conversion.
 * TODO(2026-11-22, issue 3): call the store's convertLead once src/store/lifecycle exports it.
 */
export function convertLead(repo: Repository, leadId: string, options: ConvertOptions): ConvertResult {
  repo.assertCanWrite();
  const lead = requireLead(repo, leadId);
  const plan: ConversionPlan = planConversion(lead, options, readConfig(repo.docs.config) as ConfigView, companyLookup(repo), { now: repo.now(), by: repo.actor.memberId });
  const changes: Change[] = [{ collection: 'people', id: plan.person.id, op: 'create', set: plan.person.fields }];
  if (plan.company?.create) changes.push({ collection: 'companies', id: plan.company.id, op: 'create', set: plan.company.fields });
  if (plan.opportunity) changes.push({ collection: 'opportunities', id: plan.opportunity.id, op: 'create', set: plan.opportunity.fields });
  changes.push({ collection: 'leads', id: leadId, op: 'update', set: plan.leadPatch });
  const { batchId } = repo.applyChanges(changes);
  return { personId: plan.person.id, companyId: plan.company?.id, opportunityId: plan.opportunity?.id, batchId };
}

type Simple = SimpleList;
/** One admin settings operation; the store checks the role and validates before writing. */
export function runAdmin(repo: Repository, a: AdminAction): unknown {
  switch (a.action) {
    case 'setLeadsEnabled': return setLeadsEnabled(repo, a.enabled);
    case 'addItem': return addConfigItem(repo, a.list as Simple, { name: a.name });
    case 'renameItem': return renameConfigItem(repo, a.list as Simple, a.id, a.name);
    case 'retireItem': return retireConfigItem(repo, a.list as Simple, a.id, a.retired);
    case 'reorderItems': return a.list === 'stages' && a.pipelineId ? reorderStages(repo, a.pipelineId, a.ids) : reorderConfigItems(repo, a.list as Simple, a.ids);
    case 'setDefault': return a.list === 'leadStatuses' ? setDefaultLeadStatus(repo, a.id) : setDefaultContactType(repo, a.id);
    case 'addPipeline': return addPipeline(repo, { name: a.name, stages: a.stages });
    case 'addStage': return addStage(repo, a.pipelineId, { name: a.name, winProbability: a.winProbability });
    case 'setStageProbability': return setStageProbability(repo, a.id, a.winProbability);
    case 'addCustomField': return addCustomField(repo, a.input as never);
    case 'addMember': return addMember(repo, { name: a.name, email: a.email, role: a.role });
    case 'setMemberRole': return setMemberRole(repo, a.id, a.role);
    case 'removeMember': return removeMember(repo, a.id);
  }
}
