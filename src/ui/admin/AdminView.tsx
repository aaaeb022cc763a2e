import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { countsAsInteraction, CUSTOM_FIELD_TYPES, type ConfigList } from '../../domain/index.ts';
import type { ProfilePort, TeamPort, WritePort } from '../ports.ts';
import type { ConfigModel } from '../models/config-model.ts';
import { createAdminModel, moved, type AdminModel } from '../models/admin-model.ts';
import { TeamSection } from './TeamSection.tsx';
import { OnlyAdminRole } from './OnlyAdminRole.tsx';
import { LAST_ADMIN_HINT, isLastAdmin, memberName, withYou } from '../models/members.ts';
import { WebForms } from './WebForms.tsx';
import { routeHash, type NavModel } from '../models/nav-model.ts';
import { Badge, Select, Skeleton, icons, type SelectOption } from '../ds/index.ts';
import './admin.css';

type Simple = 'leadStatuses' | 'contactTypes' | 'sources' | 'lossReasons' | 'activityTypes';
const LISTS: [Simple, string][] = [['leadStatuses', 'Lead statuses'], ['contactTypes', 'Contact types'], ['sources', 'Sources'], ['lossReasons', 'Loss reasons'], ['activityTypes', 'Activity types']];
type Item = { id: string; name: string; order: number; retired: boolean; category?: string; countsAsInteraction?: boolean };

/** The sections of Settings, each its own page under #/admin/<id>. */
export const SECTIONS = [
  { id: 'general', label: 'General' }, { id: 'lists', label: 'Statuses and lists' }, { id: 'pipelines', label: 'Pipelines and stages' },
  { id: 'fields', label: 'Custom fields' }, { id: 'members', label: 'Members and team relay' }, { id: 'forms', label: 'Web-to-lead forms' },
] as const;
type SectionId = (typeof SECTIONS)[number]['id'];

/**
 * Settings in sections with their own navigation; each change is confirmed in its section.
 * Others than admins see every section read-only, said on each (the engine refuses their writes anyway).
 */
