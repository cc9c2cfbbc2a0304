// Keyboard and mouse in the viewer, turned into input messages (docs/streaming.md, input protocol
// version 1). The keyboard is captured while the hidden `keys` text area holds the focus: it is the
// target of IME composition and paste. Ctrl+Alt+Shift+Escape leaves the capture and the pointer lock
// and is never sent. A paste chord first lets the browser's clipboard reach the desktop (beforePaste):
// the input after it waits until then, so the desktop pastes that text.

import { isPasteChord } from './clipboard.js';

const TEXT_UNITS = 256;
const MESSAGE_BYTES = 1024;
const REL_LIMIT = 4096;
const WHEEL_LIMIT = 10_000;
const BUTTONS = 5;

export function isEscapeChord(event) {
  return event.code === 'Escape' && event.ctrlKey && event.altKey && event.shiftKey;
}

/**
 * Where a point of the page falls on the video's picture, as fractions of its width and height:
 * the picture is the video scaled into the element's box with its aspect ratio kept (object-fit:
 * contain), so the bars beside or above it are not part of it. Null before the first frame.
 */
export function pictureFraction(box, videoWidth, videoHeight, clientX, clientY) {
  if (!videoWidth || !videoHeight || !box.width || !box.height) {
    return null;
  }
  const scale = Math.min(box.width / videoWidth, box.height / videoHeight);
  const width = videoWidth * scale;
  const height = videoHeight * scale;
  const x = (clientX - box.left - (box.width - width) / 2) / width;
  const y = (clientY - box.top - (box.height - height) / 2) / height;
  const inside = x >= 0 && x <= 1 && y >= 0 && y <= 1;
  return { x: clamp(x, 0, 1), y: clamp(y, 0, 1), inside };
}

/** Text as `text` messages: line ends as \n, no other control characters, each message within the limits. */
export function textMessages(text) {
  const clean = text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
  const encoder = new TextEncoder();
  const messages = [];
  let chunk = '';
  for (const character of clean) {
    const longer = chunk + character;
    if (longer.length > TEXT_UNITS
        || encoder.encode(JSON.stringify({ t: 'text', text: longer })).length > MESSAGE_BYTES) {
      messages.push({ t: 'text', text: chunk });
      chunk = character;
    } else {
      chunk = longer;
    }
  }
  if (chunk) {
    messages.push({ t: 'text', text: chunk });
  }
  return messages;
}

function clamp(value, low, high) {
  return Math.min(high, Math.max(low, value));
}

/**
 * Elements: stage (takes the mouse and is locked for relative motion), video (the picture), keys (the
 * hidden text area). send(message) sends one input message; captured(boolean) says when the keyboard
 * capture starts or ends; beforePaste() returns a promise that the input after a paste chord waits for.
 */
export class InputCapture {
  constructor({ stage, video, keys, send, captured, beforePaste }) {
    Object.assign(this, { stage, video, keys, captured, beforePaste });
    this.deliver = send;
    this.held = null; // input waiting for beforePaste
    this.heldKeys = new Set();
    this.heldButtons = new Set();
    this.motion = { x: 0, y: 0 };
    this.listeners = new AbortController();
    this.listen();
  }

  get capturing() {
    return document.activeElement === this.keys;
  }

  get pointerLocked() {
    return document.pointerLockElement === this.stage;
  }

  /** Captures the keyboard (and, in fullscreen, the keys the browser keeps for itself where it can). */
  capture() {
    this.keys.focus({ preventScroll: true });
    this.lockKeyboard();
    this.captured(this.capturing);
  }

  /**
   * Leaves the keyboard capture and the pointer lock; everything held is released. (The blur event
   * does the same, but a browser whose window is not focused may not send it.)
   */
  leave() {
    if (this.pointerLocked) {
      document.exitPointerLock();
    }
    this.keys.blur();
    this.left();
  }

  /** The capture has ended (left, or the text area lost the focus): held keys released, the page told. */
  left() {
    this.unlockKeyboard();
    this.release();
    this.captured(false);
  }

  /** Locks the pointer to the stage for relative motion; unadjusted (raw) motion where the browser has it. */
  async lockPointer() {
    this.capture();
    try {
      await this.stage.requestPointerLock({ unadjustedMovement: true });
    } catch (error) {
      if (error?.name !== 'NotSupportedError') {
        throw error;
      }
      await this.stage.requestPointerLock();
    }
  }

  /** Sends one input message, or keeps it while a paste waits for the browser's clipboard. */
  send(message) {
    if (this.held) {
      this.held.push(message);
    } else {
      this.deliver(message);
    }
  }

  /** Keeps the input back until {@code promise} settles, then sends it in order. */
  holdUntil(promise) {
    this.held = [];
    promise.catch(() => {}).finally(() => {
      const held = this.held;
      this.held = null;
      held.forEach((message) => this.deliver(message));
    });
  }

  /** Types text into the desktop. */
  type(text) {
    textMessages(text).forEach((message) => this.send(message));
  }

  /** Releases every key and button the desktop holds for this viewer (the page lost the focus or was hidden). */
  release() {
    if (this.heldKeys.size === 0 && this.heldButtons.size === 0) {
      return;
    }
    this.heldKeys.clear();
    this.heldButtons.clear();
    this.send({ t: 'release' });
  }

