import { displayName, type Collection } from '../../domain/index.ts';
import { mailtoHref, telHref, webHref } from '../../domain/fields/index.ts';
import type { Rec } from '../ports.ts';
import type { ConfigModel } from '../models/config-model.ts';
import { moneyText } from '../../domain/fields/index.ts';
import { Avatar, avatarKind, Badge, Button, icons, type BadgeTone } from '../ds/index.ts';
import { OwnerChip } from './OwnerChip.tsx';
import { LABELS, noMemberText } from './labels.ts';

export type QuickAction = 'call' | 'note' | 'meeting' | 'task' | 'convert' | 'deal' | 'delete' | 'nextStage' | 'won';

const first = (r: Rec, key: string, prop: string) => ((r[key] as Record<string, string>[] | undefined) ?? [])[0]?.[prop];

/** The record's status or stage as a badge, with a tone that says how it is going. */
export function statusBadge(type: Collection, r: Rec, config: ConfigModel): { text: string; tone: BadgeTone } | null {
  if (type === 'leads') {
    if (r.convertedAt !== undefined) return { text: 'Converted', tone: 'ok' };
    const text = config.nameOf('leadStatuses', r.statusId);
    return text ? { text, tone: /junk|unqualified/i.test(text) ? 'neutral' : 'accent' } : null;
  }
  if (type === 'opportunities') {
    if (r.status === 'won') return { text: 'Won', tone: 'ok' };
    if (r.status === 'lost' || r.status === 'abandoned') return { text: r.status === 'lost' ? 'Lost' : 'Abandoned', tone: 'err' };
    return { text: config.nameOf('stages', r.stageId) || 'Open', tone: 'accent' };
  }
  if (type === 'tasks') return r.status === 'done' ? { text: 'Done', tone: 'ok' } : { text: 'Open', tone: 'accent' };
  const ct = config.nameOf('contactTypes', r.contactTypeId);
  return ct ? { text: ct, tone: 'neutral' } : null;
}

/** "Title · Company" (or a deal's company · person): the line under a record's name. */
export function subtitleOf(type: Collection, r: Rec, linked: { company?: Rec | null; person?: Rec | null }): string {
  const company = linked.company ? displayName(linked.company) : typeof r.companyName === 'string' ? r.companyName : '';
  if (type === 'opportunities') return [company, linked.person ? displayName(linked.person) : ''].filter(Boolean).join(' · ');
  if (type === 'companies') return typeof r.emailDomain === 'string' ? r.emailDomain : '';
  return [typeof r.title === 'string' ? r.title : '', company].filter(Boolean).join(' · ');
}

/**
 * The top of a record page: avatar, name (the heading focus lands on when the record opens),
 * title · company, status or stage, owner, and the actions a rep takes from here.
 */
