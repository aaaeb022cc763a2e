import '@/src/ui/styles.css';
import { takeEarlyList } from '@/src/ext/early-list';
import { scanPage } from '@/src/ext/page-scan';
import { storedProfile } from '@/src/ext/profile';
import { localStorageArea } from '@/src/ext/browser-storage';
import { listWindow } from '@/src/ui/models/list-window';

// Wiring: the leads list's first page is read from the read model, the profile from extension
// storage, and the active tab is scanned, while the panel's code loads (docs/architecture.md,
// "The side panel's first paint", "The page's candidate before the rest"); that code then
// renders them. The first page's read started before this module loaded, in /early-list.js (a
// classic script in the page's head); it is the longest of the three, and the other two's first
// extension API calls set up their bindings synchronously.
performance.mark('outpost:entry');
const early = takeEarlyList('leads', listWindow(0).limit);
const profile = storedProfile(localStorageArea);
const pageScan = scanPage();
void import('@/src/ext/side-panel').then((m) => m.startSidePanel(early, pageScan, profile));
