// The desktop's sound: it plays with the picture in the video element (one media stream, so the
// browser keeps them in sync). Mute/Unmute is remembered per browser (localStorage). Browsers refuse
// to start sound before the user has interacted with the page: then the picture starts muted, the
// page says "click to hear the desktop", and the next click or key press on the page turns it on.

const MUTED_KEY = 'moonlight.muted';

function storedMuted() {
  try {
    return localStorage.getItem(MUTED_KEY) === 'true';
  } catch {
    return false; // storage disabled: sound on, not remembered
  }
}

function storeMuted(muted) {
  try {
    localStorage.setItem(MUTED_KEY, String(muted));
  } catch {
    // Not remembered; the choice still holds for this page.
  }
}

export class SoundControl {
  /** video: the element the stream plays in; button: Mute/Unmute; hint: where "click to hear" goes. */
  constructor(video, button, hint) {
    Object.assign(this, { video, button, hint });
    this.wanted = !storedMuted();
    this.blocked = false;
    button.onclick = () => this.choose(!this.wanted || this.blocked);
    const gesture = () => {
      if (this.blocked && this.wanted) {
        this.apply();
      }
    };
    document.addEventListener('pointerdown', gesture, true);
    document.addEventListener('keydown', gesture, true);
    this.show(false);
  }

  /** Plays {@code stream}: with sound when the user wants it and the browser allows it. */
  async play(stream) {
    this.show(stream.getAudioTracks().length > 0);
    await this.apply();
  }

  async choose(wanted) {
    this.wanted = wanted;
    storeMuted(!wanted);
    await this.apply();
  }

  async apply() {
    this.video.muted = !this.wanted;
    try {
      await this.video.play();
      this.blocked = false;
    } catch (error) {
      if (error.name !== 'NotAllowedError' || this.video.muted) {
        this.render();
        return; // no stream yet, or it was replaced meanwhile: the next one plays
      }
      // Sound before any user gesture: the picture goes on muted until the next click.
      this.blocked = true;
      this.video.muted = true;
      await this.video.play().catch(() => {});
    }
    this.render();
  }

  show(hasSound) {
    this.button.hidden = !hasSound;
    if (!hasSound) {
      this.hint.textContent = '';
    }
  }

  render() {
    const audible = this.wanted && !this.blocked;
    this.button.textContent = audible ? 'Mute' : 'Unmute';
    this.button.setAttribute('aria-label', audible ? 'Mute the desktop' : 'Unmute the desktop');
    this.hint.textContent = this.blocked && this.wanted && !this.button.hidden ? 'Sound is off: click to hear the desktop.' : '';
  }
}
