/**
 * An amount in a currency as every screen writes it ("$12,000.00", "12.000,00 €" in de-DE); an
 * unknown code as "12,000 XYZ". No imports: Known here's summary uses it without the field
 * catalogue's schemas (zod stays out of the side panel's lazily loaded code).
 */
export function formatMoney(value: number, currency?: string, locale?: string): string {
  if (currency && /^[A-Z]{3}$/.test(currency)) {
    try { return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 2 }).format(value); } catch { /* unknown code: plain below */ }
  }
  return `${value.toLocaleString(locale)}${currency ? ` ${currency}` : ''}`;
}
