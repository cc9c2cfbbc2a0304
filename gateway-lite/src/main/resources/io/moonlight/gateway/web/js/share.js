// The owner's "Share view-only" panel: makes the session's share link (POST /sessions/{id}/share),
// copies it, revokes it (DELETE), and lists who watches (the hub's watchers message).

import { describe } from './api.js';
import { byId } from './dom.js';

export class SharePanel {
  constructor(api, signedOut) {
    this.api = api;
    this.signedOut = signedOut;
    this.id = null;
    this.panel = byId('share');
    this.toggleButton = byId('share-toggle');
    this.result = byId('share-result');
    this.link = byId('share-link');
    this.toggleButton.onclick = () => this.show(this.panel.hidden);
    byId('share-form').onsubmit = (event) => {
      event.preventDefault();
      this.create();
    };
    byId('share-copy').onclick = () => this.copy();
    byId('share-revoke').onclick = () => this.revoke();
  }

  show(visible) {
    this.panel.hidden = !visible;
    this.toggleButton.setAttribute('aria-expanded', String(visible));
  }

  /** A new session (id), or null for a viewer's tab, which has no panel. */
  reset(id) {
    this.id = id;
    this.show(false);
    this.toggleButton.hidden = id == null;
    this.result.textContent = '';
    this.shown(null);
    this.watchers([]);
    if (id != null) {
      this.api.shareOf(id).then((link) => this.id === id && this.shown(link), () => {});
    }
  }

  /** The hub's watchers: [{user, since}]. */
  watchers(viewers) {
    const list = byId('share-watchers');
    list.replaceChildren(...viewers.map((viewer) => {
      const item = document.createElement('li');
      item.textContent = `${viewer.user} since ${new Date(viewer.since).toLocaleTimeString()}`;
      return item;
    }));
    byId('share-nobody').hidden = viewers.length > 0;
  }

  shown(link) {
    this.link.value = link ? link.url : '';
    byId('share-current').hidden = !link;
    byId('share-expires').textContent = link
      ? `until ${new Date(link.expires_at).toLocaleString()}, up to ${link.max_viewers} viewers at once` : '';
  }

  async create() {
    await this.act(async () => {
      this.shown(await this.api.share(this.id, byId('share-expiry').value, Number(byId('share-max').value)));
      this.result.textContent = 'A new link: the one before no longer works.';
    });
  }

  async revoke() {
    await this.act(async () => {
      await this.api.revokeShare(this.id);
      this.shown(null);
      this.result.textContent = 'Revoked: its viewers were cut off.';
    });
  }

  async copy() {
    try {
      await navigator.clipboard.writeText(this.link.value);
      this.result.textContent = 'Link copied.';
    } catch (error) {
      this.link.select();
      this.result.textContent = 'Copy the selected link yourself (the browser refused: ' + error.message + ').';
    }
  }

  async act(action) {
    try {
      await action();
    } catch (error) {
      if (error.signedOut) {
        this.signedOut(error);
      }
      this.result.textContent = 'Not done: ' + describe(error);
    }
  }
}
