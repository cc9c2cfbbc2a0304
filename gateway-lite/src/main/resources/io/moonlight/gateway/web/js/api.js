// The gateway's REST API (docs/gateway.md), called with the portal's token in the Authorization header.

export const BASE = '/api/moonlight';

/** A refused request, with the API's one-line error and hint. */
export class ApiError extends Error {
  constructor(status, error, hint) {
    super(error);
    this.status = status;
    this.hint = hint || '';
  }

  /** The sign-in is no longer good: no, bad or expired token. */
  get signedOut() {
    return this.status === 401;
  }

  /** "error: hint", as the page shows it. */
  describe() {
    return this.hint ? `${this.message} (${this.hint})` : this.message;
  }
}

/** What went wrong, for the page: the API's error and hint, or any other error's message. */
export function describe(error) {
  return error instanceof ApiError ? error.describe() : String(error?.message || error);
}

export class Api {
  constructor(token) {
    this.token = token;
  }

  /** Every page of the live sessions (the API hands them out in pages). */
  async sessions() {
    const all = [];
    let cursor = null;
    do {
      const page = await this.request('GET', '/sessions' + (cursor ? '?cursor=' + encodeURIComponent(cursor) : ''));
      all.push(...page.sessions);
      cursor = page.next_cursor;
    } while (cursor);
    return all;
  }

  session(id) {
    return this.request('GET', '/sessions/' + encodeURIComponent(id));
  }

  async images() {
    return (await this.request('GET', '/images')).images;
  }

  start(image, geometry, hours) {
    return this.request('POST', '/sessions', { image, geometry, hours });
  }

  stop(id) {
    return this.request('DELETE', '/sessions/' + encodeURIComponent(id));
  }

  pair(id, pin) {
    return this.request('POST', '/sessions/' + encodeURIComponent(id) + '/pair', { pin });
  }

  /** A new view-only share link of the session (expires: '30m', '2h', '1d'). */
  share(id, expires, maxViewers) {
    return this.request('POST', '/sessions/' + encodeURIComponent(id) + '/share', { expires, max_viewers: maxViewers });
  }

  shareOf(id) {
    return this.request('GET', '/sessions/' + encodeURIComponent(id) + '/share');
  }

  revokeShare(id) {
    return this.request('DELETE', '/sessions/' + encodeURIComponent(id) + '/share');
  }

  async request(method, path, body) {
    const headers = { Authorization: 'Bearer ' + this.token, Accept: 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    let response;
    try {
      response = await fetch(BASE + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
      });
    } catch {
      throw new ApiError(0, 'the gateway cannot be reached', 'check the network; the page keeps trying');
    }
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // Not the API's JSON (a proxy's error page): described below by its status.
    }
    if (!response.ok) {
      throw new ApiError(response.status, json?.error || `the gateway answered ${response.status}`, json?.hint);
    }
    return json;
  }
}