export function RecordHeader({ type, record: r, config, linked, readOnly, onAction }: {
  type: Collection; record: Rec; config: ConfigModel; linked: { company?: Rec | null; person?: Rec | null };
  readOnly: boolean; onAction: (a: QuickAction) => void;
}) {
  const name = displayName(r) || '(no name)';
  const badge = statusBadge(type, r, config);
  const ownerId = (type === 'tasks' ? r.assigneeId : r.ownerId) as string | undefined;
  const email = (typeof r.email === 'string' ? r.email : first(r, 'emails', 'email')) ?? '';
  const phone = first(r, 'phones', 'number') ?? '';
  const site = first(r, 'websites', 'url') ?? '';
  const mail = email ? mailtoHref(email) : undefined;
  const tel = phone ? telHref(phone) : undefined;
  const web = site ? webHref(site) : undefined;
  const converted = type === 'leads' && r.convertedAt !== undefined;
  const sub = subtitleOf(type, r, linked);
  const favicon = typeof r.favicon === 'string' ? r.favicon : undefined;
  const nextStage = type === 'opportunities' ? nextStageOf(r, config)?.name : undefined;
  return (
    <header class="record-head">
      <div class="record-id">
        <Avatar name={name} image={favicon} size="lg" kind={avatarKind(type)} />
        <div class="record-id-text">
          <p class="kind">{LABELS[type].one}</p>
          <h2 id="record-title" tabIndex={-1}>{name}</h2>
          {sub && <p class="record-sub">{sub}</p>}
          <div class="record-meta">
            {badge && <Badge tone={badge.tone}>{badge.text}</Badge>}
            {type === 'opportunities' && <span class="deal-value">{dealValue(r, config) || 'No value'}</span>}
            <OwnerChip config={config.config.value} id={ownerId} unset={noMemberText(type === 'tasks' ? 'Assignee' : 'Owner')} />
          </div>
          {/* Reaching them is a link showing where it goes (the number, the address), apart from the
              actions that log what happened: a "Call" button beside "Log call" read as the same thing. */}
          {(tel || mail || web) && (
            <ul class="record-reach" aria-label="Reach">
              {tel && <li><a href={tel} aria-label={`Call ${phone}`}><icons.PhoneOutgoing size={14} aria-hidden="true" /><span>{phone}</span></a></li>}
              {mail && <li><a href={mail} aria-label={`Email ${email}`}><icons.Mail size={14} aria-hidden="true" /><span>{email}</span></a></li>}
              {web && <li><a href={web} target="_blank" rel="noopener noreferrer" aria-label={`Open website ${site}`}><icons.Globe size={14} aria-hidden="true" /><span>{siteText(site)}</span></a></li>}
            </ul>
          )}
        </div>
      </div>
      <div class="actions" role="group" aria-label="Quick actions">
        {type === 'leads' && !converted && !readOnly && <Button variant="primary" size="sm" icon={icons.ArrowRightLeft} onClick={() => onAction('convert')}>Convert</Button>}
        {!readOnly && type === 'opportunities' && (r.status ?? 'open') === 'open' && <>
          <Button size="sm" icon={icons.ArrowRight} disabled={!nextStage} onClick={() => onAction('nextStage')}>{nextStage ? `Move to ${nextStage}` : 'Last stage'}</Button>
          <Button size="sm" icon={icons.Trophy} onClick={() => onAction('won')}>Mark won</Button>
        </>}
        {/* A converted lead is history: calls, notes and tasks go on what it became. */}
        {!readOnly && type !== 'tasks' && !converted && <>
          <Button size="sm" icon={icons.Phone} onClick={() => onAction('call')}>Log call</Button>
          <Button size="sm" icon={icons.StickyNote} onClick={() => onAction('note')}>Note</Button>
          <Button size="sm" icon={icons.CalendarDays} onClick={() => onAction('meeting')}>Meeting</Button>
          <Button size="sm" icon={icons.ListTodo} onClick={() => onAction('task')}>Add task</Button>
          {(type === 'people' || type === 'companies') && <Button size="sm" icon={icons.Handshake} onClick={() => onAction('deal')}>New deal</Button>}
        </>}
        {!readOnly && <Button size="sm" variant="ghost" icon={icons.Trash} onClick={() => onAction('delete')}>Delete</Button>}
      </div>
    </header>
  );
}

/** A website as the header shows it: without the scheme or a last slash ("acme.example/team"). */
export const siteText = (site: string) => site.trim().replace(/^https?:\/\//i, '').replace(/\/$/, '');

/** The stage after a deal's current one in its pipeline (by order), if any. */
export function nextStageOf(r: Rec, config: ConfigModel): { id: string; name: string } | undefined {
  const stages = config.active('stages').filter((s) => s.pipelineId === r.pipelineId).sort((a, b) => a.order - b.order);
  const i = stages.findIndex((s) => s.id === r.stageId);
  return i >= 0 ? stages[i + 1] : undefined;
}

/** A deal's value as its header shows it: formatted with its currency and the user's locale. */
function dealValue(r: Rec, config: ConfigModel): string {
  return moneyText({ key: 'monetaryValue', custom: false }, r, config.config.value?.settings.defaultCurrency);
}
