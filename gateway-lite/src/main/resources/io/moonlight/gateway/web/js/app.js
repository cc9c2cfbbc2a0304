// The web client's entry: sign-in, then the session list or (with ?session=ID, as the API's
// browser_url has it) one session's desktop.

import { Api, ApiError } from './api.js';
import { claimedUser, forgetToken, keepToken, takeToken } from './auth.js';
import { byId } from './dom.js';
import { SessionList } from './sessions.js';
import { Viewer } from './viewer.js';

const SIGNED_OUT = 'Your sign-in expired or was refused. Open your desktops again from the portal.';

class App {
  constructor() {
    this.api = new Api(null);
    const signedOut = (problem) => this.signOut(problem);
    const notify = (text) => this.notify(text);
    this.list = new SessionList(this.api, { open: (id) => this.openSession(id), signedOut, notify });
    this.viewer = new Viewer(this.api, { close: () => this.showList(), signedOut, notify });
    byId('token-form').onsubmit = (event) => {
      event.preventDefault();
      const field = byId('token-input');
      const token = field.value.trim();
      field.value = '';
      if (token) {
        keepToken(token);
        this.signIn(token);
      }
    };
    byId('sign-out').onclick = () => this.signOut('You signed out.');
    window.addEventListener('popstate', () => this.route());
    // The portal's link followed again in an open tab changes only the fragment: no new page load.
    window.addEventListener('hashchange', () => {
      const token = takeToken();
      if (token && token !== this.api.token) {
        this.signIn(token);
      }
    });
  }

  start() {
    const token = takeToken();
    if (token) {
      this.signIn(token);
    } else {
      this.signOut('');
    }
  }

  signIn(token) {
    this.api.token = token;
    byId('sign-in').hidden = true;
    byId('who').textContent = claimedUser(token);
    byId('sign-out').hidden = false;
    this.route();
  }

  /**
   * Back to the sign-in form, the token dropped. problem: the API's refusal (an ApiError), a sentence
   * to show, or null for "the sign-in is no longer good".
   */
  signOut(problem) {
    forgetToken();
    this.api.token = null;
    this.list.hide();
    this.viewer.hide();
    byId('who').textContent = '';
    byId('sign-out').hidden = true;
    byId('sign-in-message').textContent = problem instanceof ApiError
      ? `${SIGNED_OUT} The gateway said: ${problem.message}.` : problem ?? SIGNED_OUT;
    byId('sign-in').hidden = false;
  }

  route() {
    if (!this.api.token) {
      return;
    }
    const params = new URLSearchParams(location.search);
    const id = params.get('session');
    if (id) {
      this.list.hide();
      this.viewer.open(id, params.get('share'));
    } else {
      this.viewer.hide();
      this.list.show();
    }
  }

  openSession(id) {
    history.pushState(null, '', '?session=' + encodeURIComponent(id));
    this.route();
  }

  showList() {
    history.pushState(null, '', location.pathname);
    this.route();
  }

  notify(text) {
    byId('notice').textContent = text;
  }
}

new App().start();
