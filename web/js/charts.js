// Bar charts drawn as SVG by Haven itself: stacked or simple bars, months
// along a horizontal axis (columns) or categories down the page (bars).
//
// No style attribute and no inline style anywhere (strict CSP): shapes get
// classes and geometry only, haven.css gives them their look.  Each series
// has a shade AND a fill pattern of its own (see the "statistics" section of
// haven.css), so that a chart still reads in grey scale and on paper.  The
// chart is one image for assistive technology (role="img", a <title>, a
// <desc> and an aria-label summarising it); the numbers themselves are in
// the table the caller puts beneath it.

// The SVG namespace is a name, never fetched; it is assembled so that the
// check against addresses elsewhere in the web files keeps its meaning.
const SVG_NS = ['http:', '', 'www.w3.org', '2000', 'svg'].join('/');

// The series styles: haven.css defines .s0 … .s9 (shade and pattern ink).
export const STYLES = 10;

// The pattern of each style, an 8 × 8 tile: '' is a plain fill.
const TILES = [
  '',                                   // s0 plain, dark
  'M-2 2l4-4M0 8l8-8M6 10l4-4',         // s1 rising diagonals
  'M0 2h8M0 6h8',                       // s2 horizontal lines
  'M0 0l8 8M8 0l-8 8',                  // s3 cross-hatch
  'M1.5 1.5h1.5v1.5h-1.5zM5.5 5.5h1.5v1.5h-1.5z', // s4 dots
  'M2 0v8M6 0v8',                       // s5 vertical lines
  'M-2 6l4 4M0 0l8 8M6 -2l4 4',         // s6 falling diagonals
  '',                                   // s7 plain, light
  'M0 4h8M4 0v8',                       // s8 grid
  'M0 2h3M4 6h3',                       // s9 dashes
];

let seq = 0;

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, String(v));
  }
  for (const c of children) if (c) el.appendChild(c);
  return el;
}

