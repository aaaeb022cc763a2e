import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Activity } from '../../domain/index.ts';
import type { ConfigModel } from '../models/config-model.ts';
import { Button, EmptyState, icons, stamp } from '../ds/index.ts';
import { splitQuoted } from './email-text.ts';

const LOGGABLE = ['note', 'call', 'meeting', 'email'];
const ICON: Record<string, typeof icons.Phone> = { call: icons.Phone, note: icons.StickyNote, meeting: icons.CalendarDays, email: icons.Mail };

/** A request from the header's quick actions: log this type, focus the text box. */
export type LogRequest = { typeId: string; n: number };

/** Filter chips: each activity falls in one (system changes are "Changes", custom types "Other"). */
function bucketOf(a: Activity): string {
  if (a.system) return 'changes';
  return LOGGABLE.includes(a.typeId) ? a.typeId : 'other';
}
const BUCKETS: [string, string][] = [['all', 'All'], ['note', 'Notes'], ['call', 'Calls'], ['meeting', 'Meetings'], ['email', 'Emails'], ['other', 'Other'], ['changes', 'Changes']];

/** The activity timeline: log a note, call, meeting or email; filter by type; emails show their new text. */
export function Timeline({ activities, config, onLog, error, readOnly, request, parents = {} }: {
  activities: Activity[]; config: ConfigModel; onLog: (typeId: string, details: string) => Promise<boolean>; error?: string; readOnly?: boolean; request?: LogRequest;
  /** What a line logged on another record (a company's person, a deal's person) names it by, by "type:id". */
  parents?: Readonly<Record<string, string>>;
}) {
  const [typeId, setTypeId] = useState('note');
  const [details, setDetails] = useState('');
  const [filter, setFilter] = useState('all');
  const text = useRef<HTMLTextAreaElement>(null);
  // A layout effect: focus is in the box within the click's own task, so keys typed at once land
  // in it (after paint, the first ones went to the page's shortcuts: "n" opened a new lead).
  useLayoutEffect(() => {
    if (!request) return;
    setTypeId(request.typeId);
    text.current?.focus();
  }, [request?.n]);
  const types = config.active('activityTypes').filter((t) => t.category !== 'system');
  const options = types.length ? types : LOGGABLE.map((id) => ({ id, name: id }));
  const describe = (a: Activity) => {
    const s = a.system!;
    const list = s.field === 'statusId' ? 'leadStatuses' : s.field === 'stageId' ? 'stages' : null;
    const name = (v: string | null) => (v === null ? '—' : list ? config.nameOf(list, v) : v);
    const label = s.field === 'statusId' ? 'Status' : s.field === 'stageId' ? 'Stage' : s.field.charAt(0).toUpperCase() + s.field.slice(1);
    return `${label}: ${name(s.from)} → ${name(s.to)}`;
  };
  const present = new Set(activities.map(bucketOf));
  const shown = filter === 'all' ? activities : activities.filter((a) => bucketOf(a) === filter);
  return (
    <section class="timeline ds-section" aria-labelledby="timeline-h">
      <h3 id="timeline-h">Timeline</h3>
      {!readOnly && (
        <form class="log" onSubmit={async (e) => { e.preventDefault(); if (await onLog(typeId, details)) setDetails(''); }}>
          <div class="log-row">
            <label for="log-type">Activity type</label>
            <select id="log-type" class="ds-input" value={typeId} onChange={(e) => setTypeId((e.currentTarget as HTMLSelectElement).value)}>
              {options.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
            </select>
          </div>
          <label for="log-details">What happened</label>
          <textarea id="log-details" ref={text} class="ds-input" rows={2} value={details} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'log-details-error' : undefined} onInput={(e) => setDetails((e.currentTarget as HTMLTextAreaElement).value)}
            aria-keyshortcuts="Control+Enter Meta+Enter" onKeyDown={(e) => {
              // Enter is a new line in the note; Ctrl+Enter (⌘+Enter) logs it, as in mail and chat.
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); (e.currentTarget as HTMLTextAreaElement).form?.requestSubmit(); }
            }} />
          {error && <span id="log-details-error" class="field-error" role="alert">{error}</span>}
          <div class="log-submit"><Button type="submit" size="sm" variant="primary">Log activity</Button><span class="hint" aria-hidden="true">or Ctrl+Enter</span></div>
        </form>
      )}
      {activities.length > 0 && (
        <div class="chips" role="group" aria-label="Show activities">
          {BUCKETS.filter(([k]) => k === 'all' || present.has(k)).map(([k, label]) => (
            <button key={k} type="button" class="chip" aria-pressed={filter === k} onClick={() => setFilter(k)}>{label}</button>
          ))}
        </div>
      )}
      <ol class="activities" aria-label="Activities">
        {shown.map((a) => <ActivityItem key={a.id} a={a} config={config} describe={describe} on={parents[`${a.parent.type}:${a.parent.id}`]} />)}
      </ol>
      {activities.length === 0 && <EmptyState icon={icons.MessageSquare} title="Nothing logged yet">Calls, notes, meetings and emails show here, newest first.</EmptyState>}
    </section>
  );
}

/** A system line's heading: what happened ("Converted", "Stage changed"), its details saying from what to what. Pure. */
export function changeTitle(system: NonNullable<Activity['system']>): string {
  if (system.field === 'statusId' && system.to === 'converted') return 'Converted';
  const what = system.field === 'statusId' || system.field === 'status' ? 'Status' : system.field === 'stageId' ? 'Stage' : system.field.charAt(0).toUpperCase() + system.field.slice(1);
  return `${what} changed`;
}

function ActivityItem({ a, config, describe, on }: { a: Activity; config: ConfigModel; describe: (a: Activity) => string; on?: string }) {
  const [open, setOpen] = useState(false);
  const Icon = a.system ? (a.system.to === 'converted' ? icons.ArrowRightLeft : icons.Pencil) : ICON[a.typeId] ?? icons.MessageSquare;
  const subject = a.email?.subject ?? '';
  // A captured email's details begin with its subject: shown once, as the subject line.
  const body = subject && a.details.startsWith(subject) ? a.details.slice(subject.length).trimStart() : a.details;
  const parts = a.system ? null : a.typeId === 'email' || a.email ? splitQuoted(body) : { fresh: a.details, quoted: '' };
  // A change is credited to the member who made it (a conversion, a status or stage moved), as a
  // logged call is: "System" named no one.
  // Before the workspace's config has come nobody is known: no name rather than "Former member".
  const author = a.authorId && config.config.value ? config.memberName(a.authorId) : '';
  return (
    <li class={a.system ? 'activity system' : 'activity'} data-type={a.typeId}>
      <div class="activity-head">
        <Icon size={14} aria-hidden="true" />
        <span class="activity-type">{a.system ? changeTitle(a.system) : config.nameOf('activityTypes', a.typeId)}</span>
        <time dateTime={new Date(a.date).toISOString()}>{stamp(a.date)}</time>
        {author && <span class="activity-by">· {author}</span>}
      </div>
      {/* A company's or a deal's timeline holds its people's calls: say whose, or they read as the company's own. */}
      {on && <p class="activity-on">on <strong>{on}</strong></p>}
      {subject && <p class="activity-subject">{subject}</p>}
      {parts ? parts.fresh && <p>{parts.fresh}</p> : <p>{describe(a)}</p>}
      {parts?.quoted && <>
        <Button variant="link" size="sm" aria-expanded={open} onClick={() => setOpen((o) => !o)}>{open ? 'Hide quoted' : 'Show quoted'}</Button>
        {open && <p class="quoted">{parts.quoted}</p>}
      </>}
    </li>
  );
}
