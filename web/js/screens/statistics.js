// The centre's statistics (#/statistics), for coordinators and auditors:
// a period with quick choices and the contact filters; the tables of
// GET /api/v1/statistics section by section, each with its chart (drawn by
// ../charts.js) and its numbers in a table beneath; the CSV download of the
// same query, and the annual report's downloads.  The page prints: the
// form goes, every section starts a page (haven.css, "statistics").

import * as api from '../api.js';
import { t, lang } from '../i18n.js';
import { h, put, clear, field, notice, heading, showError, clearErrors, busy, announce } from '../dom.js';
import { loadEnums, enumsNow, options, label, warsaw } from '../hotline.js';
import { barChart } from '../charts.js';

export const title = 'statistics.title';

const SECTIONS = ['contacts', 'cases', 'victims', 'services', 'referrals', 'interpreters', 'consultations', 'shelter'];

// Rows that are ISO codes, shown with their name: country or language.
const CODE_ROWS = {
  victims_nationality: 'region',
  prevention_destination: 'region',
  interpreter_bookings: 'language',
};

const REPORT_FORMATS = ['pdf', 'xlsx', 'csv'];

function sectionTitle(s) {
  switch (s) {
    case 'contacts': return t('statistics.section_contacts');
    case 'cases': return t('statistics.section_cases');
    case 'victims': return t('statistics.section_victims');
    case 'services': return t('statistics.section_services');
    case 'referrals': return t('statistics.section_referrals');
    case 'interpreters': return t('statistics.section_interpreters');
    case 'consultations': return t('statistics.section_consultations');
    case 'shelter': return t('statistics.section_shelter');
    default: return s;
  }
}

function formatName(f) {
  switch (f) {
    case 'pdf': return t('statistics.report_pdf');
    case 'xlsx': return t('statistics.report_xlsx');
    default: return t('statistics.report_csv');
  }
}

const locale = () => (lang() === 'pl' ? 'pl-PL' : 'en-GB');

function textOf(bilingual) {
  if (!bilingual) return '';
  return bilingual[lang()] || bilingual.en || bilingual.pl || '';
}

// A number as the interface writes it; a hidden small count ("<3", "x")
// as it is.
function numText(v) {
  if (typeof v !== 'number') return v === null || v === undefined ? '—' : String(v);
  return new Intl.NumberFormat(locale()).format(v);
}

function pctText(x) {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(x);
}

const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

// ---- dates of the period, in Warsaw

const p2 = (n) => String(n).padStart(2, '0');
const ymd = (y, m, d) => y + '-' + p2(m) + '-' + p2(d);
const DATE_RE = /^\d{4}-\d\d-\d\d$/;

// [from, to] of a quick choice.  "Last 12 months" is this month and the
// eleven before it, so that the month tables have twelve rows.
function periodOf(choice) {
  const w = warsaw(Date.now());
  const today = ymd(w.y, w.m, w.d);
  switch (choice) {
    case 'last_year': return [ymd(w.y - 1, 1, 1), ymd(w.y - 1, 12, 31)];
    case 'this_quarter': return [ymd(w.y, Math.floor((w.m - 1) / 3) * 3 + 1, 1), today];
    case 'last_12_months': {
      const m = w.m - 11;
      return m >= 1 ? [ymd(w.y, m, 1), today] : [ymd(w.y - 1, m + 12, 1), today];
    }
    default: return [ymd(w.y, 1, 1), today];
  }
}

function dateText(iso) {
  if (!DATE_RE.test(iso || '')) return iso || '';
  const [y, m, d] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })
    .format(Date.UTC(y, m - 1, d));
}

// "2026-03" → "mar 26" / "Mar 26", for the axis.
function monthShort(code) {
  const [y, m] = code.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(), { month: 'short', year: '2-digit', timeZone: 'UTC' })
    .format(Date.UTC(y, m - 1, 1));
}

const isMonth = (code) => /^\d{4}-\d\d$/.test(code);

// ---- labels of rows

function codeName(type, code) {
  try {
    const names = new Intl.DisplayNames([document.documentElement.lang || 'pl'], { type, fallback: 'none' });
    return names.of(code) || null;
  } catch (e) {
    return null;
  }
}

