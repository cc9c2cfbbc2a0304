// The viewer: one session's desktop. It waits until the session is READY, joins the session over
// signaling, offers a peer connection to the session's agent and shows the video scaled to the
// window; it reconnects on its own after a drop or a gateway restart, and stops when another tab
// takes the session over or the session ends. While the session's agent has failed or is off it
// says so instead of waiting, and connects again once the agent runs.

import { whyNoBrowserView } from './agent.js';
import { describe } from './api.js';
import { Backoff } from './backoff.js';
import { ClipboardSync } from './clipboard.js';
import { byId } from './dom.js';
import { FitToWindow } from './fit.js';
import { InputCapture } from './input.js';
import { NativePanel } from './native.js';
import { SharePanel } from './share.js';
import { ViewerPeer } from './peer.js';
import { Signaling } from './signaling.js';
import { SoundControl } from './sound.js';
import { StatsOverlay } from './stats.js';
import { markFirstFrame } from './timeline.js';

const STATE_REFRESH_MS = 5000;
const FINAL_STATES = new Set(['ENDED', 'FAILED']);

function timeLeft(session) {
  const seconds = session.time_left_seconds;
  if (seconds == null) {
    return '';
  }
  const minutes = Math.max(0, Math.floor(seconds / 60));
  return minutes >= 60 ? `, ${Math.floor(minutes / 60)} h ${minutes % 60} min left` : `, ${minutes} min left`;
}

export class Viewer {
  /** close(): back to the list; signedOut(error or null): the token no longer works. */
  constructor(api, { close, signedOut, notify }) {
    Object.assign(this, { api, close, signedOut, notify });
    this.section = byId('viewer');
    this.video = byId('video');
    this.stage = byId('stage');
    this.connection = byId('connection');
    this.stats = new StatsOverlay(byId('stats'));
    this.sound = new SoundControl(this.video, byId('sound-toggle'), byId('sound-hint'));
    this.native = new NativePanel(api, (error) => this.signedOut(error));
    this.sharing = new SharePanel(api, (error) => this.signedOut(error));
    this.peerRetry = new Backoff();
    this.session = null;
    this.share = null;
    this.visit = null;
    this.signaling = null;
    this.peer = null;
    this.input = null;
    this.clipboard = null;
    this.iceServers = [];
    this.agentPresent = false;
    this.timers = new Set();
    this.wire();
  }

  wire() {
    byId('back').onclick = () => this.close();
    byId('capture').onclick = () => this.input?.capture();
    byId('lock-pointer').onclick = () => this.input?.lockPointer().catch((error) => {
      this.notify('The pointer cannot be locked here: ' + error.message);
    });
    byId('fullscreen').onclick = () => this.toggleFullscreen();
    byId('reconnect').onclick = () => this.join();
    byId('stats-toggle').onclick = () => this.showStats(!this.stats.shown);
    byId('copy-from-desktop').onclick = () => this.clipboard?.copyPending();
    document.addEventListener('fullscreenchange', () => {
      byId('fullscreen').textContent = document.fullscreenElement ? 'Exit fullscreen' : 'Fullscreen';
    });
    document.addEventListener('pointerlockchange', () => {
      byId('lock-pointer').textContent = document.pointerLockElement ? 'Pointer locked' : 'Lock pointer';
    });
    this.video.addEventListener('resize', () => this.showConnected());
    this.fit = new FitToWindow({
      stage: this.stage,
      video: this.video,
      button: byId('fit-to-window'),
      send: (message) => this.peer?.send(message),
    });
    byId('fullscreen').hidden = !document.fullscreenEnabled;
    byId('lock-pointer').hidden = !('requestPointerLock' in Element.prototype);
  }

