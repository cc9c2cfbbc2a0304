// What a session's streaming agent means for this page. Its supervisor reports it as running,
// restarting, failed (given up after its restarts) or off (the site runs none): docs/streaming.md,
// "The agent".

const UNAVAILABLE = new Set(['failed', 'off']);

/** Why browsers cannot show the session, in plain words; null while its agent runs or may still come. */
export function whyNoBrowserView(session) {
  const agent = session.agent;
  if (!agent || !UNAVAILABLE.has(agent.state)) {
    return null;
  }
  const why = agent.reason ? ` (${agent.reason})` : '';
  const what = agent.state === 'failed' ? `its streaming agent failed${why}` : `it has no streaming agent${why}`;
  const native = session.sunshine ? '; a native Moonlight client can still connect' : '';
  return `Browsers cannot show this session: ${what}. The desktop is still running${native}.`;
}
