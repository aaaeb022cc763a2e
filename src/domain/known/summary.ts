import { samePhone } from '../identity/phones.ts';
import { agoText } from '../signals/signals.ts';
import { formatMoney } from '../fields/money.ts';
import type { MatchKind, PageKey } from './match-keys.ts';

/**
 * The rules after the index lookup: confirm coarse hits (a phone's key is its last 7 digits)
 * and say in one line what the workspace knows about the page.
 */

type R = Record<string, unknown>;

/** Whether a record found by a page key really matches it (phones: same number, not just the same tail). */
export function confirmMatch(key: PageKey, record: R): boolean {
  if (key.kind !== 'phone') return true;
  const phones = Array.isArray(record.phones) ? (record.phones as { number?: unknown }[]) : [];
  return phones.some((p) => typeof p?.number === 'string' && samePhone(p.number, key.value));
}

export type KnownDealFacts = { value?: number; currency?: string; stageName: string };
export type KnownFacts = {
  domain?: string;
  people: number;
  leads: number;
  companies: string[];
  openDeals: KnownDealFacts[];
  lastContact?: { at: number; byName: string };
  now: number;
  defaultCurrency?: string;
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Open deals' worth, per currency, as every screen writes money ("€12,000.00 + $3,000.00"); empty when none has a value. */
export function dealsWorth(deals: KnownDealFacts[], defaultCurrency = 'USD'): string {
  const sums = new Map<string, number>();
  for (const d of deals) if (typeof d.value === 'number' && Number.isFinite(d.value)) sums.set(d.currency || defaultCurrency, (sums.get(d.currency || defaultCurrency) ?? 0) + d.value);
  return [...sums].map(([c, v]) => formatMoney(v, c)).join(' + ');
}

/** "3 people at acme.com · 1 open deal (€12,000.00, Negotiation) · last contacted 12 days ago by Sam". Empty when nothing is known. */
export function knownSummary(f: KnownFacts): string {
  const parts: string[] = [];
  const who = [f.people && plural(f.people, 'person', 'people'), f.leads && plural(f.leads, 'lead')].filter(Boolean).join(' and ');
  if (who) parts.push(f.domain ? `${who} at ${f.domain}` : who);
  else if (f.companies.length) parts.push(f.companies.length === 1 ? `${f.companies[0]} (no people yet)` : `${plural(f.companies.length, 'company', 'companies')}`);
  if (!parts.length && !f.openDeals.length) return '';
  if (f.openDeals.length) {
    const worth = dealsWorth(f.openDeals, f.defaultCurrency);
    const stages = [...new Set(f.openDeals.map((d) => d.stageName).filter(Boolean))];
    const detail = [worth, f.openDeals.length === 1 || stages.length === 1 ? stages[0] : ''].filter(Boolean).join(', ');
    parts.push(`${plural(f.openDeals.length, 'open deal')}${detail ? ` (${detail})` : ''}`);
  }
  parts.push(f.lastContact && f.lastContact.at > 0 ? `last contacted ${agoText(f.lastContact.at, f.now)}${f.lastContact.byName ? ` by ${f.lastContact.byName}` : ''}` : 'never contacted');
  return parts.join(' · ');
}

/** How a record matched, for its row ("via acme.com", "via ada@acme.com"). */
export function viaText(via: { kind: MatchKind; value: string }[]): string {
  return via.length ? `via ${[...new Set(via.map((v) => v.value))].slice(0, 2).join(', ')}` : '';
}
