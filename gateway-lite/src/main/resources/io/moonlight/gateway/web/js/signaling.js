// The browser's side of the signaling protocol (docs/streaming.md, version 1): one WebSocket to
// /moonlight/signaling on the page's own origin, the portal's token only in the first message (hello),
// a ping against the idle timeout, and reconnection with backoff after any close but the final ones.

import { Backoff } from './backoff.js';
import { mark } from './timeline.js';

export const PROTOCOL_VERSION = 1;
const PING_INTERVAL_MS = 20_000;

/** Close codes after which reconnecting cannot help, with what they mean to the user. */
export const FINAL_CLOSES = new Map([
  [4400, 'the gateway did not understand the page (reload it)'],
  [4401, 'your sign-in expired or was refused'],
  [4403, 'this session is not yours, or the page was opened from an address the gateway does not allow'],
  [4404, 'the session is not running'],
  [4409, 'the session was opened in another tab'],
  [4410, 'the share link was revoked, replaced by a new one, or has expired'],
]);

export function signalingUrl() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/moonlight/signaling`;
}

/**
 * Handlers: message(m) for every message but pong; retrying(delayMs, code) before a reconnection;
 * ended(code, why) after a final close. share: the share link's id, for a view-only viewer (or null).
 */
export class Signaling {
  constructor(session, token, handlers, share = null) {
    this.session = session;
    this.token = token;
    this.share = share;
    this.handlers = handlers;
    this.backoff = new Backoff();
    this.stopped = false;
    this.socket = null;
    this.retry = null;
    this.pinger = null;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  /** Sends one message if the connection is open; false when it is not. */
  send(message) {
    if (this.socket?.readyState !== WebSocket.OPEN) {
      return false;
    }
    this.socket.send(JSON.stringify(message));
    return true;
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retry);
    clearInterval(this.pinger);
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'viewer closed');
  }

  connect() {
    mark('connect');
    const socket = new WebSocket(signalingUrl());
    this.socket = socket;
    socket.onopen = () => {
      mark('open');
      socket.send(JSON.stringify({
        type: 'hello', version: PROTOCOL_VERSION, role: 'browser', session: this.session, token: this.token,
        ...(this.share ? { share: this.share } : {}),
      }));
      this.pinger = setInterval(() => this.send({ type: 'ping' }), PING_INTERVAL_MS);
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket) {
        return;
      }
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message?.type === 'welcome') {
        mark('welcome');
        this.backoff.reset();
      }
      if (message?.type && message.type !== 'pong') {
        this.handlers.message(message);
      }
    };
    socket.onclose = (event) => {
      clearInterval(this.pinger);
      if (this.socket !== socket || this.stopped) {
        return;
      }
      this.socket = null;
      if (FINAL_CLOSES.has(event.code)) {
        this.stopped = true;
        // 4403 has several causes (not the user's, a foreign page, a share link's viewers all there):
        // the hub's reason says which.
        const why = event.code === 4403 && event.reason ? event.reason : FINAL_CLOSES.get(event.code);
        this.handlers.ended(event.code, why);
        return;
      }
      const wait = this.backoff.next();
      this.handlers.retrying(wait, event.code);
      this.retry = setTimeout(() => this.connect(), wait);
    };
  }
}
