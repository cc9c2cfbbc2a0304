// The viewer's peer connection: it offers a receive-only video transceiver (H264 preferred, then VP8),
// a receive-only audio transceiver (the desktop's sound, when the session has any) and the `input` data channel, trickles its ICE candidates once the offer is out, and asks the
// receiver for the lowest playout delay the browser allows.

import { mark } from './timeline.js';

export const INPUT_LABEL = 'input';
export const INPUT_PROTOCOL = 'moonlight.input.v1';

/** The browser's receive codecs, H264 first, then VP8, then the rest (RTX, RED, FEC stay usable). */
export function preferredCodecs(codecs) {
  const rank = (codec) => {
    const type = codec.mimeType.toLowerCase();
    return type === 'video/h264' ? 0 : type === 'video/vp8' ? 1 : 2;
  };
  return [...codecs].sort((a, b) => rank(a) - rank(b));
}

function preferH264(transceiver) {
  const capabilities = window.RTCRtpReceiver?.getCapabilities?.('video');
  if (typeof transceiver.setCodecPreferences !== 'function' || !capabilities) {
    return;
  }
  try {
    transceiver.setCodecPreferences(preferredCodecs(capabilities.codecs));
  } catch {
    // The browser's default order stays: the agent then picks from the codecs offered.
  }
}

function lowLatency(receiver) {
  if ('playoutDelayHint' in receiver) {
    receiver.playoutDelayHint = 0;
  }
  if ('jitterBufferTarget' in receiver) {
    receiver.jitterBufferTarget = 0;
  }
}

/**
 * Handlers: candidate(c) for each local candidate (null when gathering is done), track(stream),
 * state(connectionState), input(text) for each message the agent sends on the input channel.
 */
export class ViewerPeer {
  constructor(iceServers, handlers) {
    this.handlers = handlers;
    this.pc = new RTCPeerConnection({ iceServers: iceServers || [], bundlePolicy: 'max-bundle' });
    this.trickling = false;
    this.localCandidates = [];
    this.remoteCandidates = [];
    this.closed = false;
    const transceiver = this.pc.addTransceiver('video', { direction: 'recvonly' });
    preferH264(transceiver);
    lowLatency(transceiver.receiver);
    this.receiver = transceiver.receiver;
    lowLatency(this.pc.addTransceiver('audio', { direction: 'recvonly' }).receiver);
    this.input = this.pc.createDataChannel(INPUT_LABEL, { ordered: true, protocol: INPUT_PROTOCOL });
    this.input.onmessage = (event) => handlers.input(event.data);
    this.pc.onicecandidate = (event) => this.localCandidate(event.candidate);
    this.pc.ontrack = (event) => {
      lowLatency(event.receiver);
      handlers.track(event.streams[0] || new MediaStream([event.track]));
    };
    this.pc.onconnectionstatechange = () => {
      if (this.pc.connectionState === 'connected') {
        mark('connected');
      }
      handlers.state(this.pc.connectionState);
    };
  }

  /** The offer's SDP; candidates wait until {@link trickle} says the offer is out. */
  async offer() {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    return this.pc.localDescription.sdp;
  }

  /** The offer was sent: send the candidates gathered so far and every later one. */
  trickle() {
    mark('offer');
    this.trickling = true;
    this.localCandidates.splice(0).forEach((c) => this.handlers.candidate(c));
  }

  async answer(sdp) {
    if (this.pc.signalingState !== 'have-local-offer') {
      return; // the answer to an offer this peer did not make (one replaced before the agent answered)
    }
    mark('answer');
    await this.pc.setRemoteDescription({ type: 'answer', sdp });
    for (const candidate of this.remoteCandidates.splice(0)) {
      await this.addRemote(candidate);
    }
  }

  /** A candidate from the agent (candidate null: the agent has no more). */
  async candidate(message) {
    if (!this.pc.remoteDescription) {
      this.remoteCandidates.push(message);
      return;
    }
    await this.addRemote(message);
  }

  /** Sends one input message if the channel is open; whether it was. */
  send(message) {
    if (this.input.readyState !== 'open') {
      return false;
    }
    this.input.send(JSON.stringify(message));
    return true;
  }

  close() {
    this.closed = true;
    this.pc.onconnectionstatechange = null;
    this.pc.close();
  }

  localCandidate(candidate) {
    if (candidate && !candidate.candidate) {
      return; // Chromium's end-of-generation marker; the null that follows ends the candidates.
    }
    const message = candidate
      ? { candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex }
      : { candidate: null, sdpMid: null, sdpMLineIndex: null };
    if (this.trickling) {
      this.handlers.candidate(message);
    } else {
      this.localCandidates.push(message);
    }
  }

  async addRemote(message) {
    if (this.closed) {
      return;
    }
    try {
      await this.pc.addIceCandidate(message.candidate == null ? null
        : { candidate: message.candidate, sdpMid: message.sdpMid, sdpMLineIndex: message.sdpMLineIndex });
    } catch {
      // A candidate the browser cannot use (another address family, a stale generation): the others may do.
    }
  }
}
