// The screen-pop: the call events Haven pushes to the consultant who
// answered (GET /api/v1/telephony/stream, Server-Sent Events), and the
// panel the call screen shows for the call.  Also the known caller's
// person part (pseudonym, cases, safe-contact protocol), which the number
// look-up on the call screen shows too: one renderer for both.
//
// The stream is the browser's own EventSource on the same origin (the
// session cookie goes with it; it reconnects by itself).  At most one is
// open: opening another closes the first, and the call screen closes it
// when it is left.

import { t } from './i18n.js';
import { h } from './dom.js';
import { label, dateTime, duration, oohBadge, contactHref } from './hotline.js';
import {
  safeContactBlock, statusChip, urgentBadge, sealedBadge, formsText, caseHref, personHref,
} from './casefile.js';

export const STREAM_PATH = '/api/v1/telephony/stream';

let stream = null;
const RETRY_FIRST_MS = 10000;
const RETRY_MAX_MS = 120000;

// Open the stream.  handlers: {onCall(data), onStatus('connecting' |
// 'ready' | 'retrying' | 'off')}; 'ready' once the server's hello has
// come (it has registered us: a call answered from now on pops up).
// Returns a handle whose close() ends it; closeStream() does the same.
//
// A dropped connection is retried by the EventSource itself; an answer
// that is no stream (a 429 when too many screens are open, a 503) ends
// the EventSource for good, so this tries again, less and less often.
export function openStream(handlers) {
  closeStream();
  if (typeof window.EventSource !== 'function') {
    handlers.onStatus('off');
    return { close() {} };
  }
  let es = null;
  let timer = null;
  let delay = RETRY_FIRST_MS;
  const handle = {
    close() {
      if (timer !== null) window.clearTimeout(timer);
      timer = null;
      if (es) es.close();
      if (stream === handle) stream = null;
    },
  };
  const connect = () => {
    timer = null;
    if (stream !== handle) return;
    const mine = new window.EventSource(STREAM_PATH);
    es = mine;
    handlers.onStatus('connecting');
    mine.addEventListener('hello', () => {
      if (es !== mine) return;
      delay = RETRY_FIRST_MS;
      handlers.onStatus('ready');
    });
    mine.addEventListener('call', (ev) => {
      if (es !== mine || stream !== handle) return;
      let data = null;
      try {
        data = JSON.parse(ev.data);
      } catch (e) {
        data = null;
      }
      if (data && typeof data === 'object' && typeof data.call_id === 'string' &&
          (data.state === 'answered' || data.state === 'ended')) {
        handlers.onCall(data);
      }
    });
    mine.addEventListener('error', () => {
      if (es !== mine || stream !== handle) return;
      if (mine.readyState !== window.EventSource.CLOSED) {
        handlers.onStatus('retrying');
        return;
      }
      handlers.onStatus('off');
      timer = window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, RETRY_MAX_MS);
    });
  };
  stream = handle;
  connect();
  return handle;
}

export function closeStream() {
  if (stream) stream.close();
}

export function streamOpen() {
  return stream !== null;
}

// The chip that says whether calls will pop up.
export function streamChip() {
  const el = h('span', { class: 'chip chip-quiet', 'data-pop-stream': '' });
  const set = (status) => {
    el.dataset.popStream = status;
    el.className = 'chip ' + (status === 'ready' ? 'chip-pop-on' : (status === 'off' ? 'chip-quiet' : 'chip-warn'));
    el.textContent = '';
    el.append(h('span', { class: 'dot', 'aria-hidden': 'true' }), t('pop.stream_' + status));
  };
  return { el, set };
}

// ---- a known caller's person: the safe-contact protocol first, then the
// pseudonym and the cases.  who: {id, pseudonym, safe_contact, cases};
// headingLevel of the protocol's heading.  Returns {safety, person}.
export function knownPerson(who, headingLevel) {
  const safety = h('div', { class: 'known-safety', 'data-slot': 'safety' },
    safeContactBlock(who.safe_contact || null, { pseudonym: who.pseudonym, headingLevel: headingLevel || 4 }));
  const person = h('div', { class: 'known-person', 'data-slot': 'person', 'data-person': String(who.id) },
    h('p', { class: 'known-who' }, t('known.person'), ' ',
      h('a', { href: personHref(who.id), class: 'pseudonym', text: who.pseudonym })));
  const cs = Array.isArray(who.cases) ? who.cases : [];
  if (cs.length) {
    person.append(h('ul', { class: 'known-cases' }, cs.map((k) => {
      if (k.restricted) {
        // a case this consultant may not see: its reference, sealed
        return h('li', { 'data-known-case': String(k.id), 'data-restricted': '' },
          h('span', { class: 'case-ref', text: k.reference }), ' ', sealedBadge(),
          h('span', { class: 'known-case-meta', text: t('pop.case_restricted') }));
      }
      return h('li', { 'data-known-case': String(k.id) },
        h('a', { href: caseHref(k.id), class: 'case-ref', text: k.reference }), ' ',
        k.status ? statusChip(k.status) : null, k.sealed ? [' ', sealedBadge()] : null,
        k.urgent ? [' ', urgentBadge()] : null,
        h('span', { class: 'known-case-meta' },
          [formsText(k.forms), k.key_consultant ? t('known.key_consultant', { name: k.key_consultant.username }) : '']
            .filter(Boolean).join(' · ')));
    })));
  } else {
    person.append(h('p', { class: 'muted', text: t('known.no_cases') }));
  }
  return { safety, person };
}

