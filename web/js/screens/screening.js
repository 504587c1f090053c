// The identification screening of a case (#/cases/ID/screening/SID), made
// to be used during a phone call: one question at a time, in big type, with
// the answers on keys (Y yes, N no, U unknown, R refused; ← → and PageUp /
// PageDown to move), or all the indicators of the list at once as a dense
// checklist.  Every answer is saved at once (PATCH with the version read),
// so a screening left half-way goes on where it stopped: at the first
// unanswered question.  Beside the questions, the tool's reading as the
// server computes it after each answer: its verdict, the positive
// dimensions and the indicators that made them so.  The consultant records
// their own conclusion; the tool never decides for them.
//
// At the top: the person's languages and whether an interpreter is needed,
// and the WHO principles for interviewing, to open.

import * as api from '../api.js';
import { t, lang } from '../i18n.js';
import {
  h, clear, field, notice, errorText, busy, heading, announce,
} from '../dom.js';
import { loadEnums, label } from '../hotline.js';
import { caseHref, personHref, statusChip, dateTimeText } from '../casefile.js';
import {
  ANSWERS, VERDICTS, listName, verdictName, verdictBadge, answerName, loadCatalogue, tx, listIndicators,
  dimensionOf, gradeBadge, isChildList, whoPrinciples, screeningHref,
} from '../screening.js';

const KEYS = { yes: 'y', no: 'n', unknown: 'u', refused: 'r' };
const BY_KEY = { y: 'yes', n: 'no', u: 'unknown', r: 'refused' };
const MODE_KEY = 'haven.screening.mode';

function savedMode() {
  try {
    return window.localStorage.getItem(MODE_KEY) === 'list' ? 'list' : 'one';
  } catch (e) {
    return 'one';
  }
}

function keepMode(m) {
  try {
    window.localStorage.setItem(MODE_KEY, m);
  } catch (e) {
    // private mode: the choice lasts for this page only
  }
}

const sleep = (msv) => new Promise((resolve) => { window.setTimeout(resolve, msv); });

function languageName(code) {
  try {
    const n = new Intl.DisplayNames([lang()], { type: 'language' }).of(code);
    return n && n !== code ? n + ' (' + code + ')' : code;
  } catch (e) {
    return code;
  }
}

