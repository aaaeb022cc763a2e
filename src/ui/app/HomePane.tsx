import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { takeSetUpMark, withSetUpMark } from './set-up-mark.ts';
import { computed } from '@preact/signals';
import { createTrashedModel } from '../models/trashed-model.ts';
import { TrashedEmpty } from '../records/TrashedEmpty.tsx';
import type { AppModels } from './app-models.ts';
import { LeadList } from '../leads/LeadList.tsx';
import { LeadFilters } from '../leads/LeadFilters.tsx';
import { lazy } from './lazy.tsx';
import { countLabel, LABELS } from '../records/labels.ts';

// The capture card and "Known here" need zod, libphonenumber and tldts: they fill in above
// the list once their code is there, rather than hold the first rows back.
const CaptureCard = lazy(() => import('../leads/CaptureCard.tsx').then((m) => m.CaptureCard));
const NewLeadForm = lazy(() => import('../leads/NewLeadForm.tsx').then((m) => m.NewLeadForm));
const KnownHere = lazy(() => import('../known/KnownHere.tsx').then((m) => m.KnownHere));
const FirstRun = lazy(() => import('./FirstRun.tsx').then((m) => m.FirstRun));
export const homeViews = [CaptureCard, NewLeadForm, KnownHere, FirstRun];
/** The capture card's code, which the side panel loads with the capture form, ahead of the other views. */
export const preloadCaptureCard = (): Promise<void> => CaptureCard.preload();

/**
 * The daily view: this page's contact, then the leads with search and filters; with Leads turned
 * off, the people (where captures go then), with search.
 */
export function HomePane({ models, searchRef }: { models: AppModels; searchRef: { current: HTMLInputElement | null } }) {
  const { leads, nav, config } = models;
  const [showFilters, setShowFilters] = useState(false);
  const open = (type: 'leads' | 'people', id: string) => nav.open(type, id);
  const leadsOn = config.config.value?.settings.leadsEnabled !== false;
  const kind = leadsOn ? 'leads' as const : 'people' as const;
  const list = leadsOn ? leads : models.peopleList();
  // Every row deleted: the list says they are in the Trash (asked only while it is empty and unfiltered).
  const trashed = useMemo(() => createTrashedModel(models.ports.read, kind, computed(() => list.loaded.value && list.page.value.total === 0 && !list.narrowed.value)), [list]);
  useEffect(() => () => trashed.dispose(), [trashed]);
  const inTrash = trashed.count.value ?? 0;
  // The capture card and "Known here" fill in once their code is there (the first list does not wait).
  const features = models.features.value;
  const capture = features?.capture;
  return (
    <>
      {!models.onboarded.value && models.ports.profiles && <Welcome models={models} />}
      <SetUpDone />
      {capture && <KnownHere capture={capture} ports={models.ports} onOpen={(type, id) => nav.open(type, id)} readOnly={config.config.value?.me.role === 'viewer'} />}
      {features && (capture ? <CaptureCard capture={capture} form={features.newLead} config={config} onOpen={open} /> : <NewLeadForm model={features.newLead} config={config} onOpen={open} />)}
      {/* The leads, or with Leads turned off the people (where captures go then): one list, its words by kind. */}
      <section class="leads" aria-labelledby="leads-h">
        <div class="leads-head">
          <h2 id="leads-h">{LABELS[kind].many}</h2>
          {leadsOn && <button type="button" class="link" aria-expanded={showFilters} aria-controls="lead-filters" onClick={() => setShowFilters(!showFilters)}>Filters</button>}
        </div>
        {/* A line under the heading, not in it: "Leads (turned off: captures make people)" took two lines at 360 px. */}
        {!leadsOn && <p class="hint">Leads are turned off: what you capture is saved as a person.</p>}
        <input ref={searchRef} type="search" class="search" placeholder={`Search ${kind}  ( / )`} aria-label={`Search ${kind}`} aria-keyshortcuts="/" value={list.search.value} onInput={(e) => list.setSearch((e.currentTarget as HTMLInputElement).value)} />
        {leadsOn && showFilters && <div id="lead-filters"><LeadFilters model={leads} config={config} /></div>}
        <p class="count" aria-live="polite">{countLabel(list.page.value.total, kind)}</p>
        <LeadList model={list} label={LABELS[kind].many} one={LABELS[kind].one.toLowerCase()} empty={inTrash > 0 ? <TrashedEmpty type={kind} count={inTrash} nav={nav} /> : undefined} onOpen={(id) => nav.open(kind, id)} status={leadsOn ? (r) => (config.config.value && r.statusId ? config.nameOf('leadStatuses', r.statusId) : '') : undefined} />
      </section>
    </>
  );
}

function Welcome({ models }: { models: AppModels }) {
  const [open, setOpen] = useState(false);
  if (open) return <FirstRun profiles={models.ports.profiles!} onDone={() => { models.onboarded.value = true; location.replace(withSetUpMark(location.href)); }} />;
  return (
    <section class="welcome" aria-label="Welcome">
      <p>Outpost is ready on this device. Working with a team?</p>
      <button type="button" onClick={() => setOpen(true)}>Set up: just me or join my team</button>
    </section>
  );
}

/** After first run's reload: says the set-up took and holds focus, so the next Tab goes to this page's contact (set-up-mark.ts). */
function SetUpDone() {
  const [shown] = useState(takeSetUpMark);
  const line = useRef<HTMLParagraphElement>(null);
  useEffect(() => { if (shown) line.current?.focus(); }, []);
  if (!shown) return null;
  return <p ref={line} class="set-up-done" role="status" tabIndex={-1}>You’re set up. Save the contact on this page below, or add one with New.</p>;
}