// ---- the panel of an answered call
//
// pop: {call_id, contact (the draft), caller, ended (seconds or null),
// saved (the completed contact or null)}; opts: {linked (the form holds
// this call), onFill(), onDismiss()}.
export function popPanel(pop, opts) {
  const c = pop.contact || {};
  const caller = pop.caller || {};
  const number = caller.number || c.caller_number || null;
  const titleId = 'call-pop-title';

  const dismiss = h('button', {
    type: 'button', class: 'btn btn-small btn-quiet', 'data-action': 'pop-dismiss', text: t('pop.dismiss'),
    'aria-label': t('pop.dismiss_named', { number: number || t('pop.withheld') }),
  });
  dismiss.addEventListener('click', () => opts.onDismiss());

  const fact = (key, text, ...value) => h('div', { 'data-pop-fact': key },
    h('dt', { text }), h('dd', null, ...value));
  const lineText = [c.line || null, c.channel ? label('channel', c.channel) : null].filter(Boolean).join(' · ');
  const ended = typeof pop.ended === 'number';
  const facts = h('dl', { class: 'call-pop-facts' },
    fact('started_at', t('pop.started'), c.started_at ? dateTime(c.started_at) : '—'),
    fact('line', t('pop.line'), lineText || '—'),
    fact('out_of_hours', t('pop.hours'), c.out_of_hours ? oohBadge() : t('pop.in_hours')),
    h('div', { 'data-pop-fact': 'duration', 'data-duration': ended ? String(pop.ended) : '' },
      h('dt', { text: t('pop.duration') }),
      h('dd', { class: ended ? 'pop-ended' : 'pop-running', text: ended ? t('pop.ended_after', { duration: duration(pop.ended) }) : t('pop.in_progress') })));

  // what the form has to do with this call
  let formLine;
  if (pop.saved) {
    formLine = h('p', { class: 'call-pop-form pop-saved', 'data-pop-saved': String(pop.saved.id) },
      h('span', { class: 'tick', 'aria-hidden': 'true', text: '✓' }), t('pop.saved'), ' ',
      h('a', { href: contactHref(pop.saved.id), text: t('pop.saved_link') }));
  } else if (opts.linked) {
    formLine = h('p', { class: 'call-pop-form', 'data-pop-form': 'filled', text: t('pop.form_filled') });
  } else {
    const fill = h('button', { type: 'button', class: 'btn btn-small btn-primary', 'data-action': 'pop-fill', text: t('pop.fill') });
    fill.addEventListener('click', () => opts.onFill());
    formLine = h('div', { class: 'call-pop-form', 'data-pop-form': 'other' },
      h('p', { class: 'hint', text: t('pop.form_busy') }), fill);
  }

  // who is calling
  let who;
  if (caller.person) {
    const { safety, person } = knownPerson(caller.person, 3);
    who = h('div', { class: 'call-pop-caller', 'data-pop-caller': 'person' }, safety, person);
  } else if (!number) {
    who = h('p', { class: 'call-pop-caller muted', 'data-pop-caller': 'withheld', text: t('pop.withheld_text') });
  } else if (caller.known) {
    who = h('p', { class: 'call-pop-caller', 'data-pop-caller': 'known', text: t('pop.known_number') });
  } else {
    who = h('p', { class: 'call-pop-caller muted', 'data-pop-caller': 'new', text: t('known.new') });
  }

  return h('section', {
    class: ['card', 'call-pop', caller.person ? 'call-pop-person' : ''], id: 'call-pop',
    'data-call-id': pop.call_id, 'data-call-state': ended ? 'ended' : 'answered',
    'data-contact': c.id !== undefined ? String(c.id) : '', 'aria-labelledby': titleId,
  },
  h('div', { class: 'call-pop-head' },
    h('h2', { id: titleId, tabIndex: -1 },
      h('span', { class: 'call-pop-icon', 'aria-hidden': 'true', text: '☎' }),
      t('pop.title'), ' ',
      h('span', { class: 'number', text: number || t('pop.withheld') })),
    dismiss),
  facts,
  formLine,
  who);
}
