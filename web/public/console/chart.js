// Bar charts drawn as plain SVG (no chart library): one bar group per label, series side by side
// or stacked. Colours come from CSS classes (console.css), so the chart follows the print style
// too. The chart is an image with a text alternative; the same numbers are in a table next to it.
import { h } from '../js/page.js';
import { formatNumber } from './common.js';

const HEIGHT = 240;
const PLOT_TOP = 12;
const PLOT_BOTTOM = 200;
const LEFT = 44;

// The axis maximum: four round steps (1, 2 or 5 × 10^n, at least 1) reaching `value`.
function niceMax(value) {
  const rough = Math.max(1, value / 4);
  const power = 10 ** Math.floor(Math.log10(rough));
  return 4 * [1, 2, 5, 10].map((m) => m * power).find((step) => step >= rough);
}

function svg(tag, attributes = {}, ...children) {
  return h(`svg:${tag}`, attributes, ...children);
}

// `labels`: text under each group; `series`: [{ name, className, values }]; `stacked`: one bar
// per group. `id` names the figure; `title` and `description` are its caption and text alternative.
export function barChart({ id, title, description, labels, series, stacked = false }) {
  const sums = labels.map((_, i) => (stacked ? series.reduce((sum, s) => sum + s.values[i], 0) : Math.max(...series.map((s) => s.values[i]))));
  const max = niceMax(Math.max(0, ...sums));
  const group = Math.max(8, Math.min(48, 560 / Math.max(labels.length, 1)));
  const width = LEFT + labels.length * group + 8;
  const scale = (value) => ((PLOT_BOTTOM - PLOT_TOP) * value) / max;
  const bars = svg('g', { class: 'bars' });
  labels.forEach((label, i) => {
    const x = LEFT + i * group + group * 0.15;
    const barWidth = (group * 0.7) / (stacked ? 1 : series.length);
    let base = PLOT_BOTTOM;
    series.forEach((s, j) => {
      const height = scale(s.values[i]);
      const y = stacked ? base - height : PLOT_BOTTOM - height;
      const left = stacked ? x : x + j * barWidth;
      if (height > 0) {
        bars.append(svg('rect', { class: `bar ${s.className}`, x: left.toFixed(1), y: y.toFixed(1),
          width: Math.max(1, barWidth - 1).toFixed(1), height: height.toFixed(1) }, svg('title', { text: `${label} – ${s.name}: ${formatNumber(s.values[i])}` })));
      }
      base -= stacked ? height : 0;
    });
  });
  const axis = svg('g', { class: 'axis' });
  for (let tick = 0; tick <= 4; tick += 1) {
    const value = (max * tick) / 4;
    const y = PLOT_BOTTOM - scale(value);
    axis.append(svg('line', { x1: LEFT - 4, x2: width, y1: y, y2: y, class: tick ? 'grid' : 'baseline' }),
      svg('text', { x: LEFT - 8, y: y + 4, 'text-anchor': 'end', text: formatNumber(value) }));
  }
  const every = Math.ceil(labels.length / Math.max(1, Math.floor(width / 64)));
  labels.forEach((label, i) => {
    if (i % every) return;
    axis.append(svg('text', { x: LEFT + i * group + group / 2, y: PLOT_BOTTOM + 18, 'text-anchor': 'middle', text: label }));
  });
  const chart = svg('svg', { viewBox: `0 0 ${width} ${HEIGHT}`, width, height: HEIGHT, role: 'img',
    'aria-labelledby': `${id}-title`, 'aria-describedby': `${id}-description`, class: 'chart', focusable: 'false' },
  svg('title', { id: `${id}-title`, text: title }), svg('desc', { id: `${id}-description`, text: description }), axis, bars);
  return h('figure', { class: 'chart-figure', id },
    h('figcaption', { class: 'h6', text: title }),
    h('div', { class: 'chart-scroll' }, chart),
    h('ul', { class: 'chart-legend', 'aria-hidden': 'true' }, series.map((s) =>
      h('li', {}, h('span', { class: `swatch ${s.className}` }), s.name))));
}
