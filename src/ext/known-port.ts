import { agoText, daysSince, dealsWorth, displayName, knownSummary, type RecordSignals } from '../domain/index.ts';
import { queryKnownHere, type KnownHit } from '../store/known-query.ts';
import type { ReadDB } from '../store/read-db.ts';
import type { KnownHere, KnownRecord, PageFacts, ReadPort, WorkspaceConfig } from '../ui/ports.ts';
import { toListRow } from './list-row.ts';
import { memberName } from '../ui/models/members.ts';
import { signalsOf } from '../store/signal-queries.ts';

type Watch = <T>(query: () => Promise<T>, on: (v: T) => void) => () => void;

/** The "known here" answer for the UI: rows as list rows, names resolved, the one-line summary. */
export function describeKnown(k: Awaited<ReturnType<typeof queryKnownHere>>, config: WorkspaceConfig | null, now: number): KnownHere {
  const currency = config?.settings.defaultCurrency ?? 'USD';
  const stageName = (id: string) => config?.stages.find((s) => s.id === id)?.name ?? id;
  const rec = (h: KnownHit): KnownRecord => {
    const row = toListRow(h.row);
    const s = h.signals;
    const lastContact = s && s.lastContactAt > 0 ? `last contacted ${agoText(s.lastContactAt, now)}${s.lastContactBy ? ` by ${memberName(config, s.lastContactBy)}` : ''}` : 'never contacted';
    return { type: row.type, id: row.id, name: row.name || '(no name)', subtitle: row.subtitle, via: h.via, lastContact, ...(s && { signals: s }) };
  };
  const records = k.records.map(rec);
  const facts = k.deals.map((d) => { const x = d.row.data as { monetaryValue?: number; currency?: string }; return { value: x.monetaryValue, currency: x.currency, stageName: stageName(d.row.stageId ?? '') }; });
  const last = [...k.records, ...k.deals].map((h) => h.signals).filter((s): s is RecordSignals => !!s && s.lastContactAt > 0).sort((a, b) => b.lastContactAt - a.lastContactAt)[0];
  const summary = knownSummary({
    domain: k.domain,
    people: records.filter((r) => r.type === 'people').length,
    leads: records.filter((r) => r.type === 'leads').length,
    companies: records.filter((r) => r.type === 'companies').map((r) => r.name),
    openDeals: facts,
    ...(last && { lastContact: { at: last.lastContactAt, byName: memberName(config, last.lastContactBy) } }),
    now,
    defaultCurrency: currency,
  });
  return {
    summary, ...(k.domain && { domain: k.domain }), records,
    deals: k.deals.map((d, i) => ({ id: d.row.id, name: displayName(d.row.data as Record<string, unknown>), worth: dealsWorth([facts[i]], currency), stageName: facts[i].stageName, ...(d.signals?.stageSince ? { daysInStage: daysSince(d.signals.stageSince, now) } : {}) })),
  };
}

/** The known-here and signals side of the read port (live: re-run when the read model changes). */
export function knownPort(db: ReadDB, watchConfig: ReadPort['watchConfig'], watch: Watch): Pick<ReadPort, 'watchKnownHere' | 'watchSignals'> {
  return {
    watchKnownHere(page: PageFacts, on) {
      let config: WorkspaceConfig | null = null;
      let last: Awaited<ReturnType<typeof queryKnownHere>> | null = null;
      const stopConfig = watchConfig((c) => { config = c; if (last) on(describeKnown(last, config, Date.now())); });
      const stop = watch(() => queryKnownHere(db, page), (k) => { last = k; on(describeKnown(k, config, Date.now())); });
      return () => { stop(); stopConfig(); };
    },
    watchSignals(keys, on) {
      return watch(async () => {
        return Object.fromEntries(await signalsOf(db, keys));
      }, on);
    },
  };
}
