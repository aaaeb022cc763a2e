import type { ComponentChildren } from 'preact';

/** A titled section of a page (record sections, settings groups). */
export function Section({ title, id, children, actions }: { title: string; id?: string; children: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <section class="ds-section" aria-labelledby={id ? `${id}-title` : undefined}>
      <div class="ds-section-head">
        <h3 id={id ? `${id}-title` : undefined}>{title}</h3>{actions}
      </div>
      {children}
    </section>
  );
}
