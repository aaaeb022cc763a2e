import type { Collection } from '../../domain/index.ts';
import { EmptyState, buttonClass, icons } from '../ds/index.ts';
import { RouteLink } from '../app/RouteLink.tsx';
import type { NavModel } from '../models/nav-model.ts';
import { LABELS, trashedText } from './labels.ts';

/**
 * An empty list whose records sit in the trash (src/ui/models/trashed-model.ts counts them):
 * says so and opens the Trash at that record type (from the side panel, the dashboard's).
 */
export function TrashedEmpty({ type, count, nav }: { type: Collection; count: number; nav: NavModel }) {
  return (
    <EmptyState icon={icons.Trash} title={trashedText(type, count)}
      action={<RouteLink route={{ view: 'trash', type }} nav={nav} class={buttonClass('secondary')}>Open the Trash</RouteLink>}>
      Deleted {LABELS[type].many.toLowerCase()} wait there until they are restored.
    </EmptyState>
  );
}