function rowLabel(tb, row) {
  const text = textOf(row.label);
  const type = CODE_ROWS[tb.id];
  if (!type || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(row.code)) return text;
  const name = codeName(type, row.code);
  return name && name !== row.code ? name + ' (' + row.code + ')' : text;
}

// ---- one table: title, chart, numbers, notes

function summaryOf(tb, rows, series, hidden) {
  let best = -1;
  let bestTotal = 0;
  tb.cells.forEach((cells, r) => {
    const sum = cells.reduce((a, v) => a + (isNum(v) ? v : 0), 0);
    if (sum > bestTotal) {
      best = r;
      bestTotal = sum;
    }
  });
  let s = t('statistics.chart_summary', { title: textOf(tb.title), count: rows.length });
  if (series.length > 1) s += ' ' + t('statistics.chart_series', { list: series.join(', ') });
  if (best >= 0) s += ' ' + t('statistics.chart_highest', { label: rows[best], value: numText(bestTotal) });
  if (hidden) s += ' ' + t('statistics.chart_hidden');
  return s;
}

function chartOf(tb, width) {
  if (tb.chart !== 'stacked' && tb.chart !== 'bar') return null;
  if (!tb.cells.some((cells) => cells.some((v) => isNum(v) && v > 0))) {
    return h('p', { class: 'muted stat-empty', 'data-empty': tb.id, text: t('statistics.nothing') });
  }
  const months = tb.rows.length > 0 && tb.rows.every((r) => isMonth(r.code));
  const stacked = tb.chart === 'stacked';
  const rows = tb.rows.map((r) => rowLabel(tb, r));
  const series = stacked ? tb.cols.map((c) => textOf(c.label)) : [textOf(tb.cols[0].label)];
  const values = tb.cells.map((cells) => (stacked ? cells : [cells[0]]));
  const hidden = values.some((cells) => cells.some((v) => !isNum(v)));
  return barChart({
    title: textOf(tb.title),
    summary: summaryOf(tb, rows, series, hidden),
    categories: tb.rows.map((r, i) => ({ code: r.code, label: rows[i], short: months ? monthShort(r.code) : null })),
    series,
    values,
    columns: months,
    format: numText,
    width,
  });
}

function numCell(v, col, extraClass) {
  return h('td', { class: ['num', extraClass], 'data-col': col, 'data-value': String(v), text: numText(v) });
}

// Occupied bed-nights over available ones, per shelter and for them all.
function rateOf(avail, occ) {
  return isNum(avail) && isNum(occ) && avail > 0 ? occ / avail : null;
}

