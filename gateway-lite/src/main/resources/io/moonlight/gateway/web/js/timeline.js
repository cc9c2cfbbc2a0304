// The steps from connecting to the first frame, as marks on the page's performance timeline
// (moonlight:connect, :open, :welcome, :offer, :answer, :connected, :first-frame): a slow start can
// then be read step by step in the browser's performance tools, and the benchmarks read the same marks.

export function mark(step) {
  performance.mark(`moonlight:${step}`);
}

/** Marks the first frame the video element presents from now on. */
export function markFirstFrame(video) {
  if (typeof video.requestVideoFrameCallback === 'function') {
    video.requestVideoFrameCallback(() => mark('first-frame'));
  } else {
    video.addEventListener('loadeddata', () => mark('first-frame'), { once: true });
  }
}
