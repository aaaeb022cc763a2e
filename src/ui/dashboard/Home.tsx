import { useEffect, useMemo } from 'preact/hooks';
import { nextFocus, useRefocus } from '../tasks/refocus.ts';
import type { ComponentChildren } from 'preact';
import type { AppModels } from '../app/app-models.ts';
import { createHomeModel } from '../models/home-model.ts';
import { memberName } from '../models/members.ts';
import { LABELS, groupDigits } from '../records/labels.ts';
import { NewLeadForm } from '../leads/NewLeadForm.tsx';
import { formatIsoDate, formatMoney } from '../../domain/fields/index.ts';
import { agoText, FOLLOW_UP_DAYS } from '../../domain/index.ts';
import { Avatar, avatarKind, Badge, EmptyState, Skeleton, buttonClass, icons } from '../ds/index.ts';
import type { LucideIcon } from '../ds/icons.ts';
import { routeHash, type Route } from '../models/nav-model.ts';
import type { ListRow } from '../ports.ts';
import './home.css';
import { dayText } from '../ds/time.ts';

/**
 * The dashboard's home at a desk-sized window: what to do today (my tasks, overdue first),
 * deals closing this month and those gone stale, leads by status, what changed last, and a
 * quick way to add a lead. Every part loads on its own from the read model.
 */