function tableOf(tb) {
  const months = tb.rows.length > 0 && tb.rows.every((r) => isMonth(r.code));
  const shelter = tb.id === 'shelter_occupancy';
  const ci = (code) => tb.cols.findIndex((c) => c.code === code);
  const iAvail = ci('bed_nights_available');
  const iOcc = ci('bed_nights_occupied');
  const withRate = shelter && iAvail >= 0 && iOcc >= 0;
  const rateCell = (avail, occ) => {
    const r = rateOf(avail, occ);
    return h('td', { class: 'num', 'data-col': 'occupancy_rate', 'data-value': r === null ? '' : String(r),
      text: r === null ? '—' : pctText(r) });
  };

  const head = h('tr', null,
    h('th', { scope: 'col', text: months ? t('statistics.month') : t('statistics.item') }),
    tb.cols.map((c) => h('th', { scope: 'col', class: 'num', 'data-col': c.code, text: textOf(c.label) })),
    tb.margins ? h('th', { scope: 'col', class: 'num', 'data-col': 'total', text: t('statistics.total') }) : null,
    withRate ? h('th', { scope: 'col', class: 'num', 'data-col': 'occupancy_rate', text: t('statistics.occupancy_rate') }) : null);

  const body = tb.rows.map((row, r) => h('tr', { 'data-row': row.code },
    h('th', { scope: 'row', class: months ? 'nowrap' : null, text: rowLabel(tb, row) }),
    tb.cells[r].map((v, c) => numCell(v, tb.cols[c].code)),
    tb.margins ? numCell(tb.row_totals[r], 'total', 'total') : null,
    withRate ? rateCell(tb.cells[r][iAvail], tb.cells[r][iOcc]) : null));

  let foot = null;
  if (tb.margins) {
    foot = h('tfoot', null, h('tr', { 'data-row': 'total' },
      h('th', { scope: 'row', text: t('statistics.total') }),
      tb.col_totals.map((v, c) => numCell(v, tb.cols[c].code, 'total')),
      numCell(tb.total, 'total', 'total')));
  } else if (withRate) {
    // the shelters together: sums, and the rate of the sums
    const sum = (i) => tb.cells.reduce((a, cells) => (isNum(a) && isNum(cells[i]) ? a + cells[i] : 'x'), 0);
    foot = h('tfoot', null, h('tr', { 'data-row': 'total' },
      h('th', { scope: 'row', text: t('statistics.all_shelters') }),
      tb.cols.map((c, i) => numCell(sum(i), c.code, 'total')),
      rateCell(sum(iAvail), sum(iOcc))));
  }

  const capId = 'st-cap-' + tb.id;
  return h('div', { class: 'table-scroll stat-scroll', role: 'region', tabIndex: 0, 'aria-labelledby': capId },
    h('table', { class: 'table table-stats', 'data-table': tb.id },
      h('caption', { id: capId, class: 'visually-hidden', text: textOf(tb.title) }),
      h('thead', null, head),
      h('tbody', null, body),
      foot));
}

// What a table says below its numbers.
function notesOf(tb) {
  const notes = [];
  if (tb.id === 'contacts_hours' && tb.margins) {
    const i = tb.cols.findIndex((c) => c.code === 'out_of_hours');
    const out = i >= 0 ? tb.col_totals[i] : null;
    if (isNum(out) && isNum(tb.total) && tb.total > 0) {
      notes.push(h('p', { class: 'stat-share', 'data-share': String(out / tb.total),
        text: t('statistics.out_of_hours_share', { share: pctText(out / tb.total), n: numText(out), total: numText(tb.total) }) }));
    } else if (isNum(tb.total) && tb.total === 0) {
      notes.push(h('p', { class: 'stat-share', text: t('statistics.out_of_hours_none') }));
    } else {
      notes.push(h('p', { class: 'stat-share', text: t('statistics.out_of_hours_hidden') }));
    }
  }
  if (tb.id === 'shelter_occupancy') notes.push(h('p', { class: 'hint', text: t('statistics.occupancy_note') }));
  else if (!tb.margins) notes.push(h('p', { class: 'hint', text: t('statistics.no_totals') }));
  return notes;
}

function tableBlock(tb, width) {
  return h('article', { class: 'stat-table', 'data-table': tb.id },
    h('h3', { text: textOf(tb.title) }),
    chartOf(tb, width),
    tableOf(tb),
    notesOf(tb));
}

// ---- the screen

