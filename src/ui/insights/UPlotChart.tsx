import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartData } from './chart-data.ts';
import { WHOLE_STEPS, ellipsize, labelBudget } from './axis.ts';

/** The theme's colours, read from the design tokens so charts follow light and dark. */
function palette() {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return { fg: v('--fg', '#1b1f24'), muted: v('--muted', '#57606a'), line: v('--line', '#d0d7de'), accent: v('--accent', '#0b5cad'), ok: v('--ok', '#1a7f37') };
}

/** Re-draws when the colour scheme changes (system setting or the data-theme override). */
function useThemeKey(): number {
  const [key, setKey] = useState(0);
  useEffect(() => {
    const mq = matchMedia('(prefers-color-scheme: dark)');
    const bump = () => setKey((k) => k + 1);
    mq.addEventListener('change', bump);
    const mo = new MutationObserver(bump);
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => { mq.removeEventListener('change', bump); mo.disconnect(); };
  }, []);
  return key;
}

/** Width of a bar chart's value axis, px: fits "$999.9K" at 12 px. */
const Y_AXIS = 70;
/** Room right of a bar chart whose labels lean, px: the last label's run past its bar. */
const LEAN_RIGHT = 56;

function options(d: ChartData, width: number, height: number, fmt: (v: number, unit: string) => string): uPlot.Options {
  const c = palette();
  const axis = { stroke: c.muted, grid: { stroke: c.line, width: 1 }, ticks: { stroke: c.line, width: 1 }, font: '12px system-ui, sans-serif' };
  if (d.kind === 'bars') {
    const n = d.labels.length;
    // Long or many labels lean so they don't run into each other.
    const lean = n > 6 || (n > 3 && d.labels.some((l) => l.length > 10));
    // A label longer than its slot is cut with an ellipsis; hovering the chart names the bar in full.
    // A leaning label runs right of its bar: room on the right keeps the last one inside the chart.
    const right = lean ? LEAN_RIGHT : 0;
    const budget = labelBudget(width - Y_AXIS - right, n, lean);
    return {
      width, height, padding: [null, lean ? LEAN_RIGHT : null, null, null], legend: { show: false }, cursor: { show: false }, select: { show: false, left: 0, top: 0, width: 0, height: 0 },
      scales: { x: { time: false, range: [-0.5, Math.max(0.5, n - 0.5)] }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [
        { ...axis, grid: { show: false }, splits: () => d.labels.map((_, i) => i), values: (_u, splits) => splits.map((i) => ellipsize(d.labels[i] ?? '', budget)), rotate: lean ? -25 : 0, size: lean ? 90 : 40 },
        { ...axis, size: Y_AXIS, incrs: WHOLE_STEPS, values: (_u, splits) => splits.map((v) => fmt(v, d.unit)) },
      ],
      series: [{}, { label: 'Value', stroke: c.accent, fill: c.accent, width: 0, paths: uPlot.paths.bars!({ size: [0.6, 64] }), points: { show: false } }],
    };
  }
  return {
    width, height, legend: { show: true, live: false }, cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, count: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] }, money: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
    axes: [
      { ...axis },
      { ...axis, scale: 'count', size: 50, incrs: WHOLE_STEPS, values: (_u, splits) => splits.map((v) => fmt(v, 'count')) },
      // With nothing won in the period the money scale is an arbitrary 0–1: only its zero is labelled.
      { ...axis, scale: 'money', side: 1, grid: { show: false }, size: 80, incrs: WHOLE_STEPS, values: (_u, splits) => splits.map((v) => (v !== 0 && d.wonValue.every((w) => w === 0) ? '' : fmt(v, 'money'))) },
    ],
    series: [
      {},
      { label: 'New leads', scale: 'count', stroke: c.accent, fill: c.accent, width: 0, paths: uPlot.paths.bars!({ size: [0.6, 40] }), points: { show: false } },
      { label: 'Won value', scale: 'money', stroke: c.ok, width: 2, points: { show: true, size: 5, fill: c.ok } },
    ],
  };
}

const dataOf = (d: ChartData): uPlot.AlignedData => (d.kind === 'bars' ? [d.labels.map((_, i) => i), d.values] : [d.x, d.leads, d.wonValue]);

/**
 * A uPlot chart (canvas) sized to its container. The canvas is decoration for sighted users:
 * the figure around it carries the summary and the data table screen readers use.
 */
export function UPlotChart({ data, height = 220, format, exact = format }: { data: ChartData; height?: number; format: (v: number, unit: string) => string; exact?: (v: number, unit: string) => string }) {
  const box = useRef<HTMLDivElement>(null);
  const theme = useThemeKey();
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = box.current!;
    const ro = new ResizeObserver(() => setWidth(Math.floor(el.clientWidth)));
    ro.observe(el);
    setWidth(Math.floor(el.clientWidth));
    return () => ro.disconnect();
  }, []);
  useEffect(() => {
    if (!width || !box.current) return;
    const el = box.current;
    const plot = new uPlot(options(data, width, height, format), dataOf(data), el);
    if (data.kind !== 'bars') return () => plot.destroy();
    // Bars: hovering anywhere over a bar's column (its cut label included) names it in full, with its exact value.
    const name = (e: MouseEvent) => {
      const i = Math.round(plot.posToVal(e.clientX - plot.over.getBoundingClientRect().left, 'x'));
      const label = data.labels[i];
      const title = label === undefined ? '' : `${label}: ${exact(data.values[i], data.unit)}`;
      if (el.title !== title) el.title = title;
    };
    el.addEventListener('mousemove', name);
    return () => { el.removeEventListener('mousemove', name); el.title = ''; plot.destroy(); };
  }, [data, width, height, theme]);
  return <div class="uplot-box" ref={box} aria-hidden="true" />;
}
