// The portal's token: from the address's fragment (#token=...) or from sessionStorage, where the page
// keeps it for the tab's lifetime. It never goes into a URL: the fragment is removed from the address
// bar at once, and every request carries it in the Authorization header.

export const TOKEN_KEY = 'moonlight.token';

/** The token the page was opened with (then stored) or the stored one; null when there is none. */
export function takeToken() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const given = fragment.get('token');
  if (fragment.has('token')) {
    history.replaceState(history.state, '', location.pathname + location.search);
  }
  if (given) {
    sessionStorage.setItem(TOKEN_KEY, given);
    return given;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export function keepToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** The user name the token claims, for display only (the gateway checks the token). */
export function claimedUser(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(payload));
    return claims.preferred_username || claims.sub || '';
  } catch {
    return '';
  }
}