// A round step for about `parts` ticks up to max (counts: at least 1).
function niceStep(max, parts) {
  const raw = Math.max(max / parts, 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (raw <= m * mag) return m * mag;
  return 10 * mag;
}

// Cut a label to n characters, with an ellipsis.
function cut(s, n) {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

function patterns(id) {
  return svg('defs', null, ...TILES.map((d, i) => svg('pattern', {
    id: id + '-s' + i, class: 's' + i, patternUnits: 'userSpaceOnUse', width: 8, height: 8,
  }, svg('rect', { class: 'pbg', width: 8, height: 8 }), d ? svg('path', { class: 'pfg', d }) : null)));
}

function fillOf(id, i) {
  return 'url(#' + id + '-s' + (i % STYLES) + ')';
}

// barChart(opts) → an element: a <figure class="chart"> holding the SVG
// and, with more than one series, its legend.
//   opts.title      the chart's title (the <title>)
//   opts.summary    one sentence for aria-label and <desc>
//   opts.categories [{code, label, short}]: one bar each, in order; short
//                   is the axis label when given
//   opts.series     [label]: what is stacked; one for simple bars
//   opts.values     values[category][series]: numbers; anything else (a
//                   hidden small count) is drawn as nothing
//   opts.columns    true: categories along the horizontal axis (months);
//                   false: one bar per line, labels above the bars
//   opts.format     number → text, for ticks and the bar totals
//   opts.width      the width it will be shown at (CSS pixels), so that its
//                   text is drawn at the page's size; narrower screens shrink
//                   it, and columns that do not fit make it scroll
export function barChart(opts) {
  seq += 1;
  const id = 'hvc' + seq;
  const fmt = opts.format || ((n) => String(n));
  const width = Math.max(280, Math.min(960, Math.round(opts.width || 640)));
  const cats = opts.categories;
  const nser = opts.series.length;
  const num = (v) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);
  const totals = cats.map((c, r) => opts.values[r].reduce((a, v) => a + num(v), 0));
  const max = Math.max(1, ...totals);
  const step = niceStep(max, opts.columns ? 5 : 4);
  const top = Math.ceil(max / step) * step;

  const root = svg('svg', {
    class: ['chart-svg', opts.columns ? 'chart-columns' : 'chart-bars'],
    role: 'img', 'aria-label': opts.summary,
    'data-chart': opts.columns ? 'columns' : 'bars', focusable: 'false',
  });
  root.append(svg('title', { id: id + '-t', text: opts.title }),
    svg('desc', { id: id + '-d', text: opts.summary }), patterns(id));

  const grid = svg('g', { class: 'chart-grid' });
  const axis = svg('g', { class: 'chart-axis' });
  const bars = svg('g', { class: 'chart-data' });
  let W;
  let H;
  if (opts.columns) {
    // months along the axis, the counts up the side
    const left = 44;
    const right = 10;
    const head = 16;
    const foot = 34;
    const slot = Math.max(16, Math.min(56, (width - left - right) / cats.length));
    const plotW = slot * cats.length;
    const plotH = Math.max(160, Math.min(240, Math.round(width * 0.36)));
    if (left + plotW + right > width + 1) root.classList.add('chart-wide');
    W = left + plotW + right;
    H = head + plotH + foot;
    const y = (v) => head + plotH - (v / top) * plotH;
    for (let v = 0; v <= top; v += step) {
      grid.appendChild(svg('line', { class: v === 0 ? 'chart-base' : 'chart-gridline', x1: left, x2: left + plotW, y1: y(v), y2: y(v) }));
      axis.appendChild(svg('text', { class: 'chart-tick', x: left - 6, y: y(v) + 4, 'text-anchor': 'end', text: fmt(v) }));
    }
    const every = Math.ceil(cats.length / Math.max(1, Math.floor(plotW / 44)));
    cats.forEach((c, r) => {
      const x = left + r * slot + slot * 0.15;
      const w = slot * 0.7;
      const g = svg('g', { class: 'bar', 'data-bar': c.code });
      let acc = 0;
      for (let s = 0; s < nser; s++) {
        const v = num(opts.values[r][s]);
        if (v === 0) continue;
        g.appendChild(svg('rect', {
          class: ['seg', 's' + (s % STYLES)], 'data-series': s, fill: fillOf(id, s),
          x, width: w, y: y(acc + v), height: y(acc) - y(acc + v),
        }));
        acc += v;
      }
      if (totals[r] > 0 && slot >= 24) {
        g.appendChild(svg('text', { class: 'chart-value', x: x + w / 2, y: y(acc) - 3, 'text-anchor': 'middle', text: fmt(totals[r]) }));
      }
      bars.appendChild(g);
      if (r % every === 0) {
        axis.appendChild(svg('text', {
          class: 'chart-label', x: left + r * slot + slot / 2, y: head + plotH + 16, 'text-anchor': 'middle',
          text: c.short || cut(c.label, 8),
        }));
      }
    });
  } else {
    // one bar per category, its label above it, the counts along the foot
    const left = 4;
    const right = 56;
    const rowH = 40;
    const barH = 16;
    const plotW = Math.min(width, 820) - left - right;   // long bars read badly
    const foot = 22;
    W = left + plotW + right;
    H = 4 + rowH * cats.length + foot;
    const x = (v) => left + (v / top) * plotW;
    const base = 4 + rowH * cats.length;
    for (let v = 0; v <= top; v += step) {
      grid.appendChild(svg('line', { class: v === 0 ? 'chart-base' : 'chart-gridline', x1: x(v), x2: x(v), y1: 4, y2: base }));
      axis.appendChild(svg('text', { class: 'chart-tick', x: x(v), y: base + 16, 'text-anchor': v === 0 ? 'start' : 'middle', text: fmt(v) }));
    }
    cats.forEach((c, r) => {
      const y0 = 4 + r * rowH;
      const g = svg('g', { class: 'bar', 'data-bar': c.code });
      axis.appendChild(svg('text', { class: 'chart-label', x: left + 2, y: y0 + 14, text: cut(c.short || c.label, Math.floor(width / 6.5)) }));
      let acc = 0;
      for (let s = 0; s < nser; s++) {
        const v = num(opts.values[r][s]);
        if (v === 0) continue;
        g.appendChild(svg('rect', {
          class: ['seg', 's' + (s % STYLES)], 'data-series': s, fill: fillOf(id, s),
          x: x(acc), width: x(acc + v) - x(acc), y: y0 + 19, height: barH,
        }));
        acc += v;
      }
      g.appendChild(svg('text', { class: 'chart-value', x: x(acc) + 4, y: y0 + 19 + barH - 3, text: fmt(totals[r]) }));
      bars.appendChild(g);
    });
  }
  root.setAttribute('viewBox', '0 0 ' + Math.round(W) + ' ' + Math.round(H));
  root.setAttribute('width', Math.round(W));
  root.setAttribute('height', Math.round(H));
  root.setAttribute('preserveAspectRatio', 'xMinYMin meet');
  root.append(grid, bars, axis);

  const fig = document.createElement('figure');
  fig.className = 'chart';
  const scroll = document.createElement('div');
  scroll.className = 'chart-scroll';
  scroll.appendChild(root);
  fig.appendChild(scroll);
  if (nser > 1) fig.appendChild(legend(id, opts.series));
  return fig;
}

// The legend: a swatch in the series' pattern and its label.
function legend(id, series) {
  const ul = document.createElement('ul');
  ul.className = 'chart-legend';
  series.forEach((label, s) => {
    const li = document.createElement('li');
    li.appendChild(svg('svg', {
      class: 'chart-swatch', viewBox: '0 0 16 16', width: 16, height: 16, focusable: 'false', 'aria-hidden': 'true',
    },
      svg('rect', { class: ['seg', 's' + (s % STYLES)], fill: fillOf(id, s), x: 0.5, y: 0.5, width: 15, height: 15 })));
    li.appendChild(document.createTextNode(label));
    ul.appendChild(li);
  });
  return ul;
}
