// The native-client panel: the session's Moonlight address and a form that pairs the Moonlight app
// with the PIN it shows (POST /sessions/{id}/pair).

import { describe } from './api.js';
import { byId } from './dom.js';

export class NativePanel {
  constructor(api, signedOut) {
    this.api = api;
    this.signedOut = signedOut;
    this.session = null;
    this.panel = byId('native');
    this.toggleButton = byId('native-toggle');
    this.result = byId('pair-result');
    this.pin = byId('pair-pin');
    this.toggleButton.onclick = () => this.show(this.panel.hidden);
    byId('pair-form').onsubmit = (event) => {
      event.preventDefault();
      this.pair();
    };
  }

  /** The session as the API shows it alone (with moonlight_address). */
  update(session) {
    this.session = session;
    const runsSunshine = session.sunshine !== false;
    byId('native-none').hidden = runsSunshine;
    byId('native-details').hidden = !runsSunshine;
    byId('moonlight-address').textContent = session.moonlight_address || 'not known yet';
  }

  show(visible) {
    this.panel.hidden = !visible;
    this.toggleButton.setAttribute('aria-expanded', String(visible));
    if (visible) {
      this.pin.focus();
    }
  }

  reset() {
    this.show(false);
    this.result.textContent = '';
    this.pin.value = '';
  }

  async pair() {
    this.result.textContent = 'Pairing…';
    try {
      await this.api.pair(this.session.id, this.pin.value.trim());
      this.result.textContent = 'Paired: connect from the Moonlight app now.';
      this.pin.value = '';
    } catch (error) {
      if (error.signedOut) {
        this.signedOut(error);
      }
      this.result.textContent = 'Not paired: ' + describe(error);
      this.pin.select(); // typing again replaces it
    }
  }
}
