/** Placeholder lines while data loads; hidden from screen readers (the container says aria-busy). */
export function Skeleton({ lines = 3, widths = ['70%', '90%', '55%'] }: { lines?: number; widths?: string[] }) {
  return (
    <div aria-hidden="true">
      {Array.from({ length: lines }, (_, i) => <span key={i} class="ds-skeleton" style={{ width: widths[i % widths.length] }} />)}
    </div>
  );
}
