// Stands in for the session's agent in the web client's tests, run in a browser window of its own:
// it joins the hub as the agent, answers each offer with a 640x360 canvas that changes 30 times a
// second and a 440 Hz tone as the desktop's sound (one stream, as the agent sends them), reports each
// offer, input channel and input message to the hub (FakeSignalingHub keeps them for the test), leaves
// the input channel in window.inputChannel for the test to send the agent's messages, and reconnects
// when its connection drops. Arguments: the hub's URL, the session id.
const [url, session] = arguments;
let socket = null;
const report = (kind, value) => {
  if (socket?.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify({ type: 'test-report', kind, value }));
  }
};
const canvas = document.createElement('canvas');
canvas.width = 640;
canvas.height = 360;
document.body.append(canvas);
const painter = canvas.getContext('2d');
let tick = 0;
setInterval(() => {
  painter.fillStyle = `hsl(${(tick += 7) % 360} 80% 50%)`;
  painter.fillRect(0, 0, canvas.width, canvas.height);
}, 33);
const stream = canvas.captureStream(30);
const sound = new AudioContext();
const tone = sound.createOscillator();
const toPeer = sound.createMediaStreamDestination();
tone.connect(toPeer);
tone.start();
stream.addTrack(toPeer.stream.getAudioTracks()[0]);
let pc = null;

function connect() {
  const ws = new WebSocket(url);
  socket = ws;
  const send = (message) => ws.send(JSON.stringify(message));
  ws.onopen = () => send({ type: 'hello', version: 1, role: 'agent', session, token: 'a-session-token' });
  ws.onclose = () => setTimeout(connect, 300);
  ws.onmessage = async (event) => {
    const message = JSON.parse(event.data);
    if (message.type === 'offer') {
      pc?.close();
      pc = new RTCPeerConnection();
      report('offer', message.sdp);
      pc.ondatachannel = (e) => {
        const channel = e.channel;
        report('channel', { label: channel.label, protocol: channel.protocol, ordered: channel.ordered });
        channel.onmessage = (m) => report('input', JSON.parse(m.data));
        window.inputChannel = channel; // the test sends the agent's messages (a desktop's copy) on it
      };
      pc.onicecandidate = (e) => send({
        type: 'candidate', to: message.from, candidate: e.candidate ? e.candidate.candidate : null,
        sdpMid: e.candidate ? e.candidate.sdpMid : null, sdpMLineIndex: e.candidate ? e.candidate.sdpMLineIndex : null,
      });
      await pc.setRemoteDescription({ type: 'offer', sdp: message.sdp });
      pc.addTrack(stream.getVideoTracks()[0], stream);
      pc.addTrack(stream.getAudioTracks()[0], stream);
      await pc.setLocalDescription(await pc.createAnswer());
      send({ type: 'answer', to: message.from, sdp: pc.localDescription.sdp });
    } else if (message.type === 'candidate' && pc) {
      pc.addIceCandidate(message.candidate === null ? null : message).catch(() => {});
    } else if (message.type === 'peer-left') {
      pc?.close();
      pc = null;
    }
  };
}

connect();
