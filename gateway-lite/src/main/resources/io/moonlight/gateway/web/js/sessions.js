// The session list: the user's live sessions from the API, refreshed every few seconds, with open
// (READY ones), stop and a form to start one; a session browsers cannot show (its agent failed or
// is off) says so. A session that leaves the live list stays shown with its final state and reason
// until dismissed. Rows are updated in place so that the keyboard focus stays where it is.

import { whyNoBrowserView } from './agent.js';
import { describe } from './api.js';
import { byId, element } from './dom.js';

export const REFRESH_MS = 2500;
const CONFIRM_MS = 5000;
const ACTIVE = new Set(['PENDING', 'STARTING', 'READY']);

function started(session) {
  const at = new Date(session.created_at);
  return Number.isNaN(at.getTime()) ? session.created_at : at.toLocaleString();
}

export class SessionList {
  /** open(id): show the session's desktop; signedOut(error): the token no longer works. */
  constructor(api, { open, signedOut, notify }) {
    Object.assign(this, { api, open, signedOut, notify });
    this.section = byId('sessions');
    this.body = byId('session-rows');
    this.problem = byId('sessions-problem');
    this.rows = new Map();
    this.live = new Map();
    this.ended = new Map();
    this.timer = null;
    this.active = false;
    byId('start-form').onsubmit = (event) => {
      event.preventDefault();
      this.start();
    };
  }

  show() {
    this.section.hidden = false;
    this.active = true;
    this.loadImages();
    this.refresh();
  }

  hide() {
    this.section.hidden = true;
    this.active = false;
    clearTimeout(this.timer);
  }

  async refresh() {
    clearTimeout(this.timer);
    try {
      const sessions = await this.api.sessions();
      this.problem.textContent = '';
      const now = new Map(sessions.map((s) => [s.id, s]));
      for (const id of this.live.keys()) {
        if (!now.has(id)) {
          this.leftTheList(id);
        }
      }
      this.live = now;
      this.render();
    } catch (error) {
      if (this.failed(error)) {
        return;
      }
    }
    if (this.active) {
      this.timer = setTimeout(() => this.refresh(), REFRESH_MS);
    }
  }

  /** A session no longer live: shown with its final state, as the API tells it alone. */
  async leftTheList(id) {
    const last = this.live.get(id);
    this.ended.set(id, last);
    try {
      this.ended.set(id, await this.api.session(id));
    } catch {
      // Shown as last seen.
    }
    this.render();
  }

  async loadImages() {
    const select = byId('start-image');
    if (select.options.length > 0) {
      return;
    }
    try {
      for (const image of await this.api.images()) {
        select.append(element('option', { value: image.id, textContent: `${image.id}: ${image.description}` }));
      }
    } catch (error) {
      this.failed(error, byId('start-problem'));
    }
  }

  async start() {
    const button = byId('start-button');
    const problem = byId('start-problem');
    button.disabled = true;
    problem.textContent = '';
    try {
      const session = await this.api.start(byId('start-image').value, byId('start-geometry').value.trim(),
        Number(byId('start-hours').value));
      this.live.set(session.id, session);
      this.render();
      this.notify(`Started ${session.id}: ${session.state}. It opens when it is READY.`);
    } catch (error) {
      this.failed(error, problem);
    } finally {
      button.disabled = false;
    }
  }

  async stop(id) {
    try {
      const session = await this.api.stop(id);
      this.notify(`${id}: ${session.state}.`);
      if (ACTIVE.has(session.state) || session.state === 'STOPPING') {
        this.live.set(id, session);
      } else {
        this.live.delete(id);
        this.ended.set(id, session);
      }
      this.render();
    } catch (error) {
      this.failed(error);
    }
  }

  /** Shows the API's error; true when the sign-in is gone (the app then shows the sign-in). */
  failed(error, where = this.problem) {
    if (error.signedOut) {
      this.signedOut(error);
      return true;
    }
    where.textContent = describe(error);
    return false;
  }

  render() {
    const sessions = [...this.live.values(), ...[...this.ended.values()].filter((s) => !this.live.has(s.id))];
    const ids = new Set(sessions.map((s) => s.id));
    for (const [id, row] of this.rows) {
      if (!ids.has(id)) {
        if (row.contains(document.activeElement)) {
          byId('sessions-title').focus();
        }
        row.remove();
        this.rows.delete(id);
      }
    }
    for (const session of sessions) {
      const row = this.rows.get(session.id) || this.newRow(session.id);
      this.body.append(row); // keeps the order; moving a row keeps its focus
      this.fill(row, session);
    }
    byId('no-sessions').hidden = sessions.length > 0;
  }

  newRow(id) {
    const cells = ['id', 'state', 'image', 'geometry', 'node', 'created'].map((name) => element('td', { 'data-field': name }));
    const open = element('button', { type: 'button', textContent: 'Open', 'aria-label': `Open ${id}` });
    open.onclick = () => this.open(id);
    const stop = element('button', { type: 'button', textContent: 'Stop', 'aria-label': `Stop ${id}` });
    stop.onclick = () => this.confirmStop(stop, id);
    const dismiss = element('button', { type: 'button', textContent: 'Dismiss', 'aria-label': `Dismiss ${id}` });
    dismiss.onclick = () => {
      this.ended.delete(id);
      this.render();
    };
    const row = element('tr', { 'data-session': id }, ...cells, element('td', {}, open, ' ', stop, ' ', dismiss));
    Object.assign(row, { buttons: { open, stop, dismiss } });
    this.rows.set(id, row);
    return row;
  }

  /** Stopping ends the desktop: the first press asks, the second (within 5 s) stops. */
  confirmStop(button, id) {
    if (button.dataset.confirm) {
      delete button.dataset.confirm;
      button.textContent = 'Stop';
      this.stop(id);
      return;
    }
    button.dataset.confirm = 'yes';
    button.textContent = 'Confirm stop';
    setTimeout(() => {
      delete button.dataset.confirm;
      button.textContent = 'Stop';
    }, CONFIRM_MS);
  }

  fill(row, session) {
    const field = (name) => row.querySelector(`[data-field="${name}"]`);
    field('id').textContent = session.id;
    const state = field('state');
    state.replaceChildren(element('span', { className: `state-${session.state}`, textContent: session.state }));
    const why = session.failure_reason || session.reason;
    if (why) {
      state.append(element('span', { className: 'reason', textContent: why }));
    }
    const noBrowserView = ACTIVE.has(session.state) && whyNoBrowserView(session);
    if (noBrowserView) {
      state.append(element('span', { className: 'agent-problem', textContent: noBrowserView }));
    }
    field('image').textContent = session.image;
    field('geometry').textContent = session.geometry;
    field('node').textContent = session.node || '–';
    field('created').textContent = started(session);
    const live = this.live.has(session.id);
    row.buttons.open.hidden = !(live && session.state === 'READY');
    row.buttons.stop.hidden = !(live && ACTIVE.has(session.state));
    row.buttons.dismiss.hidden = live;
  }
}
