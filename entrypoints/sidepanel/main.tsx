import '@/src/ui/styles.css';
import { startEarlyList } from '@/src/ext/early-list';
import { listWindow } from '@/src/ui/models/list-window';

// Wiring: the leads list's first page is read from the read model while the panel's code loads
// (docs/architecture.md, "The side panel's first paint"); that code then renders it.
const early = startEarlyList('leads', listWindow(0).limit);
void import('@/src/ext/side-panel').then((m) => m.startSidePanel(early));
