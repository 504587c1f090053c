// The call screen: logging a contact during a call, by keyboard, and what
// the consultant on duty needs beside it: whether the number called
// before, who is on call, the night's hand-over, the follow-up queue and
// today's contacts.
//
// While the screen is open it listens for the calls this consultant
// answers (callpop.js): an answered call pops up with its caller, fills the
// form from the draft contact the call left, and saving completes that
// draft (PATCH, draft false) instead of logging a new contact.
//
// Keys: Ctrl+Enter saves from anywhere in the form; Alt+T stops (and
// resumes) the call timer; Enter in the number field looks the number up;
// Enter elsewhere never sends a half-done form.

import * as api from '../api.js';
import { t } from '../i18n.js';
import {
  h, put, cell, clear, notice, errorText, showError, busy, heading, announce,
} from '../dom.js';
import { state } from '../session.js';
import { contactFields, contactPatch } from '../contactform.js';
import {
  enumsNow, loadEnums, label, isoWarsaw, todayMidnight, ms, parseStart, formatStart, openAt, warsaw,
  dayTime, timeOnly, when, duration, clock, urgencyBadge, oohBadge, topicsText, contactHref, plural, contactTable,
} from '../hotline.js';
import { safeContactBlock } from '../casefile.js';
import { openCaseAction } from '../opencase.js';
import { knownPerson, popPanel, openStream, streamChip } from '../callpop.js';

export const title = 'calls.title';

// ---- what outlives a re-render (the language changed) or a visit to
// another screen in the middle of a call: the draft of the form and the
// call timer.  Kept for the user who typed it only.

let draft = null;
let draftFor = null;

function freshDraft() {
  const now = Date.now();
  return {
    values: {},             // element id → value or checked
    timerStart: now,        // when the call began (the screen opened)
    timerStopped: null,     // when the timer was stopped, or null
    typedMinutes: false,    // the minutes were typed: the timer is off
    startedEdited: false,   // the start was changed by hand
    serverNote: false,      // the server asked for a hand-over note
    looked: null,           // the number last looked up
    known: null,            // its answer
    touched: false,         // anything typed or chosen
    callId: null,           // the answered call the form was filled from
    callContact: null,      // its draft contact, as the pop brought it
  };
}

// The last call that popped up, for the user it popped up for: {call_id,
// contact, caller, receivedAt, ended (seconds or null), saved (the
// completed contact or null)}.
let pop = null;
let popFor = null;

// The calendar: {data (GET /calendar of the current year), years: {year:
// data}} — holidays are given for one year at a time.
const cal = { data: null, years: {} };

async function loadCalendar(year) {
  const r = await api.get('/api/v1/calendar' + (year ? api.query({ year }) : ''));
  const y = year || warsaw(Date.now()).y;
  r.year = y;
  cal.years[y] = r;
  if (!year) cal.data = r;
  return r;
}

// Open at an instant, by the calendar's "now" (valid until its next
// change, the time since the page loaded).
function openByNow(now, at) {
  if (!now) return null;
  if (now.open) {
    const close = ms(now.next_close);
    return Number.isNaN(close) || at < close;
  }
  const open = ms(now.next_open);
  return !Number.isNaN(open) && at >= open;
}

function elapsed(d) {
  const end = d.timerStopped === null ? Date.now() : d.timerStopped;
  return Math.max(0, Math.round((end - d.timerStart) / 1000));
}

