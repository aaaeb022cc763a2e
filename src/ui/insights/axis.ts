/**
 * How the insights charts' axes read, in one home (pure; the reader's locale unless given):
 * ticks step by whole "nice" amounts (1, 2, 5 × 10ⁿ: 0, 200, 400… never 0.2), money ticks say
 * "$800", "$1.2K", "$3M" (compact, never cents), and a category label too long for its slot is
 * cut with an ellipsis (the chart shows the full name on hover and in its table).
 */

/** Tick steps uPlot may choose from: whole amounts only, so an axis over 0–1 has ticks 0 and 1. */
export const WHOLE_STEPS: number[] = Array.from({ length: 13 }, (_, e) => [1, 2, 5].map((m) => m * 10 ** e)).flat();

const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) { f = new Intl.NumberFormat(locale, options); formats.set(key, f); }
  return f;
}

/** "800", "1.2K", "3M": a count tick, compact past a thousand. */
export function countTick(v: number, locale?: string): string {
  return numberFormat(locale, { notation: 'compact', maximumFractionDigits: Math.abs(v) < 1000 ? 0 : 1 }).format(v);
}

/**
 * "$0", "$800", "$1.2K", "$1.2M", "€3M", "¥1.5M": a money tick in the workspace currency, compact,
 * whole units under a thousand (a tick never reads "$0.8"). An unknown currency code falls back
 * to the count with the code after it ("1.2K XYZ").
 */
export function moneyTick(v: number, currency: string, locale?: string): string {
  const digits = Math.abs(v) < 1000 ? 0 : 1;
  if (/^[A-Z]{3}$/.test(currency)) {
    try {
      return numberFormat(locale, { style: 'currency', currency, notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: digits }).format(v);
    } catch { /* not a currency Intl knows: plain below */ }
  }
  return `${countTick(v, locale)}${currency ? ` ${currency}` : ''}`;
}

/** `label` cut to at most `max` characters, the last one an ellipsis when cut (whole label when it fits). */
export function ellipsize(label: string, max: number): string {
  const chars = [...label];
  if (chars.length <= max) return label;
  return `${chars.slice(0, Math.max(1, max - 1)).join('').trimEnd()}…`;
}

/**
 * Characters a bar's label may take: the slot each bar has (plot width / bars) at ~7 px a
 * character of the 12 px axis font; leaning labels get a fixed budget that fits the axis height.
 */
export function labelBudget(plotWidth: number, bars: number, lean: boolean): number {
  if (lean) return 14;
  return Math.max(4, Math.floor(plotWidth / Math.max(1, bars) / 7));
}