export function DashboardHome({ models }: { models: AppModels }) {
  const { ports, config, nav } = models;
  const newLead = models.features.value?.newLead;
  const model = useMemo(() => createHomeModel(ports, () => config.config.value), []);
  useEffect(() => () => model.dispose(), [model]);
  useEffect(() => model.watchStatuses(), [config.config.value]);
  const cfg = config.config.value;
  const me = cfg?.me.memberId ?? '';
  const currency = cfg?.settings.defaultCurrency ?? 'USD';
  const tasks = model.tasks.value;
  // A task ticked done leaves the card: focus goes to the next one, else the card's title (it was lost to the page).
  const refocus = useRefocus(tasks);
  const closing = model.closing.value;
  const stale = model.stale.value;
  const statuses = model.leadsByStatus.value;
  const maxStatus = Math.max(1, ...statuses.map((s) => s.count));
  const link = (r: Route, label: ComponentChildren, cls?: string) => <a class={cls} href={routeHash(r)} onClick={(e) => { e.preventDefault(); nav.go(r); }}>{label}</a>;
  const open = (row: ListRow) => <a href={routeHash({ view: 'record', type: row.type, id: row.id })} onClick={(e) => { e.preventDefault(); nav.open(row.type, row.id); }}>{row.name || '(no name)'}</a>;
  const value = (row: ListRow) => (typeof row.data.monetaryValue === 'number' ? formatMoney(row.data.monetaryValue as number, (row.data.currency as string) ?? currency) : '');
  const total = (rows: ListRow[]) => formatMoney(rows.reduce((s, r) => s + ((r.data.monetaryValue as number) ?? 0), 0), currency);
  const name = me ? memberName(cfg, me) : '';
  // Leads turned off: Home speaks of people (captures make people); "All leads" and leads by
  // status spoke of a kind of record the rep no longer makes.
  const leadsOn = cfg?.settings.leadsEnabled !== false;
  const contacts = leadsOn ? 'leads' as const : 'people' as const;
  return (
    <div class="home">
      <div class="home-head">
        <h2>{name && name !== 'You' ? `Hello, ${name}` : 'Home'}</h2>
        <nav class="home-actions" aria-label="Go to">
          {link({ view: 'table', type: contacts }, `All ${contacts}`, buttonClass('secondary'))}
          {link({ view: 'board' }, 'Pipeline', buttonClass('secondary'))}
          {link({ view: 'insights' }, 'Insights', buttonClass('secondary'))}
        </nav>
      </div>
      {model.error.value && <p class="ds-error" role="alert">{model.error.value}</p>}
      {model.empty.value === true ? <GetStarted newLead={newLead && (
        <Card id="home-new" title={`Add a ${newLead.collection() === 'leads' ? 'lead' : 'person'}`} icon={icons.UserPlus} busy={false}>
          <NewLeadForm model={newLead} config={config} onOpen={(type, id) => nav.open(type, id)} />
        </Card>
      )} one={leadsOn ? 'lead' : 'person'} importLink={link({ view: 'import' }, 'Import a CSV or vCard file')} /> : (
      <div class="home-grid">
        <Card id="home-tasks" title="My open tasks" icon={icons.ListTodo} more={link({ view: 'tasks' }, 'All my tasks')} busy={!tasks}>
          {tasks && tasks.length === 0 && <EmptyState icon={icons.CircleCheck} title="Nothing to do">No open task is yours. Tasks are added on a record.</EmptyState>}
          {tasks && tasks.length > 0 && (
            <ul class="home-list">
              {tasks.slice(0, model.shown).map((t) => (
                <li key={t.id} class={t.overdue ? 'overdue' : undefined}>
                  <input type="checkbox" id={`home-task-${t.id}`} aria-label={`Mark ${t.name} done`} onChange={() => { refocus.current = nextFocus(tasks.slice(0, model.shown), t.id, true, 'home-task-', 'home-tasks-h'); void model.completeTask(t.id); }} />
                  <span class="grow">{open(t)}</span>
                  {t.overdue ? <Badge tone="err">{t.due}</Badge> : <span class="muted">{t.due}</span>}
                </li>
              ))}
            </ul>
          )}
          {tasks && tasks.length > model.shown && <p class="muted">{tasks.length - model.shown} more</p>}
        </Card>

        {leadsOn && <Card id="home-status" title="Leads by status" icon={icons.Users} more={link({ view: 'table', type: 'leads' }, 'Leads table')} busy={statuses.length === 0}>
          <ul class="home-bars">
            {statuses.map((s) => (
              <li key={s.id}>
                <span class="bar-label">{s.label}</span>
                <span class="bar" aria-hidden="true"><span style={{ width: `${(s.count / maxStatus) * 100}%` }} /></span>
                <span class="bar-value">{groupDigits(s.count)}</span>
              </li>
            ))}
          </ul>
        </Card>}

        <Card id="home-closing" title="Deals closing this month" icon={icons.CalendarDays} more={link({ view: 'board' }, 'Pipeline')} busy={!closing}>
          {closing && closing.length === 0 && <EmptyState icon={icons.Handshake} title="No deal closes this month">Set close dates on deals to see them here.</EmptyState>}
          {closing && closing.length > 0 && (
            <>
              <p class="muted">{closing.length} {closing.length === 1 ? 'deal' : 'deals'} · {total(closing)}</p>
              <ul class="home-list">
                {closing.slice(0, model.shown).map((d) => <li key={d.id}><span class="grow">{open(d)}</span><span>{value(d)}</span><span class="muted">{formatIsoDate(d.data.closeDate as string)}</span></li>)}
              </ul>
            </>
          )}
        </Card>

        <Card id="home-stale" title="Stale deals" icon={icons.Clock} more={link({ view: 'board' }, 'Pipeline')} busy={!stale}>
          {stale && stale.length === 0 && <EmptyState icon={icons.CircleCheck} title="Every deal is moving">No open deal has sat in its stage for 30 days.</EmptyState>}
          {stale && stale.length > 0 && (
            <ul class="home-list">
              {stale.slice(0, model.shown).map((d) => (
                <li key={d.id}><span class="grow">{open(d)}</span><span>{value(d)}</span><Badge tone="warn">{d.days} days in {config.nameOf('stages', d.data.stageId)}</Badge></li>
              ))}
            </ul>
          )}
        </Card>

        <Card id="home-follow-up" title="To follow up" icon={icons.Clock} busy={!model.followUp.value}>
          {model.followUp.value && model.followUp.value.length === 0 && <EmptyState icon={icons.CircleCheck} title="Nobody waiting">No one you talked to has gone {FOLLOW_UP_DAYS} days without contact or a next task.</EmptyState>}
          {model.followUp.value && model.followUp.value.length > 0 && (
            <ul class="home-list">
              {model.followUp.value.map((r) => (
                <li key={`${r.type}:${r.id}`}>
                  <span class="grow">{open(r)}</span>
                  <Badge>{LABELS[r.type].one}</Badge>
                  <span class="muted">last contacted {agoText(r.signals!.lastContactAt, Date.now())}{r.signals!.lastContactBy ? ` by ${memberName(cfg, r.signals!.lastContactBy)}` : ''}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card id="home-recent" title="Recently changed" icon={icons.Clock} busy={false}>
          {model.recent.value.length === 0 ? <EmptyState title="Nothing yet">Leads, people, companies, deals and tasks show here as they change.</EmptyState> : (
            <ul class="home-list">
              {model.recent.value.map((r) => (
                <li key={`${r.type}:${r.id}`}>
                  <Avatar name={r.name || '?'} size="sm" kind={avatarKind(r.type)} />
                  <span class="grow">{open(r)}</span>
                  <Badge>{LABELS[r.type].one}</Badge>
                  <span class="muted">{dayText(r.data.updatedAt as number)}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>

        {newLead && <Card id="home-new" title={`Add a ${newLead.collection() === 'leads' ? 'lead' : 'person'}`} icon={icons.UserPlus} busy={false}>
          <NewLeadForm model={newLead} config={config} onOpen={(type, id) => nav.open(type, id)} />
        </Card>}
      </div>
      )}
    </div>
  );
}

/**
 * Home with nothing in the workspace yet: the three ways records come in, the form first, instead
 * of six cards each saying it is empty above a form at the bottom. Once anything exists (a
 * lead, an import, a teammate's record syncing in) the usual cards take its place.
 */
function GetStarted({ newLead, importLink, one }: { newLead: ComponentChildren; importLink: ComponentChildren; one: 'lead' | 'person' }) {
  return (
    <div class="home-grid home-start">
      <section class="home-card" aria-labelledby="home-start-h">
        <div class="home-card-head"><h3 id="home-start-h"><icons.Inbox size={16} aria-hidden="true" /> Nothing here yet</h3></div>
        <p>Your tasks, {one === 'lead' ? 'leads by status, ' : ''}deals closing and who to follow up show here once there are records. Three ways to start:</p>
        <ul class="home-start-ways">
          <li>Add a {one} with the form{newLead ? ' here' : ' in the side panel'}.</li>
          <li>{importLink}: your contacts from Google, Outlook, HubSpot, Salesforce or a spreadsheet.</li>
          <li>Open a web page or an email with a contact, click Outpost’s toolbar button, and save what the side panel finds.</li>
        </ul>
      </section>
      {newLead}
    </div>
  );
}

function Card({ id, title, icon: Icon, more, busy, children }: { id: string; title: string; icon: LucideIcon; more?: ComponentChildren; busy: boolean; children: ComponentChildren }) {
  return (
    <section class="home-card" id={id} aria-labelledby={`${id}-h`} aria-busy={busy ? 'true' : undefined}>
      <div class="home-card-head">
        <h3 id={`${id}-h`} tabIndex={-1}><Icon size={16} aria-hidden="true" /> {title}</h3>
        {more}
      </div>
      {busy ? <Skeleton /> : children}
    </section>
  );
}