export function renderScreening(caseId, sid) {
  const box = notice();
  const titleEl = heading(t('screening.title'));
  const back = h('a', { href: caseHref(caseId), class: 'back-link', 'data-action': 'back-to-case', text: t('screening.back') });
  const headEl = h('div', { class: 'screening-head', 'aria-busy': 'true' }, h('p', { class: 'muted', text: t('common.loading') }));
  const supportEl = h('section', { class: 'card interview-support', id: 'interview', 'aria-labelledby': 'iv-title' });
  const toolbar = h('div', { class: 'screening-toolbar', hidden: true });
  const workEl = h('section', { class: 'card screening-work', id: 'screening-work', 'aria-label': t('screening.questions') });
  const explainEl = h('aside', { class: 'card screening-explain', id: 'explain', 'aria-labelledby': 'ex-title' });
  const finishEl = h('section', { class: 'card screening-finish', id: 'finish', 'aria-labelledby': 'sc-finish-title', hidden: true });
  const layout = h('div', { class: 'screening-layout', hidden: true },
    h('div', { class: 'screening-main' }, workEl, finishEl), explainEl);

  let c = null;             // the case
  let s = null;             // the screening as the server last answered
  let cat = null;           // its catalogue version
  let questions = [];       // [{id, text, label, dim, ind}]
  let local = {};           // the answers on screen (saved or being saved)
  let pending = {};         // answers not sent yet
  let inflight = false;
  let saveState = 'saved';
  let mode = savedMode();
  let index = 0;

  const root = h('div', { class: 'page page-wide page-screening', 'data-screening-page': String(sid) },
    back,
    h('div', { class: 'page-head' }, titleEl),
    headEl, supportEl, box.el, toolbar, layout);

  const spath = (more) => '/api/v1/screenings/' + encodeURIComponent(sid) + (more || '');
  const draft = () => s && s.status === 'draft';
  const total = () => questions.length;
  const answered = () => questions.filter((q) => local[q.id]).length;
  const firstUnanswered = () => {
    const i = questions.findIndex((q) => !local[q.id]);
    return i < 0 ? questions.length : i;
  };

  // ---- the saving of answers, one request at a time

  const saveLine = h('p', { class: 'save-state', 'data-save-state': 'saved', 'aria-live': 'polite' });
  const setSave = (st) => {
    saveState = st;
    saveLine.dataset.saveState = st;
    clear(saveLine);
    if (st === 'error') {
      const retry = h('button', { type: 'button', class: 'btn btn-small btn-link', 'data-action': 'retry-save', text: t('screening.retry') });
      retry.addEventListener('click', () => flush());
      saveLine.append(h('span', { text: t('screening.save_error') }), ' ', retry);
    } else {
      saveLine.textContent = t('screening.save_' + st);
    }
    explainEl.setAttribute('aria-busy', st === 'saving' ? 'true' : 'false');
  };

  const reloadScreening = async () => {
    const r = await api.get(spath());
    s = r.screening;
    local = Object.assign({}, s.answers || {});
    pending = {};
  };

  const flush = async () => {
    if (inflight || !s || Object.keys(pending).length === 0) return;
    const batch = pending;
    pending = {};
    inflight = true;
    setSave('saving');
    let again = true;
    try {
      const r = await api.patch(spath(), { answers: batch, version: s.version });
      s = r.screening;
      // what was answered meanwhile stays as it is on screen
      local = Object.assign({}, s.answers || {}, pending);
      for (const [k, v] of Object.entries(pending)) if (v === null) delete local[k];
    } catch (e) {
      if (e.status === 409 || e.status === 422) {
        try {
          await reloadScreening();
        } catch (e2) {
          // shown below
        }
        box.error(e.status === 409 ? t('screening.conflict') : t('screening.refused_answer'));
        again = false;
        drawAll();
      } else {
        pending = Object.assign(batch, pending);
        inflight = false;
        setSave('error');
        box.error(errorText(e));
        return;
      }
    }
    inflight = false;
    if (again && Object.keys(pending).length) {
      flush();
      return;
    }
    setSave('saved');
    drawExplain();
    drawProgress();
    updateFinish();
  };

  // Wait until every answer typed is saved.
  const idle = async () => {
    for (let i = 0; i < 600 && (inflight || Object.keys(pending).length); i++) {
      if (!inflight) flush();
      await sleep(50);
    }
  };

  const answer = (id, value) => {
    if (!draft()) return;
    if (value === null) delete local[id];
    else local[id] = value;
    pending[id] = value;
    setSave('saving');
    updateFinish();
    flush();
  };

  // ---- the header and the interview support

  const drawHead = () => {
    clear(headEl);
    headEl.removeAttribute('aria-busy');
    titleEl.textContent = t('screening.title_list', { list: listName(s.list) });
    headEl.append(h('p', { class: 'case-sub screening-sub' },
      h('a', { href: caseHref(c.id), class: 'case-ref', text: c.reference }),
      h('a', { href: personHref(c.person.id), class: 'pseudonym', text: c.person.pseudonym }),
      statusChip(c.status),
      h('span', {
        class: ['badge', 'screening-status', 'screening-' + s.status], 'data-screening-status': s.status,
        text: t('screening.status_' + s.status),
      }),
      h('span', { class: 'muted', text: t('screening.catalogue_version', { version: s.catalogue_version }) })));
  };

  // the reminder is made once: drawing the languages again keeps it open
  const who = whoPrinciples();

  const drawSupport = (person, contact) => {
    clear(supportEl);
    const langs = person && Array.isArray(person.languages) ? person.languages : null;
    let need;
    let needText;
    if (person === undefined) {
      need = 'loading';
      needText = t('common.loading');
    } else if (contact && contact.interpreter) {
      need = 'needed';
      needText = contact.language ? t('interview.interpreter_used_lang', { language: languageName(contact.language) })
        : t('interview.interpreter_used');
    } else if (!langs || langs.length === 0) {
      need = 'unknown';
      needText = t('interview.interpreter_unknown');
    } else if (!langs.includes('pl')) {
      need = 'needed';
      needText = t('interview.interpreter_needed');
    } else {
      need = 'not_needed';
      needText = t('interview.interpreter_not_needed');
    }
    supportEl.append(
      h('h2', { id: 'iv-title', class: 'h-small', text: t('interview.title') }),
      h('dl', { class: 'facts interview-facts' },
        h('div', { 'data-fact': 'languages' }, h('dt', { text: t('interview.languages') }),
          h('dd', { 'data-languages': (langs || []).join(','), text: person === undefined ? t('common.loading') : langs && langs.length ? langs.map(languageName).join(', ') : t('interview.languages_none') })),
        h('div', { 'data-fact': 'interpreter' }, h('dt', { text: t('interview.interpreter') }),
          h('dd', { 'data-interpreter': need, class: need === 'needed' ? 'interpreter-needed' : '' }, needText))),
      who);
  };

  // The person's languages (the register row: no identity is read) and the
  // last linked contact's interpreter, when there is one.
  const loadSupport = async () => {
    let person = null;
    let contact = null;
    try {
      const r = await api.get('/api/v1/persons' + api.query({ q: c.person.pseudonym, limit: 5 }));
      person = (r.persons || []).find((p) => p.id === c.person.id) || null;
    } catch (e) {
      person = null;
    }
    try {
      const r = await api.get('/api/v1/cases/' + encodeURIComponent(c.id) + '/timeline');
      const ev = (r.events || []).find((x) => x.contact_id);
      if (ev) contact = (await api.get('/api/v1/contacts/' + encodeURIComponent(ev.contact_id))).contact;
    } catch (e) {
      contact = null;
    }
    drawSupport(person, contact);
  };

  // ---- the mode: one question at a time, or the checklist

  const drawToolbar = () => {
    clear(toolbar);
    toolbar.hidden = false;
    if (!draft()) {
      toolbar.append(saveLine);
      return;
    }
    const btn = (m) => {
      const b = h('button', {
        type: 'button', class: ['btn', 'btn-small', 'mode-btn', mode === m ? 'is-on' : ''], 'data-mode': m,
        'aria-pressed': mode === m ? 'true' : 'false', text: t('screening.mode_' + m),
      });
      b.addEventListener('click', () => {
        if (mode === m) return;
        mode = m;
        keepMode(m);
        if (m === 'one') index = firstUnanswered();
        drawToolbar();
        drawWork();
        const again = toolbar.querySelector('[data-mode="' + m + '"]');
        if (again) again.focus();
      });
      return b;
    };
    toolbar.append(h('div', { class: 'mode-switch', role: 'group', 'aria-label': t('screening.mode') }, btn('one'), btn('list')), saveLine);
  };

  // ---- one question at a time

  let q = null;   // the parts of the question card, made once

  const makeCard = () => {
    const meta = h('p', { class: 'q-meta' });
    const progress = h('progress', { class: 'q-progress', max: 1, value: 0 });
    const progressText = h('span', { class: 'q-progress-text' });
    const text = h('p', { class: 'q-text', id: 'q-text', 'aria-live': 'polite' });
    const lbl = h('p', { class: 'q-label muted' });
    const grades = h('p', { class: 'q-grades' });
    const buttons = ANSWERS.map((a) => {
      const b = h('button', {
        type: 'button', class: ['btn', 'btn-answer', 'answer-' + a], 'data-answer': a, 'aria-pressed': 'false',
        'aria-keyshortcuts': KEYS[a].toUpperCase(),
      }, h('span', { class: 'answer-text', text: answerName(a) }), h('kbd', { text: KEYS[a].toUpperCase() }));
      b.addEventListener('click', () => {
        const cur = questions[index];
        if (!cur) return;
        answer(cur.id, a);
        goTo(index + 1);
      });
      return b;
    });
    const prev = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'prev-question', 'aria-keyshortcuts': 'PageUp ArrowLeft', text: t('screening.prev') });
    const next = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'next-question', 'aria-keyshortcuts': 'PageDown ArrowRight', text: t('screening.next') });
    const clearBtn = h('button', { type: 'button', class: 'btn btn-small btn-link', 'data-action': 'clear-answer', text: t('screening.clear_answer') });
    const firstBtn = h('button', { type: 'button', class: 'btn btn-small btn-link', 'data-action': 'first-unanswered', text: t('screening.first_unanswered') });
    prev.addEventListener('click', () => goTo(index - 1));
    next.addEventListener('click', () => goTo(index + 1));
    clearBtn.addEventListener('click', () => {
      const cur = questions[index];
      if (cur) answer(cur.id, null);
      drawQuestion();
    });
    firstBtn.addEventListener('click', () => goTo(firstUnanswered()));
    const ask = h('div', { class: 'q-ask' }, meta, text, lbl, grades,
      h('div', { class: 'answer-buttons', role: 'group', 'aria-labelledby': 'q-text' }, buttons),
      h('p', { class: 'q-answer-now', 'aria-live': 'polite' }));
    const end = h('div', { class: 'q-end', hidden: true },
      h('p', { class: 'q-text q-end-text', 'data-all-asked': '' }),
      h('div', { class: 'actions' }, (() => {
        const go = h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'to-conclusion', text: t('screening.to_conclusion') });
        go.addEventListener('click', () => {
          const el = document.getElementById('sc-finish-title');
          if (el) {
            el.scrollIntoView({ block: 'start' });
            el.focus({ preventScroll: true });
          }
        });
        return go;
      })()));
    const card = h('div', { class: 'question-card', id: 'question' },
      h('div', { class: 'q-progress-line' }, progress, progressText),
      ask, end,
      h('div', { class: 'q-nav actions' }, prev, next, clearBtn, firstBtn),
      h('p', { class: 'hint q-keys', text: t('screening.keys_hint') }));
    q = { card, meta, progress, progressText, text, lbl, grades, buttons, prev, next, clearBtn, firstBtn, ask, end };
    return card;
  };

  const drawProgress = () => {
    if (!q) return;
    const n = answered();
    q.progress.max = Math.max(1, total());
    q.progress.value = n;
    q.progressText.textContent = t('screening.answered_n', { n, total: total() });
    q.card.dataset.answered = String(n);
  };

  const drawQuestion = () => {
    if (!q) return;
    drawProgress();
    const cur = questions[index] || null;
    q.card.dataset.index = String(index);
    q.card.dataset.question = cur ? cur.id : '';
    q.prev.disabled = index <= 0;
    q.next.disabled = index >= total();
    q.ask.hidden = !cur;
    q.end.hidden = !!cur;
    q.firstBtn.hidden = firstUnanswered() === index || firstUnanswered() >= total();
    if (!cur) {
      const left = total() - answered();
      q.end.querySelector('.q-end-text').textContent = left ? t('screening.end_left', { n: left }) : t('screening.end_all');
      q.card.dataset.currentAnswer = '';
      q.clearBtn.hidden = true;
      return;
    }
    q.meta.textContent = t('screening.question_of', { n: index + 1, total: total() }) + ' · ' +
      (cur.dim ? tx(cur.dim) : t('screening.act_dimension'));
    q.text.textContent = cur.text;
    q.lbl.textContent = cur.label || '';
    q.lbl.hidden = !cur.label;
    clear(q.grades);
    if (cur.ind) q.grades.append(...gradeBadge(cur.ind, s.list).filter(Boolean));
    const now = local[cur.id] || '';
    q.card.dataset.currentAnswer = now;
    for (const b of q.buttons) {
      const on = b.dataset.answer === now;
      b.setAttribute('aria-pressed', on ? 'true' : 'false');
      b.classList.toggle('is-on', on);
    }
    q.clearBtn.hidden = !now;
    q.ask.querySelector('.q-answer-now').textContent = now ? t('screening.answer_now', { answer: answerName(now) }) : '';
  };

  const goTo = (i) => {
    index = Math.max(0, Math.min(total(), i));
    drawQuestion();
  };

  // ---- the checklist: every indicator, by dimension

  const checklist = () => {
    const readOnly = !draft();
    const row = (qq) => {
      const name = 'cl-' + qq.id;
      const now = local[qq.id] || '';
      const radios = ANSWERS.map((a) => {
        const id = name + '-' + a;
        const input = h('input', { type: 'radio', name, id, value: a, checked: now === a, disabled: readOnly });
        input.addEventListener('change', () => {
          if (input.checked) {
            answer(qq.id, a);
            rowEl.dataset.currentAnswer = a;
          }
        });
        return h('span', { class: 'choice cl-choice', 'data-answer': a }, input, h('label', { for: id, text: answerName(a) }));
      });
      const rowEl = h('fieldset', { class: 'cl-row', 'data-question': qq.id, 'data-current-answer': now },
        h('legend', { class: 'cl-q' }, h('span', { class: 'cl-label', text: qq.label || qq.text }),
          qq.ind ? [' ', gradeBadge(qq.ind, s.list)] : null),
        qq.label ? h('p', { class: 'cl-question hint', text: qq.text }) : null,
        h('div', { class: 'radio-choices cl-choices' }, radios));
      return rowEl;
    };
    const groups = [];
    const act = questions.filter((x) => !x.dim);
    if (act.length) {
      groups.push(h('section', { class: 'cl-dim', 'data-dimension': 'act' },
        h('h3', { text: t('screening.act_dimension') }), act.map(row)));
    }
    for (const d of (cat.dimensions || [])) {
      const qs = questions.filter((x) => x.dim && x.dim.code === d.code);
      if (!qs.length) continue;
      groups.push(h('section', { class: 'cl-dim', 'data-dimension': d.code },
        h('h3', { text: tx(d) }), qs.map(row)));
    }
    return h('div', { class: 'checklist', id: 'checklist' }, groups);
  };

  // A completed screening's answers, to read: by dimension, each indicator
  // with its answer.
  const answersList = () => {
    const item = (qq) => {
      const a = local[qq.id] || '';
      return h('li', { 'data-question': qq.id, 'data-current-answer': a, class: 'ans-' + (a || 'none') },
        h('span', { class: 'ans-label', text: qq.label || qq.text }),
        qq.ind ? [' ', gradeBadge(qq.ind, s.list)] : null,
        h('span', { class: ['badge', 'answer-badge', 'answer-badge-' + (a || 'none')], text: a ? answerName(a) : t('screening.no_answer') }));
    };
    const groups = [];
    const act = questions.filter((x) => !x.dim);
    if (act.length) groups.push(h('section', { class: 'cl-dim', 'data-dimension': 'act' }, h('h3', { text: t('screening.act_dimension') }), h('ul', { class: 'ans-list' }, act.map(item))));
    for (const d of (cat.dimensions || [])) {
      const qs = questions.filter((x) => x.dim && x.dim.code === d.code);
      if (qs.length) groups.push(h('section', { class: 'cl-dim', 'data-dimension': d.code }, h('h3', { text: tx(d) }), h('ul', { class: 'ans-list' }, qs.map(item))));
    }
    return h('div', { class: 'checklist answers-read', id: 'answers' }, groups);
  };

  const drawWork = () => {
    clear(workEl);
    q = null;
    if (!draft()) {
      workEl.append(h('h2', { class: 'h-small', text: t('screening.answers') }),
        h('p', { class: 'hint', text: t('screening.answers_hint') }), answersList());
      return;
    }
    if (mode === 'one') {
      workEl.append(h('h2', { class: 'visually-hidden', text: t('screening.mode_one') }), makeCard());
      drawQuestion();
    } else {
      workEl.append(h('h2', { class: 'h-small', text: t('screening.mode_list') }),
        h('p', { class: 'hint', text: t('screening.list_hint') }), checklist());
    }
  };

  // ---- the tool's reading

  const drawExplain = () => {
    clear(explainEl);
    const res = (s && s.result) || {};
    const dims = Array.isArray(res.dimensions) ? res.dimensions : [];
    const positive = dims.filter((d) => d.positive);
    const indName = (id) => {
      const ind = (cat.indicators || []).find((x) => x.id === id);
      return ind ? tx(ind.label) : id;
    };
    const groups = res.groups || {};
    const explanation = res.explanation ? tx(res.explanation) : '';
    explainEl.dataset.toolVerdict = res.verdict || '';
    explainEl.append(
      h('h2', { id: 'ex-title', class: 'h-small', text: t('screening.tool_title') }),
      h('p', { class: 'tool-verdict', 'aria-live': 'polite' }, t('screening.tool_says'), ' ',
        verdictBadge(res.verdict, { 'data-tool-verdict': res.verdict || '' })),
      h('ul', { class: 'tool-groups' }, ['recruitment', 'exploitation', 'destination'].map((g) => h('li', {
        class: groups[g] ? 'is-positive' : '', 'data-group': g, 'data-positive': groups[g] ? 'true' : 'false',
      }, h('span', { class: 'tick', 'aria-hidden': 'true', text: groups[g] ? '✓' : '·' }),
      t('screening.group_' + g) + ': ' + (groups[g] ? t('screening.positive') : t('screening.not_positive'))))),
      positive.length ? h('div', { class: 'tool-dims' },
        h('h3', { class: 'h-small', text: t('screening.positive_dims') }),
        h('ul', { class: 'tool-dim-list' }, positive.map((d) => {
          const dim = dimensionOf(cat, d.code);
          return h('li', { 'data-dimension': d.code },
            h('span', { class: 'tool-dim-name', text: dim ? tx(dim) : d.code }),
            h('ul', { class: 'tool-ind-list' }, (d.indicators || []).map((i) => h('li', { 'data-indicator': i.id },
              indName(i.id), ' ', h('span', { class: ['badge', 'grade', 'grade-' + i.grade], text: t('screening.grade_' + i.grade) })))));
        })))
        : h('p', { class: 'muted tool-none', text: t('screening.no_positive') }),
      explanation ? h('p', { class: 'tool-explanation', 'data-explanation': '', text: explanation }) : null,
      typeof res.unanswered === 'number' ? h('p', { class: 'muted', 'data-unanswered': String(res.unanswered) },
        t('screening.unanswered_n', { n: res.unanswered })) : null,
      h('p', { class: 'callout callout-key tool-note', text: t('screening.tool_never_decides') }));
  };

  // ---- the consultant's conclusion

  let fin = null;   // the parts of the conclusion form that follow the answers

  const updateFinish = () => {
    if (!fin) return;
    const cur = s.result ? s.result.verdict : null;
    clear(fin.toolEl);
    fin.toolEl.append(t('screening.tool_verdict_now'), ' ', verdictBadge(cur));
    const left = total() - answered();
    fin.leftEl.hidden = left === 0;
    fin.leftEl.dataset.left = String(left);
    fin.leftEl.textContent = t('screening.left_warning', { n: left });
    fin.sync();
  };

  const drawFinish = () => {
    clear(finishEl);
    finishEl.hidden = false;
    fin = null;
    const fbox = notice();
    if (!draft()) {
      drawCompleted(fbox);
      return;
    }
    const radios = VERDICTS.map((v) => {
      const id = 'sc-conclusion-' + v;
      const input = h('input', { type: 'radio', name: 'sc-conclusion', id, value: v });
      input.addEventListener('change', () => sync());
      return { input, el: h('div', { class: 'choice' }, input, h('label', { for: id, text: verdictName(v) })) };
    });
    const conclErr = h('p', { class: 'field-error', id: 'sc-conclusion-error', hidden: true });
    const reason = field({ id: 'sc-reason', name: 'reason', type: 'textarea', rows: 3, label: t('screening.reason'), hint: t('screening.reason_hint'), maxLength: 2000 });
    const notes = field({ id: 'sc-notes', name: 'notes', type: 'textarea', rows: 3, label: t('screening.notes'), maxLength: 4000, value: s.notes || '' });
    const agreeLine = h('p', { class: 'agree-line', 'aria-live': 'polite' });
    const toolEl = h('p', { class: 'conclusion-tool' });
    const leftEl = h('p', { class: 'callout callout-warn unanswered-warn' });
    const done = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'complete-screening', text: t('screening.complete') });
    const chosen = () => (radios.find((r) => r.input.checked) || { input: { value: '' } }).input.value;
    const sync = () => {
      const v = chosen();
      const cur = s.result ? s.result.verdict : null;
      clear(agreeLine);
      if (!v) {
        agreeLine.removeAttribute('data-agrees');
        reason.el.classList.remove('is-required');
        return;
      }
      const agrees = v === cur;
      agreeLine.dataset.agrees = agrees ? 'true' : 'false';
      agreeLine.textContent = agrees ? t('screening.you_agree') : t('screening.you_disagree', { verdict: verdictName(cur) });
      reason.el.classList.toggle('is-required', !agrees);
    };
    const form = h('form', { class: 'stack conclusion-form', novalidate: true },
      toolEl,
      h('fieldset', { class: 'group conclusion-group', 'aria-describedby': 'sc-conclusion-error' },
        h('legend', { text: t('screening.your_conclusion') }),
        h('div', { class: 'choice-grid cols-3' }, radios.map((r) => r.el)), conclErr),
      agreeLine, reason.el, notes.el, leftEl, fbox.el,
      h('div', { class: 'actions' }, done));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      fbox.clear();
      conclErr.hidden = true;
      reason.clearError();
      const v = chosen();
      if (!v) {
        conclErr.textContent = t('screening.conclusion_needed');
        conclErr.hidden = false;
        radios[0].input.focus();
        return;
      }
      busy(done, async () => {
        await idle();
        const cur = s.result ? s.result.verdict : null;
        const why = reason.input.value.trim();
        if (v !== cur && why === '') {
          sync();
          reason.setError(t('screening.reason_needed', { verdict: verdictName(cur) }));
          reason.input.focus();
          return;
        }
        try {
          const n = notes.input.value.trim();
          if (n !== (s.notes || '')) {
            const r1 = await api.patch(spath(), { notes: n === '' ? null : n, version: s.version });
            s = r1.screening;
          }
          const r = await api.post(spath('/complete'), { conclusion: v, reason: why === '' ? null : why, version: s.version });
          s = r.screening;
          local = Object.assign({}, s.answers || local);
          drawAll();
          announce(t('screening.completed'));
          box.success(t('screening.completed'));
          const el = document.getElementById('sc-finish-title');
          if (el) el.focus();
        } catch (e) {
          if (e.status === 409) {
            try {
              await reloadScreening();
            } catch (e2) {
              // the notice says enough
            }
            drawAll();
            box.error(t('screening.conflict'));
            return;
          }
          if (e.field === 'reason') {
            reason.setError(t('screening.reason_needed', { verdict: verdictName(cur) }));
            reason.input.focus();
            return;
          }
          if (e.field === 'conclusion') {
            conclErr.textContent = t('screening.conclusion_needed');
            conclErr.hidden = false;
            return;
          }
          fbox.error(errorText(e));
        }
      });
    });
    finishEl.append(
      h('h2', { id: 'sc-finish-title', tabIndex: -1, text: t('screening.your_conclusion_title') }),
      h('p', { class: 'hint', text: t('screening.conclusion_hint') }),
      form);
    fin = { toolEl, leftEl, sync };
    updateFinish();
  };

  const drawCompleted = (fbox) => {
    const tool = s.result ? s.result.verdict : null;
    const agrees = s.agrees === null || s.agrees === undefined ? s.conclusion === tool : s.agrees;
    const parts = [
      h('h2', { id: 'sc-finish-title', tabIndex: -1, text: t('screening.conclusion_title') }),
      h('dl', { class: 'facts conclusion-facts', 'data-completed': '' },
        h('div', { 'data-fact': 'tool' }, h('dt', { text: t('screening.tool_verdict') }), h('dd', null, verdictBadge(tool))),
        h('div', { 'data-fact': 'conclusion' }, h('dt', { text: t('screening.your_conclusion') }),
          h('dd', null, verdictBadge(s.conclusion, { 'data-conclusion': s.conclusion || '' }))),
        h('div', { 'data-fact': 'agrees' }, h('dt', { text: t('screening.agreement') }),
          h('dd', null, h('span', {
            class: ['badge', agrees ? 'badge-ok' : 'badge-warn'], 'data-agrees': agrees ? 'true' : 'false',
            text: agrees ? t('screening.agrees') : t('screening.disagrees'),
          }))),
        s.reason ? h('div', { 'data-fact': 'reason' }, h('dt', { text: t('screening.reason_short') }), h('dd', { class: 'prewrap', text: s.reason })) : null,
        s.notes ? h('div', { 'data-fact': 'notes' }, h('dt', { text: t('screening.notes') }), h('dd', { class: 'prewrap', text: s.notes })) : null,
        h('div', { 'data-fact': 'completed' }, h('dt', { text: t('screening.completed_at') }),
          h('dd', { text: [s.completed_by ? s.completed_by.username : '', dateTimeText(s.completed_at)].filter(Boolean).join(', ') }))),
    ];
    const positive = s.conclusion === 'victim' || s.conclusion === 'possible';
    if (positive && c.status === 'preliminary_verification') {
      const move = h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'provisional', text: t('screening.move_provisional') });
      move.addEventListener('click', () => busy(move, async () => {
        fbox.clear();
        try {
          // completing the screening changed the case (its time line): the
          // version to send is the one read now
          c = (await api.get('/api/v1/cases/' + encodeURIComponent(c.id))).case;
          if (c.status !== 'preliminary_verification') {
            drawHead();
            drawFinish();
            return;
          }
          const r = await api.post('/api/v1/cases/' + encodeURIComponent(c.id) + '/status', { status: 'provisional_identification', version: c.version });
          c = r.case;
          drawHead();
          drawFinish();
          box.success(t('screening.moved_provisional'));
          announce(t('screening.moved_provisional'));
          const el = document.getElementById('sc-finish-title');
          if (el) el.focus();
        } catch (e) {
          if (e.status === 409) {
            try {
              c = (await api.get('/api/v1/cases/' + encodeURIComponent(c.id))).case;
            } catch (e2) {
              // shown below
            }
            drawHead();
            drawFinish();
            box.error(t('case.conflict'));
            return;
          }
          fbox.error(e.status === 422 ? t('case.illegal_transition') : errorText(e));
        }
      }));
      parts.push(h('div', { class: 'callout callout-key provisional-offer', 'data-provisional-offer': '' },
        h('p', { class: 'confirm-q', text: t('screening.provisional_q') }),
        h('p', { text: t('screening.provisional_hint') }),
        h('div', { class: 'actions' }, move)));
    } else if (c.status === 'provisional_identification' || c.status === 'identified') {
      parts.push(h('p', { class: 'callout callout-key care-note', 'data-care-note': '' },
        t('screening.care_applies', { status: label('case_status', c.status) }), ' ',
        h('a', { href: caseHref(c.id), 'data-action': 'open-case-care', text: t('screening.open_case') })));
    }
    parts.push(fbox.el, h('div', { class: 'actions' },
      h('a', { href: caseHref(c.id), class: 'btn', 'data-action': 'back-to-case-done', text: t('screening.back_to_case') })));
    finishEl.append(...parts);
  };

  const drawAll = () => {
    // a completed screening: the conclusion first, then the answers
    const main = workEl.parentNode;
    if (main) {
      if (draft()) main.append(workEl, finishEl);
      else main.append(finishEl, workEl);
    }
    drawHead();
    drawToolbar();
    drawWork();
    drawExplain();
    drawFinish();
    layout.hidden = false;
    setSave(saveState === 'error' ? 'error' : inflight || Object.keys(pending).length ? 'saving' : 'saved');
  };

  const buildQuestions = () => {
    const out = [];
    if (isChildList(s.list) && cat.act) {
      out.push({ id: 'act', text: tx(cat.act), label: t('screening.act_label'), dim: null, ind: null });
    }
    for (const ind of listIndicators(cat, s.list)) {
      out.push({ id: ind.id, text: tx(ind.question), label: tx(ind.label), dim: dimensionOf(cat, ind.dimension), ind });
    }
    questions = out;
  };

  // ---- the keys, while this screen is shown

  const onKey = (ev) => {
    if (!root.isConnected) {
      document.removeEventListener('keydown', onKey);
      return;
    }
    if (!draft() || mode !== 'one' || !q) return;
    if (ev.ctrlKey || ev.altKey || ev.metaKey || ev.isComposing) return;
    const el = ev.target;
    const tag = el && el.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (el && el.isContentEditable)) return;
    if (el && el.closest && el.closest('summary, details[open] .who-body')) {
      if (ev.key === ' ' || ev.key === 'Enter') return;
    }
    const k = ev.key;
    if (k.length === 1 && BY_KEY[k.toLowerCase()]) {
      const cur = questions[index];
      if (!cur) return;
      ev.preventDefault();
      answer(cur.id, BY_KEY[k.toLowerCase()]);
      goTo(index + 1);
      return;
    }
    if (k === 'ArrowRight' || k === 'PageDown') {
      ev.preventDefault();
      goTo(index + 1);
    } else if (k === 'ArrowLeft' || k === 'PageUp') {
      ev.preventDefault();
      goTo(index - 1);
    }
  };
  document.addEventListener('keydown', onKey);

  const fail = (e) => {
    clear(headEl);
    headEl.removeAttribute('aria-busy');
    layout.hidden = true;
    toolbar.hidden = true;
    if (e.status === 403) {
      titleEl.textContent = t('case.no_access_title');
      headEl.append(h('div', { class: 'callout callout-warn no-access', 'data-no-access': '', role: 'alert' },
        h('p', { class: 'confirm-q', text: t('case.no_access') })));
      return;
    }
    box.error(e.status === 404 ? t('screening.not_found') : errorText(e));
  };

  (async () => {
    try {
      await loadEnums();
      const [rc, rs] = await Promise.all([
        api.get('/api/v1/cases/' + encodeURIComponent(caseId)),
        api.get(spath()),
      ]);
      c = rc.case;
      s = rs.screening;
      if (s.case && String(s.case.id) !== String(caseId)) {
        window.location.replace(screeningHref(s.case.id, s.id));
        return;
      }
      local = Object.assign({}, s.answers || {});
      cat = await loadCatalogue(s.catalogue_version);
    } catch (e) {
      fail(e);
      return;
    }
    buildQuestions();
    index = firstUnanswered();
    drawAll();
    loadSupport();
  })();

  drawSupport(undefined, null);
  return root;
}
