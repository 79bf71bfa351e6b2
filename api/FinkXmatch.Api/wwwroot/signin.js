// Who is calling. With sign-in on (Auth:Mode tokens or oidc) the page asks for an API token (or a JWT from the site's
// provider), or, in oidc mode with a client id configured, signs in at the provider itself (oidc.js); it keeps the
// token for this tab only (sessionStorage: gone when the tab closes, never in the address or the page), and sends it
// as `Authorization: Bearer` with every API call. The bar at the top says who is signed in (GET /me).

import { beginProviderSignIn, finishProviderSignIn, isProviderAnswer, providerSignOut, signInConfig } from './oidc.js';

const storageKey = 'finkxmatch.token';
let provider = null;   // { authority, clientId, scopes } when the page signs in at the provider
const $ = (id) => document.getElementById(id);

export const token = () => sessionStorage.getItem(storageKey);

export function authHeaders(headers = {}) {
  const current = token();
  return current ? { ...headers, Authorization: `Bearer ${current}` } : headers;
}

export function authFetch(url, options = {}) {
  return fetch(url, { ...options, headers: authHeaders(options.headers ?? {}) });
}

// Asks the service who we are; shows it. Answers the user ({ name, operator, mode }) or null when not signed in.
export async function refreshSignIn() {
  provider = (await signInConfig()).oidc;
  if (isProviderAnswer()) {
    try {
      sessionStorage.setItem(storageKey, await finishProviderSignIn(provider));
    } catch (error) {
      sessionStorage.removeItem(storageKey);
      showSignedOut(`Signing in at the provider failed: ${error.message}.`);
      return null;
    }
  }
  let response;
  try {
    response = await authFetch('/api/v1/me');
  } catch {
    showSignedOut('The service is unreachable: check it is running, then reload the page.');
    return null;
  }
  if (response.status === 401) {
    const hadToken = token() !== null;
    sessionStorage.removeItem(storageKey);
    let detail = '';
    try {
      detail = (await response.json()).detail ?? '';
    } catch {
      // not a problem body
    }
    showSignedOut(hadToken ? `That token was not accepted: ${detail.split(';')[0]}.` : '');
    return null;
  }
  if (!response.ok) {
    showSignedOut(`The service answered ${response.status} ${response.statusText}.`);
    return null;
  }
  const me = await response.json();
  showSignedIn(me);
  return me;
}

function showSignedIn(me) {
  $('signin-form').hidden = true;
  $('provider-signin-button').hidden = true;
  $('signout-button').hidden = me.mode === 'none';
  $('who').textContent = me.mode === 'none'
    ? 'No sign-in on this service (local use): you are its operator.'
    : `Signed in as ${me.name}${me.operator ? ' (operator)' : ''}.`;
  $('signin-error').hidden = true;
}

function showSignedOut(error) {
  $('signin-form').hidden = false;
  $('provider-signin-button').hidden = !provider;
  $('signout-button').hidden = true;
  $('who').textContent = provider
    ? 'Not signed in: sign in with your account, or paste a token.'
    : 'Not signed in: paste your API token (from an operator) or your sign-in token.';
  $('signin-error').textContent = error;
  $('signin-error').hidden = !error;
}

// Wires the form: onSignedIn(me) runs after a token is accepted.
export function wireSignIn(onSignedIn) {
  $('signin-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const pasted = $('token-input').value.trim();
    $('token-input').value = '';
    if (!pasted) {
      showSignedOut('Paste a token first.');
      return;
    }
    sessionStorage.setItem(storageKey, pasted);
    const me = await refreshSignIn();
    if (me) await onSignedIn(me);
    else $('token-input').focus();
  });
  $('provider-signin-button').addEventListener('click', async () => {
    try {
      await beginProviderSignIn(provider);
    } catch (error) {
      showSignedOut(`Signing in at the provider failed: ${error.message}.`);
    }
  });
  $('signout-button').addEventListener('click', async () => {
    sessionStorage.removeItem(storageKey);
    location.hash = '';
    if (provider && await providerSignOut(provider)) return;
    location.reload();
  });
}
