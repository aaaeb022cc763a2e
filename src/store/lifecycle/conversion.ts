import {
  NotFoundError, newId,
  type Company, type Lead, type Opportunity, type Person, type RecordRef,
} from '../../domain/index.ts';
import { planConversion, validatePlan, type CompanyCandidate, type CompanyLookup, type ConfigView, type ConversionPlan, type ConvertOptions } from '../../domain/lifecycle/index.ts';
import { readConfig } from '../config-store.ts';
import type { Change, Repository } from '../repository.ts';
import { dedupeIndex } from './dedupe-index.ts';
import type { ReadDB } from '../read-db.ts';
import { logSystemActivity } from './rules.ts';
import { idsWhere } from './refs.ts';

export type ConversionResult = {
  lead: Lead;
  person: Person;
  company?: Company;
  companyCreated: boolean;
  opportunity?: Opportunity;
  /** Existing companies that match the lead (by domain, then name): the UI offers them. */
  candidates: CompanyCandidate[];
  /** The conversion's batch: `undoBatch(repo, batchId)` reverts it. */
  batchId: string;
};

/** Companies by id (live ones), email domain or normalized name, answered from the dedupe index. */
export function companyLookup(repo: Repository): CompanyLookup {
  const index = dedupeIndex(repo.docs);
  const candidate = (reason: 'domain' | 'name') => (p: { id: string; name: string; domains: string[] }): CompanyCandidate => ({ id: p.id, name: p.name, ...(p.domains[0] ? { emailDomain: p.domains[0] } : {}), reason });
  return {
    byId: (id) => { const c = repo.get('companies', id); return c && { id: c.id, name: c.name, emailDomain: c.emailDomain }; },
    byDomain: (d) => index.companiesWith('domain', d).map(candidate('domain')),
    byName: (n) => index.companiesWith('name', n).map(candidate('name')),
  };
}

/** What converting would do, without writing: the UI shows it and the company candidates. */
export function previewConversion(repo: Repository, leadId: string, options: ConvertOptions = {}): ConversionPlan {
  const lead = repo.get('leads', leadId);
  if (!lead) throw new NotFoundError('leads', leadId);
  const plan = planConversion(lead, options, readConfig(repo.docs.config) as ConfigView, companyLookup(repo), { now: repo.now(), by: repo.actor.memberId });
  return validatePlan(plan, repo.customDefs());
}

/**
 * Converts a lead in ONE transaction on `records`: creates the person (and company and
 * opportunity as chosen) with ids derived from the lead's id, and marks the lead converted,
 * linked to them; the lead's open tasks move to the person. A second conversion of the same lead is refused with RuleError "already
 * converted" (path `convertedAt`): the UI then opens what the first one made. Two replicas
 * converting offline write the same ids, so after sync there is one of each, merged field by
 * field. The whole conversion is one batch: `undoBatch` reverts it.
 *
 * `leadTasks`: the ids of the tasks related to the lead, when the caller has them from the read
 * model (its `taskLinks`); without them every record shard is scanned (in-memory docs).
 */
export function convertLead(repo: Repository, leadId: string, options: ConvertOptions = {}, leadTasks?: readonly string[]): ConversionResult {
  repo.assertCanWrite();
  const plan = previewConversion(repo, leadId, options);
  const changes: Change[] = [{ collection: 'people', id: plan.person.id, op: 'create', set: plan.person.fields, provenance: plan.person.provenance }];
  if (plan.company?.create) changes.push({ collection: 'companies', id: plan.company.id, op: 'create', set: plan.company.fields, provenance: plan.company.provenance });
  if (plan.opportunity) changes.push({ collection: 'opportunities', id: plan.opportunity.id, op: 'create', set: plan.opportunity.fields, provenance: plan.opportunity.provenance });
  const lead = repo.get('leads', leadId)!;
  changes.push({ collection: 'leads', id: leadId, op: 'update', set: plan.leadPatch });
  // Open tasks follow the lead to the person (done ones stay on the lead, as its history, and
  // show on the person's timeline through convertedFromLeadIds).
  const related = (v: unknown) => (v as RecordRef | undefined)?.type === 'leads' && (v as RecordRef).id === leadId;
  for (const taskId of leadTasks ?? idsWhere(repo, 'tasks', 'related', related)) {
    const task = repo.get('tasks', taskId);
    if (task?.status === 'open' && related(task.related)) changes.push({ collection: 'tasks', id: taskId, op: 'update', set: { related: { type: 'people', id: plan.person.id } } });
  }
  const { batchId, at } = repo.applyChanges(changes, { batchId: newId() });
  // A derived id: two replicas converting the same lead log one "converted" line, not two.
  logSystemActivity(repo, { type: 'leads', id: leadId }, { field: 'statusId', from: lead.statusId ?? null, to: plan.leadPatch.statusId as string }, at, `${leadId}.converted`);
  return {
    lead: repo.get('leads', leadId)!,
    person: repo.get('people', plan.person.id)!,
    ...(plan.company ? { company: repo.get('companies', plan.company.id) } : {}),
    companyCreated: !!plan.company?.create,
    ...(plan.opportunity ? { opportunity: repo.get('opportunities', plan.opportunity.id) } : {}),
    candidates: plan.candidates,
    batchId,
  };
}

/** The ids of the tasks related to a lead, from the read model's task links (flush the projector first). */
export async function leadTaskIds(db: ReadDB, leadId: string): Promise<string[]> {
  return (await db.taskLinks.where('relatedKey').equals(`leads:${leadId}`).toArray()).map((t) => t.id);
}
