import { browser } from 'wxt/browser';

/** A small square in the accent colour: Chrome's basic notifications need an icon. */
const ICON = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAAL0lEQVR4nO3OIQEAAAgDMDwVqUhGiHEzMb/q2UsqAQEBAQEBAQEBAQEBAQGBdOABYV5MeVLaT28AAAAASUVORK5CYII=';

export async function notify(title: string, message: string, id?: string): Promise<void> {
  await browser.notifications.create(id ?? '', { type: 'basic', iconUrl: ICON, title, message }).catch((e: unknown) => console.warn('Outpost: notification failed', e));
}
