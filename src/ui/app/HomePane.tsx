import { useState } from 'preact/hooks';
import type { AppModels } from './app-models.ts';
import { LeadList } from '../leads/LeadList.tsx';
import { LeadFilters } from '../leads/LeadFilters.tsx';
import { lazy } from './lazy.tsx';
import { countLabel } from '../records/labels.ts';

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
  // The capture card and "Known here" fill in once their code is there (the first list does not wait).
  const features = models.features.value;
  const capture = features?.capture;
  return (
    <>
      {!models.onboarded.value && models.ports.profiles && <Welcome models={models} />}
      {capture && <KnownHere capture={capture} ports={models.ports} onOpen={(type, id) => nav.open(type, id)} readOnly={config.config.value?.me.role === 'viewer'} maker={() => config.config.value?.me.memberId} />}
      {features && (capture ? <CaptureCard capture={capture} form={features.newLead} config={config} onOpen={open} /> : <NewLeadForm model={features.newLead} config={config} onOpen={open} />)}
      {leadsOn ? (
        <section class="leads" aria-labelledby="leads-h">
          <div class="leads-head">
            <h2 id="leads-h">Leads</h2>
            <button type="button" class="link" aria-expanded={showFilters} aria-controls="lead-filters" onClick={() => setShowFilters(!showFilters)}>Filters</button>
          </div>
          <input ref={searchRef} type="search" class="search" placeholder="Search leads  ( / )" aria-label="Search leads" aria-keyshortcuts="/" value={leads.search.value} onInput={(e) => leads.setSearch((e.currentTarget as HTMLInputElement).value)} />
          {showFilters && <div id="lead-filters"><LeadFilters model={leads} config={config} /></div>}
          <p class="count" aria-live="polite">{countLabel(leads.page.value.total, 'leads')}</p>
          <LeadList model={leads} onOpen={(id) => nav.open('leads', id)} status={(r) => (config.config.value && r.statusId ? config.nameOf('leadStatuses', r.statusId) : '')} />
        </section>
      ) : <PeopleSection models={models} searchRef={searchRef} />}
    </>
  );
}

function Welcome({ models }: { models: AppModels }) {
  const [open, setOpen] = useState(false);
  if (open) return <FirstRun profiles={models.ports.profiles!} onDone={() => { models.onboarded.value = true; location.reload(); }} />;
  return (
    <section class="welcome" aria-label="Welcome">
      <p>Outpost is ready on this device. Working with a team?</p>
      <button type="button" onClick={() => setOpen(true)}>Set up: just me or join my team</button>
    </section>
  );
}

/** With Leads turned off: the people, where captures go, searchable as the leads were. */
function PeopleSection({ models, searchRef }: { models: AppModels; searchRef: { current: HTMLInputElement | null } }) {
  const people = models.peopleList();
  return (
    <section class="leads" aria-labelledby="leads-h">
      <div class="leads-head"><h2 id="leads-h">People</h2></div>
      {/* A line under the heading, not in it: "Leads (turned off: captures make people)" took two lines at 360 px. */}
      <p class="hint">Leads are turned off: what you capture is saved as a person.</p>
      <input ref={searchRef} type="search" class="search" placeholder="Search people  ( / )" aria-label="Search people" aria-keyshortcuts="/" value={people.search.value} onInput={(e) => people.setSearch((e.currentTarget as HTMLInputElement).value)} />
      <p class="count" aria-live="polite">{countLabel(people.page.value.total, 'people')}</p>
      <LeadList model={people} label="People" onOpen={(id) => models.nav.open('people', id)} />
    </section>
  );
}
