// The stats overlay: once a second, what getStats says about the received video, as a viewer reads it.

const INTERVAL_MS = 1000;

function inboundVideo(report) {
  for (const stat of report.values()) {
    if (stat.type === 'inbound-rtp' && (stat.kind || stat.mediaType) === 'video') {
      return stat;
    }
  }
  return null;
}

/** Seconds of round trip: the selected candidate pair's, else the agent's RTCP report's (Firefox). */
function roundTrip(report) {
  let pair = null;
  for (const stat of report.values()) {
    if (stat.type === 'transport' && stat.selectedCandidatePairId) {
      pair = report.get(stat.selectedCandidatePairId);
    }
  }
  if (!pair) {
    pair = [...report.values()].find((s) => s.type === 'candidate-pair' && (s.selected || s.nominated)
      && s.state === 'succeeded');
  }
  if (pair?.currentRoundTripTime !== undefined) {
    return pair.currentRoundTripTime;
  }
  const remote = [...report.values()].find((s) => s.type === 'remote-outbound-rtp' && s.kind === 'video');
  return remote?.roundTripTime;
}

function delta(now, before, field) {
  return before && now[field] !== undefined && before[field] !== undefined ? now[field] - before[field] : undefined;
}

/**
 * The figures of one report, given the previous inbound video stats (for rates): fps, bitrate (kbit/s),
 * rtt, jitter and decode time per frame (ms), packet loss (%), codec, resolution; undefined where the
 * browser does not say.
 */
export function summarize(report, before) {
  const video = inboundVideo(report);
  if (!video) {
    return { video: null };
  }
  const seconds = before ? (video.timestamp - before.timestamp) / 1000 : 0;
  const frames = delta(video, before, 'framesDecoded');
  const bytes = delta(video, before, 'bytesReceived');
  const lost = delta(video, before, 'packetsLost');
  const received = delta(video, before, 'packetsReceived');
  const decodeSeconds = delta(video, before, 'totalDecodeTime');
  const rtt = roundTrip(report);
  return {
    video,
    fps: video.framesPerSecond ?? (seconds > 0 && frames !== undefined ? frames / seconds : undefined),
    bitrateKbps: seconds > 0 && bytes !== undefined ? (bytes * 8) / seconds / 1000 : undefined,
    rttMs: rtt === undefined ? undefined : rtt * 1000,
    jitterMs: video.jitter === undefined ? undefined : video.jitter * 1000,
    lossPercent: lost !== undefined && received !== undefined && lost + received > 0
      ? (100 * Math.max(lost, 0)) / (lost + received) : undefined,
    decodeMs: frames > 0 && decodeSeconds !== undefined ? (1000 * decodeSeconds) / frames : undefined,
    codec: report.get(video.codecId)?.mimeType?.replace(/^video\//, ''),
    resolution: video.frameWidth ? `${video.frameWidth}x${video.frameHeight}` : undefined,
  };
}

const FIGURES = [
  ['fps', 'FPS', (v) => v.toFixed(1)],
  ['bitrateKbps', 'Bitrate', (v) => (v >= 1000 ? `${(v / 1000).toFixed(2)} Mbit/s` : `${v.toFixed(0)} kbit/s`)],
  ['rttMs', 'RTT', (v) => `${v.toFixed(1)} ms`],
  ['jitterMs', 'Jitter', (v) => `${v.toFixed(1)} ms`],
  ['lossPercent', 'Packet loss', (v) => `${v.toFixed(2)} %`],
  ['decodeMs', 'Decode', (v) => `${v.toFixed(2)} ms/frame`],
  ['codec', 'Codec', (v) => v],
  ['resolution', 'Resolution', (v) => v],
];

/** Shows the figures in a definition list (one dt/dd pair each, dd marked with data-stat) while visible. */
export class StatsOverlay {
  constructor(list) {
    this.list = list;
    this.peer = null;
    this.before = null;
    this.timer = null;
    this.values = new Map();
    for (const [key, label] of FIGURES) {
      const term = document.createElement('dt');
      term.textContent = label;
      const value = document.createElement('dd');
      value.dataset.stat = key;
      value.textContent = '–';
      list.append(term, value);
      this.values.set(key, value);
    }
  }

  get shown() {
    return !this.list.hidden;
  }

  /** The peer connection to read (null: none now). */
  watch(pc) {
    this.peer = pc;
    this.before = null;
  }

  show(visible) {
    this.list.hidden = !visible;
    clearInterval(this.timer);
    if (visible) {
      this.timer = setInterval(() => this.refresh(), INTERVAL_MS);
      this.refresh();
    }
  }

  async refresh() {
    const pc = this.peer;
    if (!pc || pc.connectionState === 'closed') {
      this.render({});
      return;
    }
    const summary = summarize(await pc.getStats(), this.before);
    if (pc === this.peer) {
      this.before = summary.video;
      this.render(summary);
    }
  }

  render(summary) {
    for (const [key, , format] of FIGURES) {
      const value = summary[key];
      this.values.get(key).textContent = value === undefined || Number.isNaN(value) ? '–' : format(value);
    }
  }
}
