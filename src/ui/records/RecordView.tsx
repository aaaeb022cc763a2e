import { useEffect, useMemo } from 'preact/hooks';
import { displayName, type Collection } from '../../domain/index.ts';
import type { DedupePort, ListRow, ReadPort, Rec, WritePort } from '../ports.ts';
import { createRecordModel } from '../models/record-model.ts';
import type { ConfigModel } from '../models/config-model.ts';
import type { NavModel } from '../models/nav-model.ts';
import type { UndoModel } from '../models/undo-model.ts';
import { errorFor } from '../models/errors.ts';
import { FIELDS, LABELS } from './fields.ts';
import { FieldEditor } from './FieldEditor.tsx';
import { Timeline } from './Timeline.tsx';
import { TaskList } from '../tasks/TaskList.tsx';
import { FieldHistory } from './FieldHistory.tsx';
import { Duplicates } from './Duplicates.tsx';
import { MERGEABLE } from '../models/merge-model.ts';

type Props = { type: Collection; id: string; ports: { read: ReadPort; write: WritePort; dedupe?: DedupePort }; config: ConfigModel; nav: NavModel; undo: UndoModel };

/** The detail view of any record: fields editable in place, relations, timeline and tasks. */
export function RecordView({ type, id, ports, config, nav, undo }: Props) {
  const model = useMemo(() => createRecordModel(ports, type, id, undo), [type, id]);
  useEffect(() => () => model.dispose(), [model]);
  const r = model.record.value;
  if (r === undefined) return <p class="loading" role="status">Loading…</p>;
  if (r === null) return <p class="empty" role="status">This {LABELS[type].one.toLowerCase()} no longer exists (it may be in the trash). <button type="button" class="link" onClick={() => nav.go({ view: 'home' })}>Back</button></p>;
  const errors = model.errors.value;
  const general = errors.filter((e) => !FIELDS[type].some((s) => e.path === s.path || e.path.startsWith(`${s.path}.`)) && !['details', 'task'].includes(e.path));
  const readOnly = config.config.value?.me.role === 'viewer';
  const name = displayName(r) || '(no name)';
  const converted = type === 'leads' && r.convertedAt !== undefined;
  return (
    <article class="record" aria-labelledby="record-title" data-type={type} data-id={id}>
      <header class="record-head">
        <p class="kind">{LABELS[type].one}{type === 'leads' && ` · ${config.nameOf('leadStatuses', r.statusId)}`}</p>
        <h2 id="record-title">{name}</h2>
        {model.viewers.value.length > 0 && <p class="also-here" role="status" aria-label="Also viewing">Also here: {model.viewers.value.map((v) => v.name).join(', ')}</p>}
        <div class="actions">
          {type === 'leads' && !converted && !readOnly && <button type="button" class="primary" onClick={() => nav.go({ view: 'convert', id })}>Convert</button>}
          {!readOnly && <button type="button" onClick={async () => { if (await model.remove()) nav.go({ view: 'home' }); }}>Delete</button>}
        </div>
        {model.message.value && <p class="saved" role="status">{model.message.value}</p>}
        {general.map((e) => <p key={e.message} class="field-error" role="alert">{e.message}</p>)}
      </header>
      <Relations type={type} record={r} model={model} nav={nav} />
      {ports.dedupe && MERGEABLE.includes(type) && <Duplicates type={type} id={id} record={model.record} ports={{ ...ports, dedupe: ports.dedupe }} nav={nav} undo={undo} readOnly={readOnly} />}
      <section class="fields" aria-label="Fields">
        {FIELDS[type].map((spec) => (
          <FieldEditor key={spec.key} spec={spec} record={r} config={config.config.value} error={errorFor(errors, spec.path) || undefined} onSave={(s, v) => void model.saveField(s, v)} readOnly={readOnly || (converted && spec.key === 'statusId')} />
        ))}
      </section>
      <Timeline activities={model.activities.value} config={config} onLog={model.logActivity} error={errorFor(errors, 'details') || undefined} readOnly={readOnly} />
      <FieldHistory type={type} id={id} read={ports.read} config={config} />
      {type !== 'tasks' && <TaskList tasks={model.tasks.value} onDone={(tid, done) => void model.setTaskDone(tid, done)} onAdd={model.addTask} onOpen={(tid) => nav.open('tasks', tid)} error={errorFor(errors, 'task') || undefined} readOnly={readOnly} />}
    </article>
  );
}

function Link({ type, id, label, nav }: { type: Collection; id: string; label: string; nav: NavModel }) {
  return <a href={`#/${type}/${encodeURIComponent(id)}`} onClick={(e) => { e.preventDefault(); nav.open(type, id); }}>{label}</a>;
}

function RowLinks({ title, rows, nav }: { title: string; rows: ListRow[]; nav: NavModel }) {
  if (!rows.length) return null;
  return (
    <div class="rel">
      <h3>{title}</h3>
      <ul>{rows.map((p) => <li key={p.id}><Link type={p.type} id={p.id} label={p.name || '(no name)'} nav={nav} /></li>)}</ul>
    </div>
  );
}

function Relations({ type, record, model, nav }: { type: Collection; record: Rec; model: ReturnType<typeof createRecordModel>; nav: NavModel }) {
  const to = record.convertedTo as { personId: string; companyId?: string; opportunityId?: string } | undefined;
  const company = model.company.value;
  const person = model.person.value;
  const related = (record.related as { type: Collection; id: string } | undefined);
  return (
    <section class="relations" aria-label="Related records">
      {to && (
        <div class="rel">
          <h3>Converted to</h3>
          <ul>
            <li><Link type="people" id={to.personId} label="Person" nav={nav} /></li>
            {to.companyId && <li><Link type="companies" id={to.companyId} label="Company" nav={nav} /></li>}
            {to.opportunityId && <li><Link type="opportunities" id={to.opportunityId} label="Opportunity" nav={nav} /></li>}
          </ul>
        </div>
      )}
      {company && <p class="rel">Company: <Link type="companies" id={company.id} label={displayName(company) || '(no name)'} nav={nav} /></p>}
      {person && <p class="rel">Person: <Link type="people" id={person.id} label={displayName(person) || '(no name)'} nav={nav} /></p>}
      {related && <p class="rel">About: <Link type={related.type} id={related.id} label={LABELS[related.type].one} nav={nav} /></p>}
      {((record.convertedFromLeadIds as string[] | undefined) ?? []).map((lid) => <p key={lid} class="rel">From lead: <Link type="leads" id={lid} label="the original lead" nav={nav} /></p>)}
      {type === 'companies' && <RowLinks title="People" rows={model.people.value} nav={nav} />}
      {(type === 'companies' || type === 'people') && <RowLinks title="Opportunities" rows={model.opportunities.value} nav={nav} />}
    </section>
  );
}
