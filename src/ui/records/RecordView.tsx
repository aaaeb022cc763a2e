import { Fragment } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { displayName, type Collection } from '../../domain/index.ts';
import type { Section as FieldSection } from '../../domain/fields/index.ts';
import type { DedupePort, ListRow, ReadPort, Rec, WritePort } from '../ports.ts';
import { createRecordModel, refKey, refsOf, type RecordRef } from '../models/record-model.ts';
import type { ConfigModel } from '../models/config-model.ts';
import type { NavModel } from '../models/nav-model.ts';
import type { UndoModel } from '../models/undo-model.ts';
import type { CreateContext } from '../models/create-model.ts';
import { errorFor } from '../models/errors.ts';
import { specsFor } from './fields.ts';
import { LABELS } from './labels.ts';
import type { FieldSpec } from './field-kinds.ts';
import { foldEmpty } from './fold.ts';
import { FieldEditor } from './FieldEditor.tsx';
import { Timeline, type LogRequest } from './Timeline.tsx';
import { TaskList } from '../tasks/TaskList.tsx';
import { FieldHistory } from './FieldHistory.tsx';
import { Duplicates } from './Duplicates.tsx';
import { MERGEABLE } from '../models/merge-model.ts';
import { RecordHeader, nextStageOf, type QuickAction } from './RecordHeader.tsx';
import { NewRecordDialog } from './NewRecordDialog.tsx';
import { focusUndo } from '../app/StatusBar.tsx';
import { Avatar, avatarKind, Button, Section, Skeleton, icons } from '../ds/index.ts';
import { dayText } from '../ds/time.ts';
import type { OpenConflict } from '../../domain/conflicts.ts';
import { ConflictMarker } from '../conflicts/ConflictMarker.tsx';
import { RefusedNotes } from './RefusedNotes.tsx';
import type { TipsModel } from '../models/tips-model.ts';
import { RouteLink } from '../app/RouteLink.tsx';
import { byCatalogueKey, watchOpen } from '../conflicts/conflicts-model.ts';

type Props = { type: Collection; id: string; ports: { read: ReadPort; write: WritePort; dedupe?: DedupePort }; config: ConfigModel; nav: NavModel; undo: UndoModel; tips?: TipsModel };

const SECTIONS: [FieldSection, string][] = [['main', 'About'], ['contact', 'Contact'], ['deal', 'Deal'], ['address', 'Address'], ['custom', 'Custom fields'], ['details', 'Details']];

/**
 * The record page of any record type (panel and dashboard): a header with the actions a rep
 * takes, open tasks, related records, fields by section (custom ones in their own), then the
 * timeline. Focus lands on the record's name when it opens.
 */