  /** share: the id of the share link the page was opened with (a view-only viewer), or null. */
  async open(id, share = null) {
    this.hide();
    this.share = share;
    const visit = Symbol(id);
    this.visit = visit;
    this.section.hidden = false;
    byId('viewer-title').textContent = id;
    byId('view-only').hidden = true;
    this.fit.setOwner(true);
    byId('capture').hidden = false;
    byId('paste-form').hidden = false;
    byId('native-toggle').hidden = false;
    byId('lock-pointer').hidden = !('requestPointerLock' in Element.prototype);
    this.native.reset();
    this.sharing.reset(share ? null : id);
    this.session = { id };
    this.clipboard = new ClipboardSync({
      send: (message) => this.peer?.send(message) ?? false,
      offer: (text) => {
        byId('copy-from-desktop').hidden = text == null;
      },
      notify: (text) => this.notify(text),
    });
    this.input = new InputCapture({
      stage: this.stage,
      video: this.video,
      keys: byId('keys'),
      send: (message) => this.peer?.send(message),
      beforePaste: () => this.clipboard.toDesktopBeforePaste(),
      captured: (on) => {
        byId('escape-hint').hidden = !on;
        byId('capture').textContent = on ? 'Keyboard captured' : 'Capture keyboard';
        if (!on && document.activeElement === document.body) {
          byId('capture').focus(); // after the escape chord, the keyboard goes on from the controls
        }
      },
    });
    byId('paste-form').onsubmit = (event) => {
      event.preventDefault();
      const field = byId('paste-text');
      this.input.type(field.value);
      field.value = '';
    };
    if (share) {
      // A viewer may not read the session through the API: the hub says whether it can be watched.
      this.join();
      return;
    }
    this.status('Looking up the session…');
    await this.watchState(visit);
  }

  /** Leaves the desktop: closes the stream and every timer. */
  hide() {
    this.visit = null;
    this.section.hidden = true;
    this.timers.forEach(clearTimeout);
    this.timers.clear();
    this.signaling?.stop();
    this.signaling = null;
    this.closePeer();
    this.input?.leave();
    this.input?.detach();
    this.input = null;
    this.clipboard?.detach();
    this.clipboard = null;
    this.showStats(false);
    if (document.fullscreenElement) {
      document.exitFullscreen().catch(() => {});
    }
    this.video.srcObject = null;
  }

  showStats(shown) {
    this.stats.show(shown);
    byId('stats-toggle').setAttribute('aria-pressed', String(shown));
  }

  later(action, ms) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  /** Follows the session's state: joins it once READY, stops when it has ended. */
  async watchState(visit) {
    let session;
    try {
      session = await this.api.session(this.session.id);
    } catch (error) {
      if (visit !== this.visit) {
        return;
      }
      if (error.signedOut) {
        this.signedOut(error);
        return;
      }
      this.status(error.status === 404 ? 'No such session.' : 'Cannot read the session: ' + describe(error));
      if (error.status !== 404) {
        this.later(() => this.watchState(visit), STATE_REFRESH_MS);
      }
      return;
    }
    if (visit !== this.visit) {
      return;
    }
    this.session = session;
    this.native.update(session);
    byId('viewer-title').textContent = `${session.id} (${session.image}, ${session.geometry})${timeLeft(session)}`;
    if (FINAL_STATES.has(session.state)) {
      this.ended(`The session has ${session.state}` + (session.failure_reason ? ': ' + session.failure_reason : '.'));
      return;
    }
    const noBrowserView = whyNoBrowserView(session);
    if (noBrowserView) {
      this.noAgent(noBrowserView);
    } else if (session.state === 'READY' && !this.signaling) {
      this.join();
    } else if (session.state !== 'READY') {
      this.status(`The session is ${session.state}; the desktop opens when it is READY.`);
    }
    this.later(() => this.watchState(visit), STATE_REFRESH_MS);
  }

  join() {
    byId('reconnect').hidden = true;
    this.signaling?.stop();
    this.status('Connecting…');
    this.signaling = new Signaling(this.session.id, this.api.token, {
      message: (message) => this.signal(message),
      retrying: (wait) => {
        this.status(`Connection lost; connecting again in ${(wait / 1000).toFixed(1)} s…`);
      },
      ended: (code, why) => {
        this.closePeer();
        if (code === 4401) {
          this.signedOut(null);
          return;
        }
        this.stopped(why.charAt(0).toUpperCase() + why.slice(1) + '.');
      },
    }, this.share);
    this.signaling.start();
  }

  signal(message) {
    switch (message.type) {
      case 'welcome':
        this.iceServers = message.iceServers || [];
        this.agentPresent = Boolean(message.agent);
        if (message.viewOnly) {
          this.watchOnly(message.owner);
        }
        if (this.agentPresent) {
          this.negotiate();
        } else {
          this.status('Waiting for the desktop to come up…');
        }
        break;
      case 'ice-servers':
        // Fresh TURN credentials before the welcome's expire: for the next peer connection.
        this.iceServers = message.iceServers || [];
        break;
      case 'agent-joined':
        this.agentPresent = true;
        this.negotiate();
        break;
      case 'agent-left':
        this.agentPresent = false;
        if (this.peer?.pc.connectionState !== 'connected') {
          this.status('Waiting for the desktop to come back…');
        }
        break;
      case 'answer':
        this.peer?.answer(message.sdp).catch((error) => this.status('The desktop\'s answer failed: ' + error.message));
        break;
      case 'candidate':
        this.peer?.candidate(message);
        break;
      case 'bye':
        this.closePeer();
        this.status('The desktop closed the stream' + (message.reason ? ` (${message.reason})` : '')
          + '; waiting for it to come back…');
        break;
      case 'watchers':
        this.sharing.watchers(message.viewers || []);
        break;
      case 'replaced':
        this.signaling.stop();
        this.closePeer();
        this.stopped('This session was opened in another tab; this tab stopped showing it.');
        break;
      case 'error':
        this.notify('Signaling: ' + (message.message || message.code));
        break;
      default:
        break;
    }
  }

