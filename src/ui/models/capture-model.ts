import { signal } from '@preact/signals';
import type { Candidate } from '../../capture/candidate.ts';
import type { CapturePort } from '../ports.ts';
import { draftFromCandidate, type NewLeadModel } from './new-lead-model.ts';

/** "This page": scans the active tab and fills the capture form from the chosen candidate. */
export function createCaptureModel(capture: CapturePort, form: NewLeadModel) {
  const candidates = signal<Candidate[]>([]);
  const chosen = signal(0);
  const scanning = signal(false);
  const error = signal('');
  const page = signal<{ url: string; title: string } | null>(null);
  const people = (cs: Candidate[]) => [...cs].sort((a, b) => (a.kind === b.kind ? b.confidence - a.confidence : a.kind === 'person' ? -1 : 1));
  return {
    candidates, chosen, scanning, error, page,
    choose(i: number) {
      const c = candidates.value[i];
      if (!c) return;
      chosen.value = i;
      form.fill(draftFromCandidate(c));
    },
    async scan() {
      scanning.value = true;
      error.value = '';
      try {
        const res = await capture.scanActiveTab();
        page.value = { url: res.url, title: res.title };
        candidates.value = people(res.candidates);
        error.value = res.error ?? (res.candidates.length ? '' : 'No contact found on this page. Type one below, or select text on the page and scan again.');
        if (candidates.value.length) this.choose(0);
      } finally {
        scanning.value = false;
      }
    },
  };
}
export type CaptureModel = ReturnType<typeof createCaptureModel>;