export function RecordView({ type, id, ports, config, nav, undo, tips }: Props) {
  const model = useMemo(() => createRecordModel(ports, type, id, undo), [type, id]);
  useEffect(() => () => model.dispose(), [model]);
  const [logRequest, setLogRequest] = useState<LogRequest>();
  const [taskFocus, setTaskFocus] = useState(0);
  const [creating, setCreating] = useState<{ kind: Collection; context: CreateContext } | null>(null);
  const focused = useRef(false);
  // The header paints in the first frame; the sections (dozens of editors, the timeline) in the
  // next, so opening a record shows who it is at once.
  const [body, setBody] = useState(false);
  const [conflicts, setConflicts] = useState<OpenConflict[]>([]);
  useEffect(() => watchOpen(ports.read, { type, id }, setConflicts), [ports.read, type, id]);
  // Empty fields fold into one line per section (fold.ts); what the rep opens stays open here.
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => setOpened(new Set()), [type, id]);
  const open = (key: string, focus: string) => {
    setOpened((o) => new Set([...o, key]));
    setTimeout(() => document.querySelector<HTMLElement>(focus)?.focus(), 0);
  };
  const r = model.record.value;
  useEffect(() => {
    if (r && !focused.current) {
      focused.current = true;
      document.getElementById('record-title')?.focus();
      // U4 (bench/ui.ts): the frame after the header first rendered.
      requestAnimationFrame(() => { performance.mark('outpost:record-header'); setTimeout(() => setBody(true), 0); });
    }
  }, [r]);
  if (r === undefined) return <div class="record" aria-busy="true" role="status" aria-label="Loading"><Skeleton lines={4} /></div>;
  // A record made on this device only, refused by the relay, is gone: what was typed stays readable here.
  const refused = <RefusedNotes type={type} id={id} write={ports.write} config={config} version={r} failed={model.errors.value} />;
  if (r === null) return <><p class="empty" role="status">This {LABELS[type].one.toLowerCase()} no longer exists (it may be in the trash). <Button variant="link" onClick={() => nav.go({ view: 'home' })}>Back</Button></p>{refused}</>;
  const specs = specsFor(type, config.config.value);
  const errors = model.errors.value;
  const general = errors.filter((e) => !specs.some((s) => e.path === s.path || e.path.startsWith(`${s.path}.`)) && !['details', 'task'].includes(e.path));
  const readOnly = config.config.value?.me.role === 'viewer';
  // A converted lead is history: it names what it became first (Relations), and stays as it was.
  const converted = type === 'leads' && r.convertedAt !== undefined;
  const locked = readOnly || converted;
  const name = displayName(r) || '(no name)';
  const dealContext = (): CreateContext => (type === 'companies' ? { companyId: id, label: `For ${name}` } : { primaryPersonId: id, companyId: r.companyId as string | undefined, label: `For ${name}` });
  const onAction = async (a: QuickAction) => {
    if (a === 'call' || a === 'note' || a === 'meeting') setLogRequest({ typeId: a, n: (logRequest?.n ?? 0) + 1 });
    else if (a === 'task') setTaskFocus((n) => n + 1);
    else if (a === 'convert') nav.go({ view: 'convert', id });
    else if (a === 'deal') setCreating({ kind: 'opportunities', context: dealContext() });
    else if (a === 'delete') { if (await model.remove()) { nav.go({ view: 'home' }); focusUndo(); } }
    else if (a === 'nextStage') {
      const next = nextStageOf(r, config);
      if (next) await model.update({ stageId: next.id }, `Moved to ${next.name}`);
    } else if (a === 'won') {
      // The Won button goes away with the open state: focus moves to the deal's name, by its new badge.
      if (await model.update({ status: 'won' }, 'Marked won')) document.getElementById('record-title')?.focus();
    }
  };
  const bySection = (s: FieldSection) => specs.filter((f) => (f.field?.section ?? 'main') === s);
  // A field teammates set at the same time shows "2 values" under its first editor.
  const conflictOf = byCatalogueKey(conflicts);
  const marked = new Set<string>();
  const editor = (spec: FieldSpec) => {
    const fe = <FieldEditor key={spec.key} spec={spec} record={r} config={config.config.value} error={errorFor(errors, spec.path) || undefined}
      onSave={(s, v) => void model.saveField(s, v)} readOnly={locked}
      showSource={specs.find((s) => s.field?.key === spec.field?.key) === spec} />;
    const c = spec.field && conflictOf.get(spec.field.key);
    const marker = c && !marked.has(c.field) && (marked.add(c.field), <ConflictMarker key={`${spec.key}-conflict`} conflict={c} label={spec.field!.label} write={ports.write} config={config} record={r} readOnly={locked} />);
    // The same shape with or without a marker: a marker appearing must not re-mount the editor
    // (the user may be in it; a re-mount would take its focus and fire its blur).
    return <Fragment key={spec.key}>{fe}{marker || null}</Fragment>;
  };
  const relations = <Relations type={type} record={r} model={model} nav={nav} readOnly={readOnly} onNew={(kind, context) => setCreating({ kind, context })} dealContext={dealContext} />;
  return (
    <article class="record" aria-labelledby="record-title" data-type={type} data-id={id}>
      <RecordHeader type={type} record={r} config={config} linked={{ company: model.company.value, person: model.person.value }} readOnly={readOnly} onAction={(a) => void onAction(a)} />
      {refused}
      {model.viewers.value.length > 0 && <p class="also-here" role="status" aria-label="Also viewing">Also here: {model.viewers.value.map((v) => v.name).join(', ')}</p>}
      {/* One live message line: a new error replaces the last success, never sits beside it. */}
      {general.length === 0 && errors.length === 0 && model.message.value && <p class="saved" role="status">{model.message.value}</p>}
      {general.map((e) => <p key={e.message} class="field-error" role="alert">{e.message}</p>)}
      {!body && <div aria-busy="true"><Skeleton lines={6} /></div>}
      {body && <div class="record-cols">
      <div class="record-main">
      {converted && relations}
      {type !== 'tasks' && !(converted && !model.tasks.value.length) && <TaskList title="Open tasks" tasks={model.tasks.value} onDone={(tid, done) => void model.setTaskDone(tid, done)} onAdd={converted ? undefined : model.addTask} onOpen={(tid) => nav.open('tasks', tid)} error={errorFor(errors, 'task') || undefined} readOnly={readOnly} focusAdd={taskFocus} />}
      {!converted && relations}
      {ports.dedupe && MERGEABLE.includes(type) && !converted && <Duplicates type={type} id={id} record={model.record} ports={{ ...ports, dedupe: ports.dedupe }} nav={nav} undo={undo} readOnly={readOnly} />}
      {SECTIONS.map(([s, title]) => {
        const blank = (f: FieldSpec) => f.get(r).trim() === '' && !errorFor(errors, f.path) && !(f.field && conflictOf.get(f.field.key));
        // History shows what the lead had, not what it could have had.
        const list = bySection(s).filter((f) => !converted || !blank(f));
        if (!list.length) return null;
        const fold = foldEmpty(s, list, blank, opened);
        const what = title.toLowerCase();
        if (fold.whole) {
          return (
            <Section key={s} id={`sec-${s}`} title={title}>
              <p class="empty-line">No {what}{!locked && <>{' · '}<Button variant="link" onClick={() => open(s, `[aria-labelledby="sec-${s}-title"] :is(input, select, textarea)`)}>Add {what}</Button></>}</p>
            </Section>
          );
        }
        return (
          <Section key={s} id={`sec-${s}`} title={title}>
            {fold.shown.length > 0 && <div class={s === 'details' ? 'fields fields-wide' : 'fields'} aria-label={title === 'About' ? 'Fields' : undefined}>{fold.shown.map(editor)}</div>}
            {fold.folded.length > 0 && <EmptyFields fields={fold.folded} readOnly={locked} onOpen={(f) => open(f.key, `#f-${CSS.escape(f.key)}`)} />}
          </Section>
        );
      })}
      {type !== 'tasks' && !locked && tips && <CustomFieldsTip config={config} tips={tips} nav={nav} />}
      </div>
      <div class="record-side">
      <Timeline activities={model.activities.value} parents={model.parents.value} config={config} onLog={model.logActivity} error={errorFor(errors, 'details') || undefined} readOnly={locked} request={logRequest} />
      <FieldHistory type={type} id={id} read={ports.read} config={config} />
      </div>
      </div>}
      {creating && <NewRecordDialog kind={creating.kind} context={creating.context} write={ports.write} config={config}
        onClose={() => setCreating(null)} onCreated={(t, newId) => { setCreating(null); nav.open(t, newId); }} />}
    </article>
  );
}