export function render() {
  const box = notice();
  const enums = enumsNow();
  const [defFrom, defTo] = periodOf('this_year');
  const now = warsaw(Date.now());

  const anyOpt = [['', t('statistics.any')]];
  const f = {
    from: field({ id: 'st-from', name: 'from', type: 'date', label: t('statistics.from'), required: true, value: defFrom }),
    to: field({ id: 'st-to', name: 'to', type: 'date', label: t('statistics.to'), required: true, value: defTo }),
    channel: field({ id: 'st-channel', name: 'channel', type: 'select', label: t('statistics.channel'),
      options: enums ? anyOpt.concat(options('channel')) : anyOpt }),
    inquirer: field({ id: 'st-inquirer', name: 'inquirer', type: 'select', label: t('statistics.inquirer'),
      options: enums ? anyOpt.concat(options('inquirer')) : anyOpt }),
    urgency: field({ id: 'st-urgency', name: 'urgency', type: 'select', label: t('statistics.urgency'),
      options: enums ? anyOpt.concat(options('urgency')) : anyOpt }),
    out_of_hours: field({ id: 'st-hours', name: 'out_of_hours', type: 'select', label: t('statistics.hours'),
      options: [['', t('statistics.any')], ['false', t('statistics.hours_office')], ['true', t('statistics.hours_out')]] }),
  };
  const suppress = h('input', { type: 'checkbox', id: 'st-suppress', name: 'suppress' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'show', text: t('statistics.show') });

  const quick = h('div', { class: 'chips stat-quick', role: 'group', 'aria-label': t('statistics.quick') },
    [['this_year', t('statistics.this_year')], ['last_year', t('statistics.last_year')],
      ['this_quarter', t('statistics.this_quarter')], ['last_12_months', t('statistics.last_12_months')]]
      .map(([k, text]) => h('button', {
        type: 'button', class: 'btn btn-small', 'data-period': k, text,
        onclick: () => {
          const [a, b] = periodOf(k);
          f.from.input.value = a;
          f.to.input.value = b;
          form.requestSubmit();
        },
      })));

  const form = h('form', { class: 'filters', id: 'st-form', novalidate: true },
    h('fieldset', { class: 'period' },
      h('legend', { text: t('statistics.period_legend') }),
      h('div', { class: 'filter-grid' }, f.from.el, f.to.el),
      quick),
    h('fieldset', { class: 'period' },
      h('legend', { text: t('statistics.filters') }),
      h('p', { class: 'hint', text: t('statistics.filters_hint') }),
      h('div', { class: 'filter-grid' }, f.channel.el, f.inquirer.el, f.urgency.el, f.out_of_hours.el)),
    h('div', { class: 'check' }, suppress, h('label', { for: 'st-suppress', text: t('statistics.suppress') })),
    h('div', { class: 'actions' }, submit));

  const results = h('div', { id: 'st-results', class: 'stat-results', 'aria-live': 'polite' });

  // the query typed in, or null (the fields are marked)
  const read = () => {
    const q = {};
    for (const k of ['from', 'to', 'channel', 'inquirer', 'urgency', 'out_of_hours']) q[k] = f[k].input.value.trim();
    let ok = true;
    for (const k of ['from', 'to']) {
      if (!DATE_RE.test(q[k])) {
        f[k].setError(t('statistics.date_needed'));
        ok = false;
      }
    }
    if (ok && q.from > q.to) {
      f.to.setError(t('statistics.to_before_from'));
      ok = false;
    }
    if (!ok) {
      box.error(t('error.form_has_errors'));
      (f.from.input.getAttribute('aria-invalid') ? f.from : f.to).input.focus();
      return null;
    }
    if (suppress.checked) q.suppress = 'true';
    return q;
  };

  const filtersText = (q) => {
    const parts = [];
    if (q.channel) parts.push(t('statistics.channel') + ': ' + label('channel', q.channel));
    if (q.inquirer) parts.push(t('statistics.inquirer') + ': ' + label('inquirer', q.inquirer));
    if (q.urgency) parts.push(t('statistics.urgency') + ': ' + label('urgency', q.urgency));
    if (q.out_of_hours) {
      parts.push(t('statistics.hours') + ': ' +
        (q.out_of_hours === 'true' ? t('statistics.hours_out') : t('statistics.hours_office')));
    }
    return parts.length ? parts.join('; ') : t('statistics.no_filters');
  };

  const draw = (r, q) => {
    // the charts are drawn for the width of a section's box (its padding
    // and border off), measured while the box still shows something
    const width = results.clientWidth > 0 ? results.clientWidth - 44 : 640;
    clear(results);
    const csvQuery = { from: q.from, to: q.to, channel: q.channel, inquirer: q.inquirer, urgency: q.urgency,
      out_of_hours: q.out_of_hours, lang: lang() };
    const tables = Array.isArray(r.tables) ? r.tables : [];
    put(results,
      h('section', { class: 'card stat-head' },
        h('h2', { id: 'st-period', text: t('statistics.period_text', { from: dateText(r.query.from), to: dateText(r.query.to) }) }),
        h('p', { 'data-filters': '', text: filtersText(q) }),
        r.threshold ? h('p', { class: 'hint', text: t('statistics.suppressed', { n: r.threshold }) }) : null,
        h('div', { class: 'actions' },
          h('a', {
            class: 'btn', 'data-action': 'csv', download: '', text: t('statistics.csv'),
            href: '/api/v1/statistics/csv' + api.query(csvQuery),
          }),
          h('span', { class: 'hint', text: t('statistics.csv_hint') }))),
      SECTIONS.map((s) => {
        const mine = tables.filter((tb) => tb.section === s);
        if (!mine.length) return null;
        return h('section', { class: 'card stat-section', 'data-section': s, 'aria-labelledby': 'st-sec-' + s },
          h('h2', { id: 'st-sec-' + s, text: sectionTitle(s) }),
          mine.map((tb) => tableBlock(tb, width)));
      }));
    // months that do not fit: the latest ones in view
    for (const el of results.querySelectorAll('.chart-scroll')) {
      if (el.querySelector('.chart-wide')) el.scrollLeft = el.scrollWidth;
    }
  };

  let asked = 0;
  const load = async () => {
    clearErrors(box, f);
    const q = read();
    if (!q) return;
    asked += 1;
    const mine = asked;
    results.setAttribute('aria-busy', 'true');
    clear(results);
    results.appendChild(h('p', { class: 'muted', role: 'status', text: t('common.loading') }));
    try {
      const r = await api.get('/api/v1/statistics' + api.query(q));
      if (mine !== asked) return;
      draw(r, q);
      announce(t('statistics.loaded'));
    } catch (e) {
      if (mine !== asked) return;
      clear(results);
      showError(e, box, f, { from: t('statistics.date_needed'), to: t('statistics.period_invalid') });
    } finally {
      if (mine === asked) results.removeAttribute('aria-busy');
    }
  };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(submit, load);
  });

  // the annual report (its downloads are built by the report's own code)
  const year = field({ id: 'st-year', name: 'year', type: 'number', label: t('statistics.report_year'),
    value: now.y - 1, min: 2000, max: now.y, step: 1, inputmode: 'numeric' });
  const links = REPORT_FORMATS.map((fmt) => h('a', { class: 'btn', 'data-report': fmt, download: '', text: formatName(fmt) }));
  const syncReport = () => {
    const y = year.input.value.trim();
    const ok = /^\d{4}$/.test(y);
    links.forEach((a, i) => {
      if (ok) {
        a.href = '/api/v1/reports/annual' + api.query({ year: y, format: REPORT_FORMATS[i], lang: lang() });
        a.removeAttribute('aria-disabled');
      } else {
        a.removeAttribute('href');
        a.setAttribute('aria-disabled', 'true');
      }
    });
    return ok;
  };
  year.input.addEventListener('input', syncReport);
  year.input.addEventListener('change', syncReport);
  for (const a of links) {
    a.addEventListener('click', (ev) => {
      if (!syncReport()) {
        ev.preventDefault();
        year.setError(t('statistics.year_needed'));
        year.input.focus();
      }
    });
  }
  syncReport();
  const report = h('section', { class: 'card stat-report no-print', id: 'st-report' },
    h('h2', { text: t('statistics.report') }),
    h('p', { class: 'hint', text: t('statistics.report_hint') }),
    h('div', { class: 'stat-report-row' }, year.el,
      h('div', { class: 'actions', role: 'group', 'aria-label': t('statistics.report_formats') }, links)));

  // The first numbers: once the enumerations are there, with what the form
  // holds then (a re-render has put back what was typed).
  loadEnums().then(() => {
    if (!enums) {
      for (const k of ['channel', 'inquirer', 'urgency']) {
        for (const [v, l] of options(k)) f[k].input.appendChild(h('option', { value: v, text: l }));
      }
    }
    syncReport();
    return load();
  }).catch((e) => showError(e, box, f));

  return h('div', { class: 'page page-statistics' },
    heading(t('statistics.heading')),
    h('p', { class: 'lead no-print', text: t('statistics.lead') }),
    box.el,
    h('section', { class: 'card no-print', 'aria-label': t('statistics.query') }, form),
    report,
    results);
}
