// The desktop's size follows the viewer's window (the input protocol's resize): the stage's size in
// device pixels, sent once the window has stopped changing for a moment, and again when the picture
// comes back at a size other than the one asked for (a native Moonlight client left, a restart). The
// agent keeps the size within the session's limits and leaves it alone while a Moonlight client
// streams; a desktop that cannot change its size ignores it, and the picture is scaled as before.
// The "Fit to window" button turns it off and on; the choice is kept in this browser. A view-only
// tab never asks (only the owner's window sizes the desktop).

const SETTLE_MS = 600;
const STORAGE_KEY = 'moonlight.fitToWindow';
/** The agent rounds to multiples of 8 and clamps; a picture this close is the size asked for. */
const SLACK = 16;

export class FitToWindow {
  /** send(message): true once sent (the input channel is open). */
  constructor({ stage, video, button, send }) {
    Object.assign(this, { stage, video, button, send });
    this.enabled = localStorage.getItem(STORAGE_KEY) !== 'off';
    this.asked = null;
    this.timer = null;
    this.owner = true;
    new ResizeObserver(() => this.schedule()).observe(stage);
    video.addEventListener('resize', () => {
      if (this.asked && !this.near(this.asked)) {
        this.schedule();
      }
    });
    button.onclick = () => this.toggle();
    this.show();
  }

  /** Whether this tab is the owner's (a view-only tab never asks); shows the button only to the owner. */
  setOwner(owner) {
    this.owner = owner;
    this.button.hidden = !owner;
  }

  /** The peer connected: its channel opens about now. */
  connected() {
    this.asked = null;
    this.schedule();
  }

  toggle() {
    this.enabled = !this.enabled;
    localStorage.setItem(STORAGE_KEY, this.enabled ? 'on' : 'off');
    this.show();
    this.schedule();
  }

  show() {
    this.button.setAttribute('aria-pressed', String(this.enabled));
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.ask(), SETTLE_MS);
  }

  wanted() {
    const box = this.stage.getBoundingClientRect();
    const scale = window.devicePixelRatio || 1;
    return { width: Math.round(box.width * scale), height: Math.round(box.height * scale) };
  }

  near(size) {
    return Math.abs(this.video.videoWidth - size.width) <= SLACK && Math.abs(this.video.videoHeight - size.height) <= SLACK;
  }

  ask() {
    const size = this.wanted();
    if (!this.enabled || !this.owner || size.width < 1 || size.height < 1) {
      return;
    }
    if (this.send({ t: 'resize', width: size.width, height: size.height }) === true) {
      this.asked = size;
    }
  }
}