function Link({ type, id, label, nav, name }: { type: Collection; id: string; label: string; nav: NavModel; name?: string }) {
  return <a href={`#/${type}/${encodeURIComponent(id)}`} aria-label={name} onClick={(e) => { e.preventDefault(); nav.open(type, id); }}>{label}</a>;
}

/** A compact list of related records: avatar, name, one line under it. */
function RowLinks({ title, rows, nav, action }: { title: string; rows: ListRow[]; nav: NavModel; action?: preact.ComponentChildren }) {
  if (!rows.length && !action) return null;
  return (
    <div class="rel">
      <div class="rel-head"><h4>{title}{rows.length > 0 && <span class="count"> {rows.length}</span>}</h4>{action}</div>
      {rows.length > 0 && (
        <ul class="rel-list">
          {rows.map((p) => (
            <li key={p.id}>
              <Avatar name={p.name || '?'} size="sm" kind={avatarKind(p.type)} />
              <span class="rel-text"><Link type={p.type} id={p.id} label={p.name || '(no name)'} nav={nav} />{p.subtitle && <span class="row-sub">{p.subtitle}</span>}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * A record this one points at, by name: "Ada Lovelace", or "Ada Lovelace (deleted)" as plain
 * text (its page would only say it is gone), never a bare kind or an id.
 */
function RefName({ refd, rec, nav, kind }: { refd: RecordRef; rec: Rec | null | undefined; nav: NavModel; kind?: string }) {
  if (rec === undefined) return <span class="muted">…</span>;
  if (rec === null) return <span class="muted">{`${LABELS[refd.type].one} (no longer exists)`}</span>;
  const name = displayName(rec) || '(no name)';
  if (rec.deletedAt !== undefined) return <span class="rel-deleted">{`${name} (deleted)`}</span>;
  // The lead a record came from has the person's name: its link says which it is ("From lead: Ada Lovelace").
  return <Link type={refd.type} id={refd.id} label={name} nav={nav} name={kind && `${kind}: ${name}`} />;
}

const REF_ICONS: Partial<Record<Collection, typeof icons.User>> = { people: icons.User, companies: icons.Building, opportunities: icons.Handshake };

/**
 * For an admin whose workspace has no custom field yet: where to add them, once. It goes for good
 * once dismissed (every record, every page of this browser) or once any record type has a field.
 */
function CustomFieldsTip({ config, tips, nav }: { config: ConfigModel; tips: TipsModel; nav: NavModel }) {
  const c = config.config.value;
  if (!c || !config.isAdmin.value || !tips.shown('customFields') || c.customFields.some((d) => !d.retired)) return null;
  return (
    <p class="tip" role="note">
      <icons.Info size={14} aria-hidden="true" />
      <span>Need a field of your own, like a budget or a renewal date? <RouteLink route={{ view: 'admin', section: 'fields' }} nav={nav}>Add custom fields in Settings</RouteLink>; they show on every record here.</span>
      {/* The tip leaves with its button: focus goes to the record's name, not to the page. */}
      <Button variant="ghost" size="sm" icon={icons.X} label="Dismiss this tip" onClick={() => { tips.dismiss('customFields'); document.getElementById('record-title')?.focus(); }} />
    </p>
  );
}

/** "Converted on Dec 2, 2026. " (nothing when the date is missing). */
function convertedWhen(r: Rec): string {
  return typeof r.convertedAt === 'number' ? `Converted on ${dayText(r.convertedAt)}. ` : '';
}

function Relations({ type, record, model, nav, readOnly, onNew, dealContext }: {
  type: Collection; record: Rec; model: ReturnType<typeof createRecordModel>; nav: NavModel; readOnly: boolean;
  onNew: (kind: Collection, context: CreateContext) => void; dealContext: () => CreateContext;
}) {
  const refs = refsOf(record);
  const linked = model.linked.value;
  const convertedTo = refs.filter((r) => r.role === 'convertedTo');
  const others = refs.filter((r) => r.role !== 'convertedTo');
  const canDeal = !readOnly && (type === 'companies' || type === 'people');
  if (!refs.length && type !== 'companies' && type !== 'people') return null;
  const lineLabel = (r: RecordRef) => (r.role === 'about' ? `About (${LABELS[r.type].one.toLowerCase()})` : r.role === 'fromLead' ? 'From lead' : LABELS[r.type].one);
  return (
    <Section id="related" title="Related records">
      <div class="relations">
        {convertedTo.length > 0 && (
          <div class="rel">
            <h4>Converted to</h4>
            <p class="hint">{convertedWhen(record)}This lead is kept as it was: log calls, add tasks and make changes on what it became.</p>
            <ul class="rel-list">
              {convertedTo.map((r) => {
                const Icon = REF_ICONS[r.type] ?? icons.User;
                return <li key={refKey(r)}><Icon size={14} aria-hidden="true" /><span>{LABELS[r.type].one}: <RefName refd={r} rec={linked[refKey(r)]} nav={nav} /></span></li>;
              })}
            </ul>
          </div>
        )}
        {others.map((r) => <p key={`${r.role}:${refKey(r)}`} class="rel">{lineLabel(r)}: <RefName refd={r} rec={linked[refKey(r)]} nav={nav} kind={r.role === 'fromLead' ? lineLabel(r) : undefined} /></p>)}
        {type === 'companies' && <RowLinks title="People" rows={model.people.value} nav={nav}
          action={!readOnly && <Button size="sm" variant="ghost" icon={icons.Plus} onClick={() => onNew('people', { companyId: record.id, label: `At ${displayName(record)}` })}>Person</Button>} />}
        {(type === 'companies' || type === 'people') && <RowLinks title="Opportunities" rows={model.opportunities.value} nav={nav}
          action={canDeal && <Button size="sm" variant="ghost" icon={icons.Plus} onClick={() => onNew('opportunities', dealContext())}>Deal</Button>} />}
      </div>
    </Section>
  );
}

/** A section's empty fields as one line: each named, a click opens its editor with focus in it. */
function EmptyFields({ fields, readOnly, onOpen }: { fields: FieldSpec[]; readOnly: boolean; onOpen: (f: FieldSpec) => void }) {
  return (
    <p class="empty-line empty-fields">
      <span>Empty:</span>
      {readOnly
        ? <span>{fields.map((f) => f.label).join(', ')}</span>
        : fields.map((f) => <Button key={f.key} variant="link" icon={icons.Plus} aria-label={`Add ${f.label.toLowerCase()}`} onClick={() => onOpen(f)}>{f.label}</Button>)}
    </p>
  );
}