export function render() {
  const me = state.user ? state.user.id : null;
  if (draftFor !== me || draft === null) {
    draft = freshDraft();
    draftFor = me;
  }
  if (popFor !== me) {
    pop = null;
    popFor = me;
  }

  const box = notice();
  const formHolder = h('div', { class: 'form-holder', 'aria-busy': 'true' },
    h('p', { class: 'muted', text: t('common.loading') }));
  const officeChip = h('span', { class: 'chip', 'data-office': '' }, t('common.loading'));
  const oncallChip = h('span', { class: 'chip', 'data-oncall-now': '' });
  const todayHolder = h('div', { class: 'table-holder', 'aria-busy': 'true' });
  const followHolder = h('div', { class: 'list-holder', 'aria-busy': 'true' });
  const handHolder = h('div', { class: 'list-holder', 'aria-busy': 'true' });
  const todayCount = h('span', { class: 'count-badge', 'aria-hidden': 'true' });
  const draftsHolder = h('div', { class: 'list-holder', 'aria-busy': 'true' });
  const draftsCount = h('span', { class: 'count-badge', 'aria-hidden': 'true' });
  const popHolder = h('div', { class: 'pop-holder' });
  const popChip = streamChip();
  const followCount = h('span', { class: 'count-badge', 'aria-hidden': 'true' });

  let cf = null;          // the contact fields
  let form = null;
  let saveBtn = null;
  let timerClock = null;
  let timerBtn = null;
  let timerState = null;
  let known = null;

  // ---- the status line: the office and who is on call
  const drawOffice = () => {
    const now = cal.data && cal.data.now;
    clear(officeChip);
    if (!now) return;
    const open = openByNow(now, Date.now());
    officeChip.className = 'chip ' + (open ? 'chip-open' : 'chip-closed');
    officeChip.dataset.office = open ? 'open' : 'closed';
    if (open) {
      officeChip.append(h('span', { class: 'dot', 'aria-hidden': 'true' }),
        now.next_close ? t('calls.office_open_until', { time: when(now.next_close) }) : t('calls.office_open'));
    } else {
      officeChip.append(h('span', { class: 'dot', 'aria-hidden': 'true' }),
        now.next_open ? t('calls.office_closed_until', { time: when(now.next_open) }) : t('calls.office_closed'));
    }
  };

  const loadOncall = async () => {
    try {
      const r = await api.get('/api/v1/oncall' + api.query({
        from: isoWarsaw(Date.now()), to: isoWarsaw(Date.now() + 60000),
      }));
      clear(oncallChip);
      const s = r.now;
      if (s && s.user) {
        oncallChip.className = 'chip chip-oncall';
        oncallChip.dataset.oncallNow = s.user.username;
        oncallChip.append(h('span', { class: 'dot', 'aria-hidden': 'true' }),
          t('calls.oncall_now', { name: s.user.username, time: when(s.ends_at) }));
      } else {
        const closed = cal.data && openByNow(cal.data.now, Date.now()) === false;
        oncallChip.className = 'chip ' + (closed ? 'chip-warn' : 'chip-quiet');
        oncallChip.dataset.oncallNow = '';
        oncallChip.append(h('span', { class: 'dot', 'aria-hidden': 'true' }),
          closed ? t('calls.oncall_nobody_closed') : t('calls.oncall_nobody'));
      }
    } catch (e) {
      clear(oncallChip);
    }
  };

  // ---- the hand-over note: shown and required for a routine contact
  // out of hours; the server has the last word (422 on handover_note)
  let yearAsked = {};
  const decideNote = () => {
    if (!cf) return;
    const urgent = cf.urgency.value() === 'urgent';
    let open = null;
    if (!draft.startedEdited && draft.callContact) {
      // a call: Haven decided when it rang
      open = !draft.callContact.out_of_hours;
    } else if (!draft.startedEdited) {
      open = cal.data ? openByNow(cal.data.now, Date.now()) : null;
    } else {
      const st = parseStart(cf.started.input.value);
      if (!Number.isNaN(st)) {
        const y = warsaw(st).y;
        const c = cal.years[y];
        if (c) open = openAt(c, st);
        else if (!yearAsked[y]) {
          yearAsked[y] = true;
          loadCalendar(y).then(decideNote).catch(() => {});
        }
      }
    }
    const ooh = open === false;
    const need = (ooh && !urgent) || draft.serverNote;
    const followUp = cf.outcome.value() === 'follow_up';
    cf.showNote(need || followUp, need);
    if (form) form.dataset.outOfHours = ooh ? 'true' : 'false';
  };

  // ---- the known-caller panel
  function knownPanel() {
    const el = h('section', {
      class: 'known', id: 'call-known', 'aria-live': 'polite', hidden: true, 'aria-labelledby': 'call-known-title',
    });
    const draw = (r) => {
      clear(el);
      if (!r) {
        el.hidden = true;
        delete el.dataset.known;
        return;
      }
      el.hidden = false;
      el.dataset.known = r.known ? 'true' : 'false';
      el.className = 'known ' + (r.known ? 'known-yes' : 'known-no');
      if (!r.known) {
        el.append(h('h3', { id: 'call-known-title', text: t('known.new') }),
          h('p', { class: 'muted' }, h('span', { class: 'number', text: r.number || '' }), ' · ', t('known.none')));
        return;
      }
      // A known person: the pseudonym, the case's key facts and the
      // safe-contact protocol go first, before the contact history.
      const { safety, person } = r.person ? knownPerson(r.person, 4) : {
        safety: h('div', { class: 'known-safety', 'data-slot': 'safety', hidden: true }),
        person: h('div', { class: 'known-person', 'data-slot': 'person', hidden: true }),
      };
      const last = r.last_contact;
      put(el,
        h('h3', { id: 'call-known-title' }, t('known.title'), ' ',
          h('span', { class: 'number', text: r.number || '' })),
        safety,
        person,
        h('p', { class: 'known-count', 'data-known-count': String(r.contacts) }, plural('known.count', r.contacts)),
        last ? h('dl', { class: 'known-last' },
          h('div', null, h('dt', { text: t('known.last') }),
            h('dd', null, h('a', { href: contactHref(last.id), text: dayTime(last.started_at) }))),
          h('div', null, h('dt', { text: t('contact.inquirer') }), h('dd', { text: label('inquirer', last.inquirer) })),
          h('div', null, h('dt', { text: t('contact.urgency') }), h('dd', null, urgencyBadge(last.urgency))),
          h('div', null, h('dt', { text: t('contact.outcome') }), h('dd', { text: label('outcome', last.outcome) })))
          : null);
    };
    return { el, draw };
  }

  const lookup = async () => {
    if (!cf) return;
    const v = cf.number.input.value.trim();
    if (v === '') {
      draft.looked = null;
      draft.known = null;
      known.draw(null);
      return;
    }
    if (v === draft.looked) return;
    draft.looked = v;
    try {
      const r = await api.post('/api/v1/contacts/lookup', { number: v });
      if (!cf || cf.number.input.value.trim() !== v) return;
      draft.known = r;
      known.draw(r);
    } catch (e) {
      if (!cf || cf.number.input.value.trim() !== v) return;
      draft.looked = null;
      draft.known = null;
      known.draw(null);
      if (e.status === 422) cf.number.setError(t('contact.number_invalid'));
      else box.error(errorText(e));
    }
  };

  // ---- the call timer
  const drawTimer = () => {
    if (!timerClock) return;
    const running = draft.timerStopped === null && !draft.typedMinutes;
    timerClock.textContent = draft.typedMinutes ? '—' : clock(elapsed(draft));
    timerBtn.textContent = running ? t('calls.timer_stop') : t('calls.timer_resume');
    timerBtn.setAttribute('aria-pressed', running ? 'false' : 'true');
    timerState.textContent = draft.typedMinutes ? t('calls.timer_off')
      : (running ? t('calls.timer_running') : t('calls.timer_stopped'));
    timerClock.closest('.timer').classList.toggle('is-running', running);
    if (!draft.typedMinutes && cf && document.activeElement !== cf.minutes.input) {
      cf.minutes.input.value = String(Math.ceil(elapsed(draft) / 60));
    }
  };

  const toggleTimer = () => {
    if (draft.typedMinutes) {
      // back to the timer, from where it stood
      draft.typedMinutes = false;
      draft.timerStopped = null;
      announce(t('calls.timer_resumed'));
    } else if (draft.timerStopped === null) {
      draft.timerStopped = Date.now();
      announce(t('calls.timer_stopped_at', { time: duration(elapsed(draft)) }));
    } else {
      draft.timerStart += Date.now() - draft.timerStopped;
      draft.timerStopped = null;
      announce(t('calls.timer_resumed'));
    }
    drawTimer();
  };

  // ---- the form
  const remember = (ev) => {
    const el = ev.target;
    if (!el || !el.id) return;
    draft.touched = true;
    draft.values[el.id] = el.type === 'checkbox' || el.type === 'radio' ? el.checked : el.value;
    if (el.type === 'radio' && el.checked) {
      for (const r of form.querySelectorAll('input[type="radio"][name="' + el.name + '"]')) {
        draft.values[r.id] = r.checked;
      }
    }
  };

  const restoreDraft = () => {
    for (const [id, v] of Object.entries(draft.values)) {
      const el = form.querySelector('#' + CSS.escape(id));
      if (!el) continue;
      if (el.type === 'checkbox' || el.type === 'radio') el.checked = v;
      else el.value = v;
    }
    if (draft.known) known.draw(draft.known);
    cf.syncUrgency();
    cf.refreshNames();
  };

  const defaultChannel = () => {
    const open = cal.data ? openByNow(cal.data.now, Date.now()) : null;
    return open === false ? 'oncall_mobile' : 'office_line';
  };

  const buildForm = () => {
    known = knownPanel();
    timerClock = h('span', { class: 'timer-clock', 'aria-hidden': 'true' });
    timerState = h('span', { class: 'timer-state' });
    timerBtn = h('button', {
      type: 'button', class: 'btn btn-small timer-btn', 'data-action': 'timer',
      'aria-keyshortcuts': 'Alt+T', title: 'Alt+T',
    });
    timerBtn.addEventListener('click', toggleTimer);
    const timerBox = h('div', { class: 'timer' },
      h('span', { class: 'timer-face' }, h('span', { class: 'timer-dot', 'aria-hidden': 'true' }), timerClock),
      timerState, timerBtn);

    cf = contactFields({
      prefix: 'call', mode: 'create', afterNumber: known.el, durationAfter: timerBox,
      defaults: { channel: defaultChannel() },
    });
    cf.number.input.dataset.autofocus = '';
    saveBtn = h('button', {
      type: 'submit', class: 'btn btn-primary btn-save', 'data-action': 'save', 'aria-keyshortcuts': 'Control+Enter',
    }, t('calls.save'), h('kbd', { class: 'kbd-hint', text: 'Ctrl+Enter' }));
    const clearBtn = h('button', { type: 'button', class: 'btn btn-link', 'data-action': 'new-call', text: t('calls.new_call') });
    clearBtn.addEventListener('click', () => {
      draft = freshDraft();
      draftFor = me;
      buildAndShow(true);
      announce(t('calls.cleared'));
    });

    form = h('form', { class: 'call-form', novalidate: true, 'aria-labelledby': 'call-form-title' },
      cf.el,
      h('div', { class: 'actions form-actions' }, saveBtn, clearBtn));

    // typing and choosing: remembered, and what depends on it follows
    form.addEventListener('input', (ev) => {
      remember(ev);
      if (ev.target === cf.started.input) {
        draft.startedEdited = true;
        decideNote();
      }
      if (ev.target === cf.minutes.input) {
        draft.typedMinutes = true;
        drawTimer();
      }
      if (ev.target === cf.number.input && cf.number.input.value.trim() !== draft.looked) {
        if (draft.known) {
          draft.known = null;
          known.draw(null);
        }
      }
    });
    form.addEventListener('change', (ev) => {
      remember(ev);
      if (ev.target.name === cf.urgency.el.id || ev.target.name === cf.outcome.el.id) decideNote();
    });
    cf.number.input.addEventListener('blur', () => { lookup(); });
    cf.started.input.addEventListener('blur', () => {
      const v = parseStart(cf.started.input.value);
      if (Number.isNaN(v)) {
        if (cf.started.input.value.trim() !== '') cf.started.setError(t('contact.started_invalid'));
        return;
      }
      cf.started.input.value = formatStart(v);
      draft.values[cf.started.input.id] = cf.started.input.value;
      decideNote();
    });
    form.addEventListener('keydown', (ev) => {
      if (ev.key !== 'Enter' || ev.isComposing) return;
      if (ev.ctrlKey || ev.metaKey) {
        ev.preventDefault();
        save();
        return;
      }
      const tag = ev.target.tagName;
      if (tag === 'TEXTAREA' || tag === 'BUTTON' || tag === 'A') return;
      // Enter alone does not send the form
      ev.preventDefault();
      if (ev.target === cf.number.input) lookup();
    });
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      save();
    });

    if (!draft.startedEdited && draft.values[cf.started.input.id] === undefined) {
      cf.started.input.value = formatStart(draft.timerStart);
    }
    restoreDraft();
    drawTimer();
    decideNote();
    return form;
  };

  const buildAndShow = (focusNumber) => {
    clear(formHolder);
    formHolder.removeAttribute('aria-busy');
    formHolder.appendChild(buildForm());
    if (draft.fillPending && pop && pop.call_id === draft.callId) {
      draft.fillPending = false;
      fillFromCall(focusNumber);
      return;
    }
    if (focusNumber) cf.number.input.focus();
  };

  const save = () => {
    if (!cf || saveBtn.getAttribute('aria-busy') === 'true') return;
    box.clear();
    cf.clearAll();
    decideNote();
    const seconds = draft.typedMinutes ? undefined : elapsed(draft);
    const { body, problems } = cf.read(seconds);
    if (problems.length) {
      for (const [f, text] of problems) f.setError(text);
      problems[0][0].input.focus();
      box.error(t('error.form_has_errors'));
      return;
    }
    busy(saveBtn, async () => {
      try {
        const callId = draft.callId;
        let c;
        let already = false;
        if (draft.callContact) {
          const done = await completeDraft(body);
          c = done.contact || {};
          already = done.already;
        } else {
          c = (await api.post('/api/v1/contacts', body)).contact || {};
        }
        draft = freshDraft();
        draftFor = me;
        buildAndShow(true);
        if (pop && callId !== null && pop.call_id === callId) {
          pop.saved = c;
          drawPop();
        }
        const text = already ? t('pop.already_completed') : t('calls.saved', {
          time: timeOnly(c.started_at || body.started_at), duration: duration(c.duration_seconds),
        }) + (c.followup && c.followup.open ? ' ' + t('calls.saved_followup') : '');
        if (already) box.info(text);
        else box.success(text);   // a polite status: read out once, seen at the top
        showSaved(c);
        refreshAfterSave();
      } catch (e) {
        if (e.field === 'handover_note') {
          draft.serverNote = true;
          decideNote();
          cf.note.setError(t('contact.handover_server'));
          cf.note.input.focus();
          box.error(t('error.form_has_errors'));
          return;
        }
        if (e.field === 'caller_number') {
          cf.number.setError(t('contact.number_invalid'));
          cf.number.input.focus();
          box.error(t('error.form_has_errors'));
          return;
        }
        showError(e, box, cf.fields);
      }
    });
  };

  // ---- completing the draft contact an answered call left: only what the
  // consultant changed goes in, against the version the server has now
  // (the call's end may have changed the duration meanwhile).  The
  // duration is the call's own unless minutes were typed.  {contact,
  // already: true when someone completed it meanwhile}.
  const completeDraft = async (body) => {
    const base = draft.callContact;
    const path = '/api/v1/contacts/' + encodeURIComponent(base.id);
    const changed = contactPatch(body, base);
    if (!draft.typedMinutes) delete changed.duration_seconds;
    for (let attempt = 0; ; attempt++) {
      const now = (await api.get(path)).contact;
      if (!now.draft) return { contact: now, already: true };
      try {
        const r = await api.patch(path, Object.assign({}, changed, { draft: false, version: now.version }));
        return { contact: r.contact, already: false };
      } catch (e) {
        // a change in between (the call ended): once more, on its version
        if (e.status === 409 && attempt === 0) continue;
        throw e;
      }
    }
  };

  // ---- the screen-pop
  const drawPop = () => {
    clear(popHolder);
    if (!pop) return;
    popHolder.appendChild(popPanel(pop, {
      linked: draft.callId === pop.call_id,
      onFill: () => {
        fillFromCall(true);
        announce(t('pop.form_filled'));
      },
      onDismiss: () => {
        pop = null;
        drawPop();
        if (cf) cf.number.input.focus();
      },
    }));
  };

  // The form, new, filled from the popped-up call.  focusForm: put the
  // focus on the first thing left to choose (the inquirer).
  const fillFromCall = (focusForm) => {
    if (!pop) return;
    const c = pop.contact || {};
    draft = freshDraft();
    draftFor = me;
    draft.callId = pop.call_id;
    draft.callContact = c;
    draft.timerStart = pop.receivedAt;
    if (typeof pop.ended === 'number') draft.timerStopped = pop.receivedAt + pop.ended * 1000;
    const number = (pop.caller && pop.caller.number) || c.caller_number || '';
    draft.looked = number;   // the pop says who it is: no look-up of the number
    if (!cf) {
      // the form is not built yet (the enumerations are on their way)
      draft.fillPending = true;
      drawPop();
      return;
    }
    buildAndShow(false);
    const set = (input, v) => {
      input.value = v;
      draft.values[input.id] = v;
    };
    set(cf.number.input, number);
    set(cf.started.input, c.started_at ? formatStart(ms(c.started_at)) : formatStart(pop.receivedAt));
    if (c.channel) set(cf.channel.input, c.channel);
    if (c.direction) {
      cf.direction.set(c.direction);
      for (const r of cf.direction.radios) draft.values[r.id] = r.checked;
    }
    drawTimer();
    decideNote();
    drawPop();
    if (focusForm) {
      const first = cf.inquirer.input;
      if (first) first.focus();
    }
  };

  const onCall = (data) => {
    if (data.state === 'answered') {
      if (pop && pop.call_id === data.call_id) return;   // told twice
      const caller = data.caller && typeof data.caller === 'object' ? data.caller : {};
      pop = {
        call_id: data.call_id, contact: data.contact && typeof data.contact === 'object' ? data.contact : {},
        caller, receivedAt: Date.now(), ended: null, saved: null,
      };
      // the focus follows only when it was in the form (rebuilt) or nowhere
      const active = document.activeElement;
      const focusForm = !active || active === document.body || formHolder.contains(active);
      if (!draft.touched) fillFromCall(focusForm);
      else drawPop();
      announce(t('pop.announce', { number: caller.number || t('pop.withheld') }));
    } else if (data.state === 'ended') {
      const secs = Math.max(0, Math.round(Number(data.duration_seconds) || 0));
      if (pop && pop.call_id === data.call_id) {
        pop.ended = secs;
        drawPop();
        announce(t('pop.announce_ended', { duration: duration(secs) }));
      }
      if (draft.callId === data.call_id) {
        draft.timerStopped = draft.timerStart + secs * 1000;
        drawTimer();
      }
    }
    loadToday(false);
    loadDrafts();
  };

  // ---- the contact just saved: a case may be opened from it
  const savedHolder = h('div', { class: 'saved-contact', 'data-saved-contact': '', hidden: true });
  const showSaved = (c) => {
    clear(savedHolder);
    if (!c || !c.id) {
      savedHolder.hidden = true;
      return;
    }
    savedHolder.hidden = false;
    savedHolder.dataset.savedContact = String(c.id);
    savedHolder.append(
      h('p', { class: 'saved-line' }, t('calls.saved_contact'), ' ',
        h('a', { href: contactHref(c.id), text: timeOnly(c.started_at) })),
      openCaseAction({ contactId: c.id, phone: c.caller_number, prefix: 'coc' }).el);
  };

  // ---- Alt+T, wherever the focus is, while this screen is shown
  const onKey = (ev) => {
    if (!document.contains(formHolder)) {
      document.removeEventListener('keydown', onKey);
      return;
    }
    if (ev.altKey && !ev.ctrlKey && !ev.metaKey && !ev.shiftKey && ev.code === 'KeyT') {
      if (!timerBtn) return;
      ev.preventDefault();
      toggleTimer();
    }
  };
  document.addEventListener('keydown', onKey);
  const tick = window.setInterval(() => {
    if (!document.contains(formHolder)) {
      window.clearInterval(tick);
      return;
    }
    drawTimer();
  }, 1000);

  // ---- the stream of answered calls: open while this screen is shown
  // (a re-render opens a new one and closes this)
  const stream = openStream({ onCall, onStatus: popChip.set });
  const leave = () => {
    if (document.contains(popHolder)) return;
    stream.close();
    window.removeEventListener('hashchange', leave);
    window.clearInterval(watch);
    // logged out: the caller's protocol does not stay in the page
    if (!state.user || state.user.id !== me) pop = null;
  };
  window.addEventListener('hashchange', leave);
  // and whatever else takes the screen away (a log-out, an expired session)
  const watch = window.setInterval(leave, 2000);

  // ---- the lists
  const itemHead = (c) => h('p', { class: 'item-head' },
    h('a', { href: contactHref(c.id), class: 'item-when', text: dayTime(c.started_at) }),
    urgencyBadge(c.urgency),
    c.out_of_hours ? oohBadge() : null);

  const itemBody = (c) => [
    h('p', { class: 'item-what' },
      h('span', { text: label('inquirer', c.inquirer) }),
      h('span', { class: 'muted', text: ' · ' + topicsText(c.topics) })),
    h('p', { class: 'item-meta muted' },
      label('outcome', c.outcome) + ' · ' + label('channel', c.channel) + ' · ' + duration(c.duration_seconds) +
      (c.consultant ? ' · ' + c.consultant.username : '')),
    c.handover_note ? h('blockquote', { class: 'note' },
      h('span', { class: 'visually-hidden', text: t('contact.handover_note') + ': ' }), c.handover_note) : null,
  ];

  // today's contacts
  let todayRows = [];
  let todayNext = null;
  const loadToday = async (more) => {
    try {
      const r = await api.get('/api/v1/contacts' + api.query({
        from: isoWarsaw(todayMidnight()), limit: 50, cursor: more ? todayNext : undefined,
      }));
      const got = Array.isArray(r.contacts) ? r.contacts : [];
      todayRows = more ? todayRows.concat(got) : got;
      todayNext = r.next_cursor || null;
      drawToday(more ? todayRows.length - got.length : -1);
    } catch (e) {
      clear(todayHolder);
      todayHolder.appendChild(h('p', { class: 'muted empty', text: errorText(e) }));
    } finally {
      todayHolder.removeAttribute('aria-busy');
    }
  };
  const drawToday = (focusFrom) => {
    clear(todayHolder);
    todayCount.textContent = todayNext ? todayRows.length + '+' : String(todayRows.length);
    if (todayRows.length === 0) {
      todayHolder.appendChild(h('p', { class: 'muted empty', text: t('calls.today_none') }));
      return;
    }
    todayHolder.appendChild(contactTable(todayRows, {
      caption: t('calls.today'), firstKey: 'time', firstText: (c) => timeOnly(c.started_at),
    }));
    if (todayNext) {
      const moreBtn = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'today-more', text: t('common.more') });
      moreBtn.addEventListener('click', () => busy(moreBtn, () => loadToday(true)));
      todayHolder.appendChild(h('div', { class: 'actions actions-center list-foot' }, moreBtn));
    }
    if (focusFrom >= 0) {
      const a = todayHolder.querySelectorAll('tbody tr a')[focusFrom];
      if (a) a.focus();
    }
  };

  // the follow-up queue: the oldest few, the rest on request
  const FOLLOW_SHOWN = 5;
  let followAll = false;
  let followups = [];
  const loadFollowups = async () => {
    try {
      const r = await api.get('/api/v1/followups');
      followups = Array.isArray(r.followups) ? r.followups : [];
      drawFollowups();
    } catch (e) {
      clear(followHolder);
      followHolder.appendChild(h('p', { class: 'muted empty', text: errorText(e) }));
    } finally {
      followHolder.removeAttribute('aria-busy');
    }
  };
  // the safe-contact protocols of the persons in the queue, read once
  const protocols = {};
  const safeFor = (person) => {
    const got = protocols[person.id];
    if (got && got.loaded) return safeContactBlock(got.safe_contact, { pseudonym: person.pseudonym, headingLevel: 4 });
    if (!got) {
      protocols[person.id] = { loaded: false };
      api.get('/api/v1/persons/' + encodeURIComponent(person.id) + '/safe-contact').then((r) => {
        protocols[person.id] = { loaded: true, safe_contact: r.safe_contact || null };
      }).catch(() => {
        protocols[person.id] = { loaded: true, safe_contact: null };
      }).then(() => {
        for (const el of followHolder.querySelectorAll('[data-followup-safe="' + person.id + '"]')) {
          clear(el);
          el.appendChild(safeContactBlock(protocols[person.id].safe_contact, { pseudonym: person.pseudonym, headingLevel: 4 }));
        }
      });
    }
    return h('p', { class: 'muted', text: t('safe.loading') });
  };

  const drawFollowups = (focusIndex) => {
    clear(followHolder);
    followCount.textContent = String(followups.length);
    if (followups.length === 0) {
      followHolder.appendChild(h('p', { class: 'muted empty', text: t('calls.followups_none') }));
      return;
    }
    const shown = followAll ? followups : followups.slice(0, FOLLOW_SHOWN);
    const items = shown.map((c, i) => {
      const done = h('button', {
        type: 'button', class: 'btn btn-small', 'data-action': 'followup-done', 'data-contact': String(c.id),
        text: t('calls.followup_done'),
        'aria-label': t('calls.followup_done_named', { when: dayTime(c.started_at) }),
      });
      done.addEventListener('click', () => busy(done, async () => {
        try {
          await api.post('/api/v1/followups/' + encodeURIComponent(c.id) + '/done');
          announce(t('calls.followup_marked'));
        } catch (e) {
          if (e.status !== 404) {
            box.error(errorText(e));
            return;
          }
        }
        followups = followups.filter((x) => x.id !== c.id);
        drawFollowups(Math.min(i, followups.length - 1));
      }));
      const safe = c.person ? h('div', { class: 'followup-safe', 'data-followup-safe': String(c.person.id) }, safeFor(c.person)) : null;
      return h('li', { class: 'item', 'data-followup': String(c.id) },
        itemHead(c), safe, itemBody(c), h('div', { class: 'item-actions' }, done));
    });
    followHolder.appendChild(h('ul', { class: 'items' }, items));
    if (shown.length < followups.length) {
      const all = h('button', {
        type: 'button', class: 'btn btn-small btn-link', 'data-action': 'followups-all',
        text: t('calls.followups_all', { n: followups.length }),
      });
      all.addEventListener('click', () => {
        followAll = true;
        drawFollowups();
        const b = followHolder.querySelectorAll('[data-action="followup-done"]')[FOLLOW_SHOWN];
        if (b) b.focus();
      });
      followHolder.appendChild(h('div', { class: 'list-more' }, all));
    }
    if (focusIndex !== undefined) {
      const b = followHolder.querySelectorAll('[data-action="followup-done"]')[focusIndex];
      if (b) b.focus();
      else followHolder.closest('section').querySelector('h2').focus();
    }
  };

  // the contacts my calls left as drafts, to complete
  const loadDrafts = async () => {
    try {
      const r = await api.get('/api/v1/contacts' + api.query({ draft: 'true', consultant_id: me, limit: 20 }));
      const list = (Array.isArray(r.contacts) ? r.contacts : []).filter((c) => c.draft === true);
      clear(draftsHolder);
      draftsCount.textContent = list.length + (r.next_cursor ? '+' : '');
      if (list.length === 0) {
        draftsHolder.appendChild(h('p', { class: 'muted empty', text: t('pop.drafts_none') }));
        return;
      }
      draftsHolder.appendChild(h('ul', { class: 'items' }, list.map((c) => h('li', { class: 'item', 'data-draft-contact': String(c.id) },
        h('p', { class: 'item-head' },
          h('a', { href: contactHref(c.id), class: 'item-when', text: dayTime(c.started_at) }),
          c.out_of_hours ? oohBadge() : null),
        h('p', { class: 'item-meta muted' },
          [label('channel', c.channel), c.line, c.outcome === 'follow_up' ? t('pop.draft_missed') : duration(c.duration_seconds)]
            .filter(Boolean).join(' · '))))));
    } catch (e) {
      clear(draftsHolder);
      draftsHolder.appendChild(h('p', { class: 'muted empty', text: errorText(e) }));
    } finally {
      draftsHolder.removeAttribute('aria-busy');
    }
  };

  // the hand-over
  let handover = null;
  const loadHandover = async (focusAck) => {
    try {
      handover = await api.get('/api/v1/handover');
      drawHandover(focusAck);
    } catch (e) {
      clear(handHolder);
      handHolder.appendChild(h('p', { class: 'muted empty', text: errorText(e) }));
    } finally {
      handHolder.removeAttribute('aria-busy');
    }
  };
  const drawHandover = (focusAck) => {
    clear(handHolder);
    const hv = handover;
    if (!hv || !hv.period) {
      handHolder.appendChild(h('p', { class: 'muted empty', text: t('calls.handover_none') }));
      return;
    }
    const list = Array.isArray(hv.contacts) ? hv.contacts : [];
    handHolder.appendChild(h('p', { class: 'period' },
      t('calls.handover_period', { from: dayTime(hv.period.from), to: dayTime(hv.period.to) })));
    if (list.length === 0) {
      handHolder.appendChild(h('p', { class: 'muted', text: t('calls.handover_quiet') }));
    } else {
      handHolder.appendChild(h('ul', { class: 'items' },
        list.map((c) => h('li', { class: 'item', 'data-handover-contact': String(c.id) }, itemHead(c), itemBody(c)))));
    }
    const status = h('div', { class: 'ack', 'aria-live': 'polite' });
    if (hv.acknowledged) {
      status.append(h('p', { class: 'ack-done', 'data-acknowledged': hv.acknowledged.by ? hv.acknowledged.by.username : '' },
        h('span', { class: 'tick', 'aria-hidden': 'true', text: '✓' }),
        t('calls.handover_acked', {
          name: hv.acknowledged.by ? hv.acknowledged.by.username : '?', time: dayTime(hv.acknowledged.at),
        })));
      if (focusAck) status.setAttribute('tabindex', '-1');
    } else {
      const ack = h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'ack-handover', text: t('calls.handover_ack') });
      ack.addEventListener('click', () => busy(ack, async () => {
        try {
          await api.post('/api/v1/handover/ack', { to: hv.period.to });
          announce(t('calls.handover_ack_done'));
        } catch (e) {
          if (e.status === 409) announce(t('calls.handover_ack_already'));
          else if (e.status === 422) box.error(t('calls.handover_changed'));
          else {
            box.error(errorText(e));
            return;
          }
        }
        await loadHandover(true);
      }));
      status.append(h('p', { class: 'hint', text: t('calls.handover_ack_hint') }), ack);
    }
    handHolder.appendChild(status);
    if (focusAck) {
      const f = status.querySelector('button') || status;
      f.focus();
    }
  };

  const refreshAfterSave = () => {
    loadToday(false);
    loadDrafts();
    loadFollowups();
    loadHandover(false);
    loadOncall();
  };

  const refreshBtn = h('button', { type: 'button', class: 'btn btn-small btn-quiet', 'data-action': 'refresh', text: t('common.refresh') });
  refreshBtn.addEventListener('click', () => busy(refreshBtn, async () => {
    await Promise.all([loadToday(false), loadFollowups(), loadHandover(false), loadOncall(), loadDrafts(),
      loadCalendar().then(drawOffice).catch(() => {})]);
    announce(t('common.refreshed'));
  }));

  // ---- start: the form as soon as the enumerations are here
  const afterCalendar = () => {
    drawOffice();
    if (cf && !draft.touched) {
      cf.channel.input.value = defaultChannel();
    }
    decideNote();
    loadOncall();
  };
  loadCalendar().then(afterCalendar).catch((e) => box.error(errorText(e)));

  if (enumsNow()) {
    buildAndShow(false);
  } else {
    loadEnums().then(() => {
      buildAndShow(document.activeElement === null || document.activeElement === document.body ||
        (document.activeElement && document.activeElement.classList.contains('page-title')));
    }).catch((e) => {
      clear(formHolder);
      formHolder.removeAttribute('aria-busy');
      box.error(errorText(e));
    });
  }
  // the lists wait for the enumerations too (their labels)
  loadEnums().then(() => {
    loadToday(false);
    loadFollowups();
    loadHandover(false);
    loadDrafts();
  }).catch(() => {});
  // a call that popped up before the screen was left: still the same?
  drawPop();
  if (pop && pop.ended === null && !pop.saved && pop.contact && pop.contact.id !== undefined) {
    const seen = pop;
    api.get('/api/v1/contacts/' + encodeURIComponent(seen.contact.id)).then((r) => {
      const c = r.contact || {};
      if (pop !== seen) return;
      if (c.duration_seconds > 0) {
        seen.ended = c.duration_seconds;
        if (draft.callId === seen.call_id && draft.timerStopped === null) {
          draft.timerStopped = draft.timerStart + seen.ended * 1000;
          drawTimer();
        }
      }
      if (c.draft === false) seen.saved = c;
      drawPop();
    }).catch(() => {});
  }

  const keys = h('p', { class: 'keys hint' },
    h('kbd', { text: 'Ctrl+Enter' }), ' ', t('calls.key_save'), ' · ',
    h('kbd', { text: 'Alt+T' }), ' ', t('calls.key_timer'), ' · ',
    h('kbd', { text: '↑ ↓' }), ' ', t('calls.key_choose'));

  return h('div', { class: 'page page-calls' },
    h('div', { class: 'page-head' },
      heading(t('calls.heading')),
      h('p', { class: 'chips' }, officeChip, oncallChip, popChip.el)),
    box.el,
    popHolder,
    savedHolder,
    h('div', { class: 'call-layout' },
      h('section', { class: 'card call-card', 'aria-labelledby': 'call-form-title' },
        h('div', { class: 'card-head' },
          h('h2', { id: 'call-form-title', text: t('calls.new_contact') }), keys),
        formHolder),
      h('div', { class: 'call-side' },
        h('section', { class: 'card side-card', id: 'handover', 'aria-labelledby': 'handover-title' },
          h('div', { class: 'card-head' }, h('h2', { id: 'handover-title', tabIndex: -1, text: t('calls.handover') })),
          handHolder),
        h('section', { class: 'card side-card', id: 'followups', 'aria-labelledby': 'followups-title' },
          h('div', { class: 'card-head' },
            h('h2', { id: 'followups-title', tabIndex: -1 }, t('calls.followups'), ' ', followCount)),
          followHolder),
        h('section', { class: 'card side-card', id: 'drafts', 'aria-labelledby': 'drafts-title' },
          h('div', { class: 'card-head' },
            h('h2', { id: 'drafts-title', tabIndex: -1 }, t('pop.drafts'), ' ', draftsCount)),
          draftsHolder)),
      h('section', { class: 'card card-flush today-card', id: 'today', 'aria-labelledby': 'today-title' },
        h('div', { class: 'card-head card-head-pad' },
          h('h2', { id: 'today-title' }, t('calls.today'), ' ', todayCount),
          refreshBtn),
        todayHolder)));
}
