import { useEffect, useRef, useState } from 'preact/hooks';
import type { AppModels } from './app/app-models.ts';
import { HomePane, homeViews } from './app/HomePane.tsx';
import { SkipLink } from './app/SkipLink.tsx';
import { StatusBar } from './app/StatusBar.tsx';
import { bindShortcuts } from './app/shortcuts.ts';
import { NewMenu } from './app/NewMenu.tsx';
import { lazy } from './app/lazy.tsx';
import { RouteLink, Surface } from './app/RouteLink.tsx';
import { icons } from './ds/index.ts';

// The first list paints with the shell and the list's code only; these load right after it
// (`preloadSidePanel`), before a click can need them.
const RecordView = lazy(() => import('./records/RecordView.tsx').then((m) => m.RecordView));
const ConvertView = lazy(() => import('./leads/ConvertView.tsx').then((m) => m.ConvertView));
const MyTasks = lazy(() => import('./tasks/MyTasks.tsx').then((m) => m.MyTasks));
const HelpOverlay = lazy(() => import('./app/Help.tsx').then((m) => m.HelpOverlay));

/** Loads every view of the side panel that its first list did not need. */
export function preloadSidePanel(): Promise<unknown> {
  return Promise.all([RecordView, ConvertView, MyTasks, HelpOverlay, ...homeViews].map((v) => v.preload()));
}

/** The side panel: capture and leads, a record's detail, convert, my tasks. Narrow (360 px) first. */
export function SidePanelApp({ models }: { models: AppModels }) {
  const searchRef = useRef<HTMLInputElement>(null);
  const [help, setHelp] = useState(false);
  const { nav, config, undo, ports } = models;
  useEffect(() => bindShortcuts(document, {
    search: () => { if (nav.route.value.view !== 'home') nav.go({ view: 'home' }); setTimeout(() => searchRef.current?.focus(), 0); },
    help: () => setHelp((h) => !h),
    escape: () => { if (help) setHelp(false); else if (nav.route.value.view !== 'home') back(); },
    undo: () => void undo.undoLast(),
    scan: () => void models.features.value?.capture?.scan(),
    newLead: () => { nav.go({ view: 'home' }); setTimeout(() => document.getElementById('nl-first')?.focus(), 0); },
    go: (w) => nav.go(w === 't' ? { view: 'tasks' } : { view: 'home' }),
  }), [help]);
  /**
   * Esc from a record or a screen: back to the leads, focus on the row of the lead that was open
   * (or the search box), never <body> (the page's top, where Tab starts again).
   */
  const back = () => {
    const from = nav.route.value;
    nav.go({ view: 'home' });
    const id = from.view === 'record' || from.view === 'convert' ? from.id : '';
    setTimeout(() => (document.querySelector<HTMLElement>(`.leads .row[data-id="${CSS.escape(id)}"]`) ?? searchRef.current)?.focus(), 0);
  };
  const route = nav.route.value;
  const tab = (view: 'home' | 'tasks', label: string) => (
    <a href={view === 'home' ? '#/' : '#/tasks'} aria-current={route.view === view ? 'page' : undefined} onClick={(e) => { e.preventDefault(); nav.go({ view }); }}>{label}</a>
  );
  return (
    <Surface.Provider value="panel">
    <div class="panel">
      <SkipLink />
      <header class="top">
        <span class="brand">Outpost</span>
        <nav aria-label="Side panel">
          {tab('home', config.config.value?.settings.leadsEnabled === false ? 'People' : 'Leads')}{tab('tasks', 'My tasks')}
          {/* The rest of Outpost (tables, the board, import, Settings) is the dashboard's: a new tab. */}
          <a href="dashboard.html#/" target="_blank" rel="noopener" class="to-dashboard" title="Opens in a new tab">Dashboard<icons.ExternalLink size={12} aria-hidden="true" /></a>
        </nav>
        <NewMenu write={ports.write} config={config} nav={nav} readOnly={config.config.value?.me.role === 'viewer'} />
        <RouteLink route={{ view: 'admin' }} nav={nav} class="top-icon" label="Settings (opens the dashboard)" title="Settings"><icons.Settings size={16} aria-hidden="true" /></RouteLink>
        <button type="button" class="link" aria-label="Keyboard shortcuts" aria-keyshortcuts="?" onClick={() => setHelp(true)}>?</button>
      </header>
      <StatusBar sync={models.syncStatus.value} undo={undo} listing={models.listing.value} />
      <main>
        {route.view === 'record' && <RecordView key={`${route.type}:${route.id}`} type={route.type} id={route.id} ports={ports} config={config} nav={nav} undo={undo} tips={models.tips} />}
        {route.view === 'convert' && <ConvertView key={route.id} leadId={route.id} ports={ports} config={config} nav={nav} undo={undo} />}
        {route.view === 'tasks' && <MyTasks read={ports.read} write={ports.write} me={config.config.value?.me.memberId ?? ''} nav={nav} />}
        {(route.view === 'home' || !['record', 'convert', 'tasks'].includes(route.view)) && <HomePane models={models} searchRef={searchRef} />}
      </main>
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </div>
    </Surface.Provider>
  );
}
