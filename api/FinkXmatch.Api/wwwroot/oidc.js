// The provider's sign-in, done by the page itself: OpenID Connect's authorization code flow with PKCE (RFC 7636) as a
// public client (no secret anywhere). The service tells the provider, the page's client id and the scopes
// (GET /api/v1/auth/config); the page sends the browser to the provider's authorization endpoint with a one-time
// code challenge and state, and when the provider sends it back with a code, trades the code and the verifier for an
// access token at the token endpoint. What is kept between the two page loads (verifier, state) is in sessionStorage
// and used once.

const pendingKey = 'finkxmatch.oidc.pending';

let configPromise = null;

// { mode, oidc: { authority, clientId, scopes } | null } from the service, asked once.
export function signInConfig() {
  configPromise ??= fetch('/api/v1/auth/config').then((r) => (r.ok ? r.json() : { mode: 'unknown', oidc: null }))
    .catch(() => ({ mode: 'unknown', oidc: null }));
  return configPromise;
}

// fetch, with a refused connection or CORS (both a bare TypeError in the browser) said in words.
async function fetchFromProvider(url, options) {
  try {
    return await fetch(url, options);
  } catch {
    throw new Error(`the provider cannot be reached at ${new URL(url).origin} (is it up, and does it allow this page's origin, ${location.origin}?)`);
  }
}

// The provider's discovery document; its issuer must be the one configured (so no other provider's answer is taken).
async function discover(oidc) {
  const authority = oidc.authority.replace(/\/+$/, '');
  const response = await fetchFromProvider(`${authority}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`the provider at ${authority} answered ${response.status} for its discovery document`);
  const document = await response.json();
  if ((document.issuer ?? '').replace(/\/+$/, '') !== authority) {
    throw new Error(`the provider's discovery document names issuer ${document.issuer}, not ${authority}`);
  }
  return document;
}

const base64Url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
const randomText = (bytes) => base64Url(crypto.getRandomValues(new Uint8Array(bytes)));

// Where the provider sends the browser back: this page, without query or fragment.
const redirectUri = () => `${location.origin}${location.pathname}`;

// Sends the browser to the provider. Resolves only on failure (the page is left otherwise).
export async function beginProviderSignIn(oidc) {
  if (!crypto.subtle) throw new Error('the provider sign-in needs the page over https (or on this machine)');
  const provider = await discover(oidc);
  const verifier = randomText(32);
  const challenge = base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = randomText(16);
  const nonce = randomText(16);
  sessionStorage.setItem(pendingKey, JSON.stringify({ verifier, state, hash: location.hash }));
  const query = new URLSearchParams({
    response_type: 'code', client_id: oidc.clientId, redirect_uri: redirectUri(), scope: oidc.scopes,
    state, nonce, code_challenge: challenge, code_challenge_method: 'S256',
  });
  location.assign(`${provider.authorization_endpoint}?${query}`);
}

// True when this page load is the provider sending the browser back (?code= or ?error= with state).
export function isProviderAnswer() {
  const query = new URLSearchParams(location.search);
  return query.has('state') && (query.has('code') || query.has('error'));
}

// Finishes a sign-in the provider sent back: answers the access token, or throws an Error saying why. Either way
// the code leaves the address bar and the pending verifier is forgotten.
export async function finishProviderSignIn(oidc) {
  const query = new URLSearchParams(location.search);
  const pending = JSON.parse(sessionStorage.getItem(pendingKey) ?? 'null');
  sessionStorage.removeItem(pendingKey);
  history.replaceState(null, '', `${location.pathname}${pending?.hash ?? ''}`);
  if (!pending || query.get('state') !== pending.state) {
    throw new Error('the sign-in answer does not belong to a sign-in started here: sign in again');
  }
  if (query.has('error')) throw new Error(`the provider refused: ${query.get('error_description') ?? query.get('error')}`);
  if (!oidc) throw new Error('this service has no provider sign-in');
  const provider = await discover(oidc);
  const response = await fetchFromProvider(provider.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: query.get('code'), redirect_uri: redirectUri(), client_id: oidc.clientId,
      code_verifier: pending.verifier,
    }),
  });
  let answer = {};
  try {
    answer = await response.json();
  } catch {
    // not JSON
  }
  if (!response.ok || typeof answer.access_token !== 'string') {
    throw new Error(`the provider's token endpoint answered ${response.status}${answer.error ? `: ${answer.error_description ?? answer.error}` : ''}`);
  }
  return answer.access_token;
}

// Ends the provider's session too, when it says how (end_session_endpoint), coming back to this page. Resolves
// false when it does not (the page then just forgets the token).
export async function providerSignOut(oidc) {
  let provider;
  try {
    provider = await discover(oidc);
  } catch {
    return false;
  }
  if (!provider.end_session_endpoint) return false;
  const query = new URLSearchParams({ client_id: oidc.clientId, post_logout_redirect_uri: redirectUri() });
  location.assign(`${provider.end_session_endpoint}?${query}`);
  return true;
}