export function AdminView({ write, config, team, profiles, section, nav }: { write: WritePort; config: ConfigModel; team?: TeamPort; profiles?: ProfilePort; section?: string; nav?: NavModel }) {
  const model = useMemo(() => createAdminModel(write), []);
  const heading = useRef<HTMLHeadingElement>(null);
  const current: SectionId = (SECTIONS.find((x) => x.id === section)?.id ?? 'general');
  const first = useRef(true);
  // Moving to a section puts focus on its heading (not on the first render of the page).
  useEffect(() => { if (first.current) { first.current = false; return; } heading.current?.focus(); }, [current]);
  const c = config.config.value;
  if (!c) return <section class="admin" aria-busy="true"><h2 id="admin-h">Settings</h2><Skeleton /></section>;
  const ro = c.me.role !== 'admin';
  const title = SECTIONS.find((x) => x.id === current)!.label;
  return (
    <section class="admin" aria-labelledby="admin-h">
      <h2 id="admin-h">Settings</h2>
      <div class="admin-layout">
        <nav class="admin-nav" aria-label="Settings sections">
          <ul>
            {SECTIONS.map((x) => (
              <li key={x.id}>
                <a href={routeHash({ view: 'admin', section: x.id })} aria-current={x.id === current ? 'page' : undefined}
                  onClick={(e) => { if (nav) { e.preventDefault(); nav.go({ view: 'admin', section: x.id }); } }}>{x.label}</a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="admin-body">
          <div class="admin-title">
            <h3 ref={heading} tabIndex={-1}>{title}</h3>
            {ro && <Badge tone="warn" title="Only admins change settings">Read-only</Badge>}
          </div>
          {ro && <p class="notice" role="note">Only admins can change settings: you see them read-only.</p>}
          {current === 'general' && ([
            ['leads', 'Leads', <LeadsToggle enabled={c.settings.leadsEnabled} model={model} />],
            ['money', 'Money', <CurrencySetting code={c.settings.defaultCurrency} model={model} />],
          ] as const).map(([section, legend, control]) => (
            <fieldset key={section} class="admin-section" disabled={ro}>
              <legend>{legend}</legend>
              {control}
              <SectionError model={model} section={section} />
            </fieldset>
          ))}
          {current === 'lists' && LISTS.map(([list, t]) => (
            <ListEditor key={list} list={list} title={t} items={(c[list] as Item[]).filter((i) => i.category !== 'system')} model={model} ro={ro}
              defaultId={list === 'leadStatuses' ? c.settings.defaultLeadStatusId : list === 'contactTypes' ? c.settings.defaultContactTypeId : undefined} />
          ))}
          {current === 'pipelines' && <Pipelines config={config} model={model} ro={ro} />}
          {current === 'fields' && <CustomFields config={config} model={model} ro={ro} />}
          {current === 'members' && <Members config={config} model={model} ro={ro} />}
          {current === 'members' && (
            <TeamSection team={team} ro={ro} onLeave={profiles && ((keep) => profiles.leave({ keep }))} roster={{
              members: () => config.config.value?.members.map((m) => ({ id: m.id, role: m.role, active: m.active !== false })) ?? [],
              add: (m) => write.admin({ action: 'addMember', id: m.id, name: m.name, role: m.role }),
              setRole: (id, role) => write.admin({ action: 'setMemberRole', id, role }),
              deactivate: (id) => write.admin({ action: 'removeMember', id }),
            }} />
          )}
          {current === 'forms' && <WebForms config={config} model={model} ro={ro} relay={team?.relay} />}
        </div>
      </div>
    </section>
  );
}

/** Optimistic: the box follows the click at once; a refusal puts it back with the reason. */
function LeadsToggle({ enabled, model }: { enabled: boolean; model: AdminModel }) {
  const [on, setOn] = useState(enabled);
  useEffect(() => setOn(enabled), [enabled]);
  return (
    <label class="choice"><input type="checkbox" checked={on} onChange={async (e) => {
      const next = (e.currentTarget as HTMLInputElement).checked;
      setOn(next);
      if (!(await model.run('leads', { action: 'setLeadsEnabled', enabled: next }, 'Leads setting saved'))) setOn(!next);
    }} /> Leads enabled (off: captures and imports create people)</label>
  );
}

/** The workspace's currency: what a deal's value is in when the deal names none. */
function CurrencySetting({ code, model }: { code: string; model: AdminModel }) {
  const [value, setValue] = useState(code);
  useEffect(() => setValue(code), [code]);
  const options = useMemo(currencyOptions, []);
  return (
    <Select id="set-currency" label="Default currency" value={value} options={options}
      hint="New deals and deals without a currency of their own are in this one; Insights sums in it."
      onChange={async (next) => {
        setValue(next);
        if (!(await model.run('money', { action: 'setDefaultCurrency', currency: next }, `Default currency saved: ${next}`))) setValue(code);
      }} />
  );
}

/**
 * Every currency the browser knows (ISO 4217, from Intl), "EUR — Euro", sorted by code. A page
 * without `Intl.supportedValuesOf` offers the most used ones.
 */
function currencyOptions(): SelectOption[] {
  const codes = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : ['AUD', 'BRL', 'CAD', 'CHF', 'CNY', 'EUR', 'GBP', 'INR', 'JPY', 'MXN', 'SEK', 'USD'];
  let names: Intl.DisplayNames | undefined;
  try { names = new Intl.DisplayNames(['en'], { type: 'currency' }); } catch { names = undefined; }
  return codes.map((c) => ({ value: c, label: `${c} — ${names?.of(c) ?? c}` }));
}

/**
 * A text setting saved when the user leaves the field or presses Enter (not per keystroke: one
 * rename, one confirmation); Esc puts the stored value back. A line break (pasted into a name's
 * box) is a space: names are one line.
 */
function commitOnLeave(stored: string, save: (value: string) => void) {
  return {
    onBlur: (e: FocusEvent) => { const v = (e.currentTarget as HTMLInputElement).value.replace(/\s*[\r\n]+\s*/g, ' '); if (v !== stored) save(v); },
    onKeyDown: (e: KeyboardEvent) => {
      const el = e.currentTarget as HTMLInputElement;
      if (e.key === 'Enter') { e.preventDefault(); el.blur(); }
      if (e.key === 'Escape') { el.value = stored; el.blur(); }
    },
  };
}

/**
 * A list entry's name, renamed in place: a box that wraps and grows with the name ("Potential
 * Customer", a custom stage's long name), never cutting it; the row's buttons go to a second line
 * when the name needs the width.
 */
function NameBox({ id, name, save }: { id: string; name: string; save: (name: string) => void }) {
  return <textarea id={id} class="item-name" rows={1} spellcheck={false} defaultValue={name} {...commitOnLeave(name, save)} />;
}

/** A new entry's name box while its section says the name is missing: marked, and pointing at the message. */
function nameError(model: AdminModel, section: string, name: string) {
  const bad = !!model.errors.value[section] && !name.trim();
  return bad ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${section}-err` } : {};
}

/** A section's last outcome, in place: its error, or the change it confirmed. */
function SectionError({ model, section }: { model: AdminModel; section: string }) {
  const e = model.errors.value[section];
  if (e) return <p class="field-error" role="alert">{e}</p>;
  const done = model.messages.value[section];
  return <p class="saved" role="status">{done ? <><icons.Check size={14} aria-hidden="true" /> {done}</> : ''}</p>;
}

function ListEditor({ list, title, items, model, ro, defaultId }: { list: ConfigList; title: string; items: Item[]; model: AdminModel; ro: boolean; defaultId?: string }) {
  const [name, setName] = useState('');
  const ids = items.map((i) => i.id);
  const slug = list;
  const one = title.toLowerCase().replace(/s$/, '').replace(/se$/, 's');
  return (
    <fieldset class="admin-section" disabled={ro} aria-describedby={`${slug}-err`}>
      <legend>{title}</legend>
      {/* Said once for the list: "Counts as contact" on each row wrapped every row at 360 px. */}
      {list === 'activityTypes' && <p id="activityTypes-contact" class="hint">Contact: logging one sets the record’s “last contacted” and counts as an interaction.</p>}
      <ul class="config-list">
        {items.map((i) => (
          <li key={i.id} class={i.retired ? 'retired' : undefined}>
            <label class="sr-only" for={`${slug}-${i.id}`}>{title}: name of {i.name}</label>
            <NameBox key={`n:${i.name}`} id={`${slug}-${i.id}`} name={i.name} save={(name) => void model.run(slug, { action: 'renameItem', list, id: i.id, name }, `Renamed to “${name.trim()}”`)} />
            <span class="item-actions">
              {defaultId !== undefined && (
                <label class="choice"><input type="radio" name={`${slug}-default`} checked={defaultId === i.id} disabled={i.retired} onChange={() => void model.run(slug, { action: 'setDefault', list: list as 'leadStatuses', id: i.id })} /> Default</label>
              )}
              {list === 'activityTypes' && i.category !== 'system' && (
                <label class="choice" title="Activities of this type set “last contacted” and count as interactions">
                  <input type="checkbox" aria-describedby="activityTypes-contact" checked={countsAsInteraction(i)} onChange={(e) => void model.run(slug, { action: 'setCountsAsInteraction', id: i.id, counts: (e.currentTarget as HTMLInputElement).checked }, `${i.name}: ${(e.currentTarget as HTMLInputElement).checked ? 'counts' : 'does not count'} as contact`)} /> Contact
                </label>
              )}
              <button type="button" aria-label={`Move ${i.name} up`} onClick={() => void model.run(slug, { action: 'reorderItems', list, ids: moved(ids, i.id, -1) })}>↑</button>
              <button type="button" aria-label={`Move ${i.name} down`} onClick={() => void model.run(slug, { action: 'reorderItems', list, ids: moved(ids, i.id, 1) })}>↓</button>
              <button type="button" onClick={() => void model.run(slug, { action: 'retireItem', list, id: i.id, retired: !i.retired })}>{i.retired ? 'Bring back' : 'Retire'}</button>
            </span>
          </li>
        ))}
      </ul>
      <form class="add" onSubmit={async (e) => {
        e.preventDefault();
        if (!model.named(slug, name, `Name the new ${one} first.`)) { document.getElementById(`${slug}-add`)?.focus(); return; }
        if (await model.run(slug, { action: 'addItem', list, name }, `${title}: added`)) setName('');
      }}>
        <label for={`${slug}-add`}>New {one}</label>
        <input id={`${slug}-add`} value={name} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} {...nameError(model, slug, name)} />
        <button type="submit">Add</button>
      </form>
      <div id={`${slug}-err`}><SectionError model={model} section={slug} /></div>
    </fieldset>
  );
}

function Pipelines({ config, model, ro }: { config: ConfigModel; model: AdminModel; ro: boolean }) {
  const c = config.config.value!;
  const [pname, setPname] = useState('');
  const [stage, setStage] = useState<Record<string, { name: string; p: string }>>({});
  return (
    <fieldset class="admin-section" disabled={ro}>
      <legend>Pipelines and stages</legend>
      {c.pipelines.map((p) => {
        const stages = c.stages.filter((s) => s.pipelineId === p.id);
        const ids = stages.map((s) => s.id);
        const draft = stage[p.id] ?? { name: '', p: '' };
        return (
          <div key={p.id} class="pipeline">
            <h3>{p.name}{p.retired ? ' (retired)' : ''}</h3>
            <ul class="config-list">
              {stages.map((s) => (
                <li key={s.id} class={s.retired ? 'retired' : undefined}>
                  <label class="sr-only" for={`stage-${s.id}`}>Name of stage {s.name}</label>
                  <NameBox key={`n:${s.name}`} id={`stage-${s.id}`} name={s.name} save={(name) => void model.run('pipelines', { action: 'renameItem', list: 'stages', id: s.id, name }, `Stage renamed to “${name.trim()}”`)} />
                  <span class="item-actions">
                    <label for={`stage-p-${s.id}`}>Win %</label>
                    <input id={`stage-p-${s.id}`} type="number" min="0" max="100" class="narrow" key={`p${s.winProbability}`} defaultValue={String(s.winProbability)} {...commitOnLeave(String(s.winProbability), (v) => void model.run('pipelines', { action: 'setStageProbability', id: s.id, winProbability: Number(v) }, `${s.name}: win probability ${v}%`))} />
                    <button type="button" aria-label={`Move ${s.name} up`} onClick={() => void model.run('pipelines', { action: 'reorderItems', list: 'stages', pipelineId: p.id, ids: moved(ids, s.id, -1) })}>↑</button>
                    <button type="button" aria-label={`Move ${s.name} down`} onClick={() => void model.run('pipelines', { action: 'reorderItems', list: 'stages', pipelineId: p.id, ids: moved(ids, s.id, 1) })}>↓</button>
                    <button type="button" onClick={() => void model.run('pipelines', { action: 'retireItem', list: 'stages', id: s.id, retired: !s.retired })}>{s.retired ? 'Bring back' : 'Retire'}</button>
                  </span>
                </li>
              ))}
            </ul>
            <form class="add" onSubmit={async (e) => { e.preventDefault(); if (await model.run('pipelines', { action: 'addStage', pipelineId: p.id, name: draft.name, winProbability: Number(draft.p || 0) }, 'Stage added')) setStage({ ...stage, [p.id]: { name: '', p: '' } }); }}>
              <label for={`ns-${p.id}`}>New stage</label>
              <input id={`ns-${p.id}`} value={draft.name} onInput={(e) => setStage({ ...stage, [p.id]: { ...draft, name: (e.currentTarget as HTMLInputElement).value } })} />
              <span class="pair">
                <label for={`nsp-${p.id}`}>Win %</label>
                <input id={`nsp-${p.id}`} type="number" min="0" max="100" class="narrow" value={draft.p} onInput={(e) => setStage({ ...stage, [p.id]: { ...draft, p: (e.currentTarget as HTMLInputElement).value } })} />
              </span>
              <button type="submit">Add stage</button>
            </form>
          </div>
        );
      })}
      <form class="add" onSubmit={async (e) => { e.preventDefault(); if (await model.run('pipelines', { action: 'addPipeline', name: pname, stages: [{ name: 'New', winProbability: 10 }] }, 'Pipeline added')) setPname(''); }}>
        <label for="np-name">New pipeline</label>
        <input id="np-name" value={pname} onInput={(e) => setPname((e.currentTarget as HTMLInputElement).value)} />
        <button type="submit">Add pipeline</button>
      </form>
      <SectionError model={model} section="pipelines" />
    </fieldset>
  );
}

const RECORD_TYPES = [['leads', 'Leads'], ['people', 'People'], ['companies', 'Companies'], ['opportunities', 'Opportunities'], ['tasks', 'Tasks']] as const;

/** A custom field's type as an admin reads it (the schema's keys are for code, not people). */
export const FIELD_TYPE_LABELS: Record<(typeof CUSTOM_FIELD_TYPES)[number], string> = {
  text: 'Text', longText: 'Long text', number: 'Number', currency: 'Currency', percentage: 'Percentage',
  date: 'Date', checkbox: 'Checkbox', url: 'Link (URL)', dropdown: 'Dropdown', multiSelect: 'Multiple choice',
};
const recordTypeLabel = (t: string) => RECORD_TYPES.find(([k]) => k === t)?.[1] ?? t;

function CustomFields({ config, model, ro }: { config: ConfigModel; model: AdminModel; ro: boolean }) {
  const c = config.config.value!;
  const [d, setD] = useState({ name: '', dataType: 'text', on: ['leads'] as string[], options: '' });
  return (
    <fieldset class="admin-section" disabled={ro}>
      <legend>Custom fields</legend>
      <ul class="config-list">
        {c.customFields.map((f) => <li key={f.id}>{f.name} — {FIELD_TYPE_LABELS[f.dataType]} on {f.availableOn.map(recordTypeLabel).join(', ')}{f.retired ? ' (retired)' : ''}</li>)}
        {c.customFields.length === 0 && <li class="empty">No custom fields yet.</li>}
      </ul>
      <form class="add" onSubmit={async (e) => {
        e.preventDefault();
        if (!model.named('customFields', d.name, 'Name the field first.')) { document.getElementById('cf-name')?.focus(); return; }
        const options = d.options.split(',').map((s) => s.trim()).filter(Boolean).map((name) => ({ name }));
        if (await model.run('customFields', { action: 'addCustomField', input: { name: d.name, dataType: d.dataType, availableOn: d.on, options } }, 'Custom field added')) setD({ ...d, name: '', options: '' });
      }}>
        <label for="cf-name">Field name</label>
        <input id="cf-name" value={d.name} onInput={(e) => setD({ ...d, name: (e.currentTarget as HTMLInputElement).value })} {...nameError(model, 'customFields', d.name)} />
        <span class="pair">
          <label for="cf-type">Type</label>
          <select id="cf-type" value={d.dataType} onChange={(e) => setD({ ...d, dataType: (e.currentTarget as HTMLSelectElement).value })}>
            {CUSTOM_FIELD_TYPES.map((t) => <option key={t} value={t}>{FIELD_TYPE_LABELS[t]}</option>)}
          </select>
        </span>
        <fieldset><legend>Available on</legend>
          {RECORD_TYPES.map(([t, label]) => <label key={t} class="choice"><input type="checkbox" checked={d.on.includes(t)} onChange={(e) => setD({ ...d, on: (e.currentTarget as HTMLInputElement).checked ? [...d.on, t] : d.on.filter((x) => x !== t) })} /> {label}</label>)}
        </fieldset>
        {(d.dataType === 'dropdown' || d.dataType === 'multiSelect') && (
          <><label for="cf-options">Options (comma-separated)</label><input id="cf-options" value={d.options} onInput={(e) => setD({ ...d, options: (e.currentTarget as HTMLInputElement).value })} /></>
        )}
        <button type="submit">Add field</button>
      </form>
      <div id="customFields-err"><SectionError model={model} section="customFields" /></div>
    </fieldset>
  );
}

function Members({ config, model, ro }: { config: ConfigModel; model: AdminModel; ro: boolean }) {
  const c = config.config.value!;
  const [d, setD] = useState({ name: '', email: '', role: 'member' as 'admin' | 'member' | 'viewer' });
  return (
    <fieldset class="admin-section" disabled={ro}>
      <legend>Members and roles</legend>
      <ul class="config-list">
        {c.members.filter((m) => m.active !== false).map((m) => {
          const name = memberName(c, m.id);
          const mine = m.id === c.me.memberId;
          const onlyAdmin = mine && isLastAdmin(c.members, m.id);
          return (
            // Who (name, email under it), the role, and what can be done: three places, not one run of
            // words ("You Admin (only admin) Can't remove yourself").
            <li key={m.id} class="member-row">
              <span class="member-who">
                <span class="member-name">{withYou(name, mine)}</span>
                {m.email && m.email !== name ? <span class="member-email muted">{m.email}</span> : null}
              </span>
              <span class="member-role">
                {onlyAdmin ? <OnlyAdminRole /> : <>
                  <label class="sr-only" for={`role-${m.id}`}>Role of {name}</label>
                  <select id={`role-${m.id}`} value={m.role} onChange={async (e) => {
                    const el = e.currentTarget as HTMLSelectElement;
                    // A refused change (the last admin, seen late) puts the stored role back in the picker.
                    if (!(await model.run('members', { action: 'setMemberRole', id: m.id, role: el.value as 'admin' }, `${name} is now ${el.value}`))) el.value = m.role;
                  }}>
                    <option value="admin">Admin</option><option value="member">Member</option><option value="viewer">Viewer</option>
                  </select>
                </>}
              </span>
              <span class="member-action">
                {mine
                  ? <span class="you muted" title="You cannot remove yourself: a team workspace is left under “Leave this workspace” below">You can't remove yourself</span>
                  : <button type="button" aria-label={`Remove ${name}`} onClick={() => void model.run('members', { action: 'removeMember', id: m.id }, `${name} removed`)}>Remove</button>}
              </span>
            </li>
          );
        })}
      </ul>
      <form class="add" onSubmit={async (e) => { e.preventDefault(); if (await model.run('members', { action: 'addMember', name: d.name, email: d.email || undefined, role: d.role }, 'Member added')) setD({ ...d, name: '', email: '' }); }}>
        <label for="m-name">Name</label><input id="m-name" value={d.name} onInput={(e) => setD({ ...d, name: (e.currentTarget as HTMLInputElement).value })} />
        <label for="m-email">Member email</label><input id="m-email" value={d.email} onInput={(e) => setD({ ...d, email: (e.currentTarget as HTMLInputElement).value })} />
        <span class="pair">
          <label for="m-role">Role</label>
          <select id="m-role" value={d.role} onChange={(e) => setD({ ...d, role: (e.currentTarget as HTMLSelectElement).value as 'member' })}><option value="admin">Admin</option><option value="member">Member</option><option value="viewer">Viewer</option></select>
        </span>
        <button type="submit">Add member</button>
      </form>
      {!ro && isLastAdmin(c.members, c.me.memberId) && <p class="hint">{LAST_ADMIN_HINT}</p>}
      <p class="hint">Invites to the team relay are made under "Team relay: members and invites" below.</p>
      <SectionError model={model} section="members" />
    </fieldset>
  );
}