  /**
   * This tab only watches (the hub let it in as a view-only viewer): a label says whose desktop it
   * is, and nothing captures or sends input (the agent would refuse it anyway).
   */
  watchOnly(owner) {
    this.input?.leave();
    this.input?.detach();
    this.input = null;
    this.clipboard?.detach();
    this.clipboard = null;
    this.fit.setOwner(false);
    byId('view-only').textContent = `View only — ${owner}'s desktop`;
    byId('view-only').hidden = false;
    this.sharing.reset(null);
    for (const id of ['capture', 'lock-pointer', 'copy-from-desktop', 'paste-form', 'native-toggle', 'native']) {
      byId(id).hidden = true;
    }
  }

  /** A new peer connection and its offer; the previous one is closed (the agent closes its side too). */
  async negotiate() {
    this.closePeer();
    this.status('Starting the stream…');
    const peer = new ViewerPeer(this.iceServers, {
      candidate: (candidate) => this.signaling?.send({ type: 'candidate', ...candidate }),
      track: (stream) => {
        // The video and the audio track arrive one by one, in the same stream.
        if (this.video.srcObject !== stream) {
          markFirstFrame(this.video);
          this.video.srcObject = stream;
        }
        this.sound.play(stream);
      },
      state: (state) => this.peerState(peer, state),
      input: (text) => this.fromAgent(text),
    });
    this.peer = peer;
    this.stats.watch(peer.pc);
    try {
      const sdp = await peer.offer();
      if (this.peer === peer && this.signaling?.send({ type: 'offer', sdp })) {
        peer.trickle();
      }
    } catch (error) {
      this.status('The stream cannot start: ' + error.message);
    }
  }

  /** A message of the agent on the input channel: today the desktop's clipboard. */
  fromAgent(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message?.t === 'clipboard' && typeof message.text === 'string') {
      this.clipboard?.fromDesktop(message.text);
    }
  }

  peerState(peer, state) {
    if (peer !== this.peer) {
      return;
    }
    if (state === 'connected') {
      this.peerRetry.reset();
      this.showConnected();
      this.fit.connected();
    } else if (state === 'disconnected') {
      this.status('The stream is interrupted; waiting for it…');
    } else if (state === 'failed') {
      const wait = this.peerRetry.next();
      this.status(`The stream failed; trying again in ${(wait / 1000).toFixed(1)} s…`);
      this.later(() => {
        if (this.peer === peer && this.agentPresent) {
          this.negotiate();
        }
      }, wait);
    }
  }

  showConnected() {
    if (this.peer?.pc.connectionState !== 'connected') {
      return;
    }
    const size = this.video.videoWidth ? ` ${this.video.videoWidth}x${this.video.videoHeight}` : '';
    this.status(`Connected${size}. Click the desktop to use it.`);
  }

  closePeer() {
    this.input?.release();
    this.peer?.close();
    this.peer = null;
    this.stats.watch(null);
  }

  /** Streaming stopped for good (another tab, not allowed): the user may connect again by hand. */
  stopped(text) {
    this.input?.leave();
    this.status(text);
    byId('reconnect').hidden = false;
  }

  /** No agent to stream the desktop: nothing to connect to until one runs again (the next read joins). */
  noAgent(text) {
    if (this.signaling?.stopped) {
      return; // stopped for good (another tab has the session): the user connects again by hand
    }
    this.ended(text);
  }

  ended(text) {
    this.signaling?.stop();
    this.signaling = null;
    this.closePeer();
    this.input?.leave();
    this.status(text);
  }

  status(text) {
    this.connection.textContent = text;
  }

  async toggleFullscreen() {
    try {
      if (document.fullscreenElement) {
        await document.exitFullscreen();
      } else {
        await this.section.requestFullscreen({ navigationUI: 'hide' });
        this.input?.capture();
      }
    } catch (error) {
      this.notify('Fullscreen is not available: ' + error.message);
    }
  }
}
