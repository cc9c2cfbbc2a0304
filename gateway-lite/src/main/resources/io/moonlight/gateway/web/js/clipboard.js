// The clipboard between the browser and the desktop, as text (docs/streaming.md, "Viewer"). A copy on
// the desktop arrives as a `clipboard` message and is written to the browser's clipboard; where the
// browser refuses (the page is not focused, no permission), the text is kept and offered behind a
// "Copy from desktop" button, and written when the page next gains the focus. The browser's clipboard
// goes to the desktop before a paste chord in the captured desktop (reading it may prompt: it is a
// user's action) and when the page gains the focus with clipboard-read already granted (never
// prompting). Browsers without the clipboard API keep the paste box and paste-as-typing.

export const CLIPBOARD_MESSAGE_BYTES = 256 * 1024;
/** How long keys wait for the browser's clipboard before a paste (Firefox may never answer). */
const READ_WAIT_MS = 1500;

/** The `clipboard` message for text, or null when it is over the protocol's 256 KiB. */
export function clipboardMessage(text) {
  const message = { t: 'clipboard', text };
  return new TextEncoder().encode(JSON.stringify(message)).length > CLIPBOARD_MESSAGE_BYTES ? null : message;
}

/** Ctrl+V, Cmd+V, Ctrl+Shift+V and Shift+Insert: the chords with which desktop applications paste. */
export function isPasteChord(event) {
  const v = event.code === 'KeyV' || event.key === 'v' || event.key === 'V';
  return (v && (event.ctrlKey || event.metaKey) && !event.altKey) || (event.code === 'Insert' && event.shiftKey);
}

/** Whether clipboard-read is granted already; false where the browser cannot say (Firefox throws). */
async function readGranted() {
  try {
    return (await navigator.permissions.query({ name: 'clipboard-read' })).state === 'granted';
  } catch {
    return false;
  }
}

/**
 * send(message) sends a message on the input channel; offer(text or null) shows or hides the "Copy
 * from desktop" button; notify(text) tells the user something went wrong.
 */
export class ClipboardSync {
  constructor({ send, offer, notify }) {
    Object.assign(this, { send, offer, notify });
    this.shared = null; // the text both clipboards hold, as far as this page knows
    this.pending = null; // a desktop copy not yet written to the browser's clipboard
    this.listeners = new AbortController();
    window.addEventListener('focus', () => this.focused(), { signal: this.listeners.signal });
  }

  get canRead() {
    return typeof navigator.clipboard?.readText === 'function';
  }

  /** The desktop copied text: into the browser's clipboard, or offered for a click when refused. */
  async fromDesktop(text) {
    this.shared = text;
    this.pending = text;
    if (!(await this.write(text))) {
      this.offer(text);
    }
  }

  /** The "Copy from desktop" button: a click lets the browser write. */
  async copyPending() {
    if (this.pending != null && !(await this.write(this.pending))) {
      this.notify('The browser refused to write its clipboard.');
    }
  }

  /**
   * Sends the browser's clipboard to the desktop; resolves when sent, refused or after READ_WAIT_MS,
   * so that the paste's keys never wait longer.
   */
  toDesktopBeforePaste() {
    if (!this.canRead) {
      return Promise.resolve();
    }
    const timeout = new Promise((resolve) => setTimeout(resolve, READ_WAIT_MS));
    return Promise.race([this.readAndSend(), timeout]);
  }

  detach() {
    this.listeners.abort();
    this.offer(null);
  }

  async focused() {
    if (this.pending != null) {
      await this.write(this.pending);
    } else if (this.canRead && await readGranted()) {
      await this.readAndSend();
    }
  }

  async write(text) {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      return false;
    }
    if (this.pending === text) {
      this.pending = null;
      this.offer(null);
    }
    return true;
  }

  async readAndSend() {
    let text;
    try {
      text = await navigator.clipboard.readText();
    } catch {
      return; // not allowed: the desktop pastes its own clipboard, and the paste box still types
    }
    if (text === this.shared) {
      return;
    }
    const message = clipboardMessage(text);
    if (!message) {
      this.notify('The clipboard holds more than the desktop takes (256 KiB); it was not sent.');
      return;
    }
    if (this.send(message)) {
      this.shared = text;
      this.pending = null;
      this.offer(null);
    }
  }
}
