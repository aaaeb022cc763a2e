import { useLayoutEffect, useMemo, useReducer } from 'preact/hooks';
import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';

/**
 * Rows of a long table, only those in view (plus `overscan`) in the DOM: @tanstack/virtual-core
 * does the scroll math (framework-free, so no React compat layer in a Preact app). Rows have
 * one fixed height, so nothing is measured while scrolling.
 */
export function useVirtualRows(count: number, rowHeight: number, getScrollElement: () => HTMLElement | null, overscan = 10) {
  const [, rerender] = useReducer((x: number) => x + 1, 0);
  const v = useMemo(() => new Virtualizer<HTMLElement, HTMLElement>({
    count, estimateSize: () => rowHeight, getScrollElement, overscan,
    scrollToFn: elementScroll, observeElementRect, observeElementOffset,
    onChange: () => rerender(0),
  }), []);
  v.setOptions({ ...v.options, count, estimateSize: () => rowHeight, getScrollElement, overscan });
  useLayoutEffect(() => v._didMount(), [v]);
  useLayoutEffect(() => { v._willUpdate(); });
  return v;
}