  detach() {
    this.listeners.abort();
    if (this.pointerLocked) {
      document.exitPointerLock();
    }
    this.unlockKeyboard();
  }

  lockKeyboard() {
    if (document.fullscreenElement && navigator.keyboard?.lock) {
      navigator.keyboard.lock().catch(() => {});
    }
  }

  unlockKeyboard() {
    navigator.keyboard?.unlock?.();
  }

  listen() {
    const options = { signal: this.listeners.signal };
    const keys = this.keys;
    keys.addEventListener('keydown', (e) => this.keyDown(e), options);
    keys.addEventListener('keyup', (e) => this.keyUp(e), options);
    keys.addEventListener('compositionend', (e) => {
      if (e.data) {
        this.type(e.data);
      }
      keys.value = '';
    }, options);
    keys.addEventListener('input', (e) => {
      // Text from keys that have no code (virtual keyboards); IME text comes with compositionend.
      if (!e.isComposing && e.inputType === 'insertText' && keys.value) {
        this.type(keys.value);
      }
      if (!e.isComposing) {
        keys.value = '';
      }
    }, options);
    keys.addEventListener('paste', (e) => {
      e.preventDefault();
      const text = e.clipboardData?.getData('text/plain');
      if (text) {
        this.type(text);
      }
    }, options);
    keys.addEventListener('focus', () => this.captured(true), options);
    keys.addEventListener('blur', () => this.left(), options);

    const stage = this.stage;
    stage.addEventListener('mousedown', (e) => this.buttonDown(e), options);
    document.addEventListener('mouseup', (e) => this.buttonUp(e), options);
    document.addEventListener('mousemove', (e) => this.move(e), options);
    stage.addEventListener('auxclick', (e) => e.preventDefault(), options);
    stage.addEventListener('contextmenu', (e) => e.preventDefault(), options);
    stage.addEventListener('wheel', (e) => this.wheel(e), { ...options, passive: false });

    window.addEventListener('blur', () => this.release(), options);
    window.addEventListener('pagehide', () => this.release(), options);
    document.addEventListener('visibilitychange', () => {
      if (document.hidden) {
        this.release();
      }
    }, options);
    document.addEventListener('fullscreenchange', () => {
      if (document.fullscreenElement && this.capturing) {
        this.lockKeyboard();
      } else if (!document.fullscreenElement) {
        this.unlockKeyboard();
      }
    }, options);
  }

  keyDown(e) {
    if (isEscapeChord(e)) {
      e.preventDefault();
      this.leave();
      return;
    }
    if (e.isComposing || e.keyCode === 229 || !e.code) {
      return; // the text arrives with compositionend or input
    }
    e.preventDefault();
    if (e.repeat && this.heldKeys.has(e.code)) {
      return; // the desktop repeats a held key itself
    }
    if (this.beforePaste && !this.held && isPasteChord(e)) {
      this.holdUntil(this.beforePaste());
    }
    this.heldKeys.add(e.code);
    this.send({ t: 'key', code: e.code, down: true });
  }

  keyUp(e) {
    if (!this.heldKeys.delete(e.code)) {
      return;
    }
    e.preventDefault();
    this.send({ t: 'key', code: e.code, down: false });
  }

  buttonDown(e) {
    e.preventDefault();
    this.capture();
    if (e.button >= BUTTONS) {
      return;
    }
    if (!this.pointerLocked) {
      const point = this.picturePoint(e);
      if (!point?.inside) {
        return;
      }
      this.send({ t: 'move', x: point.x, y: point.y });
    }
    this.heldButtons.add(e.button);
    this.send({ t: 'button', button: e.button, down: true });
  }

  buttonUp(e) {
    if (!this.heldButtons.delete(e.button)) {
      return;
    }
    e.preventDefault(); // back and forward would otherwise navigate the page
    this.send({ t: 'button', button: e.button, down: false });
  }

  move(e) {
    if (this.pointerLocked) {
      this.relative(e.movementX, e.movementY);
      return;
    }
    const point = this.picturePoint(e);
    if (point && (point.inside || this.heldButtons.size > 0)) {
      this.send({ t: 'move', x: point.x, y: point.y });
    }
  }

  /** Relative motion in whole pixels; the fractions some browsers report are kept for the next event. */
  relative(dx, dy) {
    this.motion.x += dx;
    this.motion.y += dy;
    const x = Math.trunc(this.motion.x);
    const y = Math.trunc(this.motion.y);
    this.motion.x -= x;
    this.motion.y -= y;
    if (x || y) {
      this.send({ t: 'rel', dx: clamp(x, -REL_LIMIT, REL_LIMIT), dy: clamp(y, -REL_LIMIT, REL_LIMIT) });
    }
  }

  wheel(e) {
    e.preventDefault();
    if (e.deltaX || e.deltaY) {
      this.send({
        t: 'wheel',
        dx: clamp(e.deltaX, -WHEEL_LIMIT, WHEEL_LIMIT),
        dy: clamp(e.deltaY, -WHEEL_LIMIT, WHEEL_LIMIT),
        mode: e.deltaMode,
      });
    }
  }

  picturePoint(e) {
    return pictureFraction(this.video.getBoundingClientRect(), this.video.videoWidth, this.video.videoHeight,
      e.clientX, e.clientY);
  }
}
