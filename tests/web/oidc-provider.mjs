// An OpenID Connect provider for the browser test of the page's own sign-in (e2e.mjs, step oidc): oauth2-mock-server
// (a maintained mock provider for automated tests: discovery document, JWKS, an authorization endpoint that signs the
// user in without a form, a token endpoint issuing RS256 JWTs signed with a key it makes, PKCE checked), told here
// who the user is and what the service expects.
//
//   node oidc-provider.mjs --port P --user NAME --client-id ID --audience AUD [--operator-role ROLE]
//
// Prints "[oidc] issuer URL" once it listens, and one line per token request. On top of the mock's own checks, a token
// request must carry the page's client id, a PKCE code_verifier for a code issued with a code_challenge (the mock
// checks that they match), and the redirect URI the code was issued for; anything else is refused with 400.

import { OAuth2Server } from 'oauth2-mock-server';

const options = {};
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) options[args[i].replace(/^--/, '')] = args[i + 1];
for (const required of ['port', 'user', 'client-id', 'audience']) {
  if (!options[required]) {
    console.error(`usage: node oidc-provider.mjs --port P --user NAME --client-id ID --audience AUD (missing --${required})`);
    process.exit(2);
  }
}

const server = new OAuth2Server();
await server.issuer.keys.generate('RS256');
server.issuer.url = `http://127.0.0.1:${options.port}`;
await server.start(Number(options.port), '127.0.0.1');

// Each code's redirect URI and whether it came with a PKCE challenge, as the authorization endpoint issued it.
const codes = new Map();
server.service.on('beforeAuthorizeRedirect', (redirect, req) => {
  const code = redirect.url.searchParams.get('code');
  if (code) codes.set(code, { redirectUri: req.query.redirect_uri, pkce: req.query.code_challenge_method === 'S256' && !!req.query.code_challenge });
  console.log(`[oidc] authorize: client ${req.query.client_id}, scope '${req.query.scope}', PKCE ${req.query.code_challenge_method ?? 'none'}`);
});

server.service.on('beforeTokenSigning', (token) => {
  Object.assign(token.payload, { sub: options.user, preferred_username: options.user, name: `Test user ${options.user}` });
  // The access token (the id token already has the client as its audience) is for the service.
  if (token.payload.aud === undefined) {
    token.payload.aud = options.audience;
    if (options['operator-role']) token.payload.roles = [options['operator-role']];
  }
});

server.service.on('beforeResponse', (response, req) => {
  const body = req.body ?? {};
  const issued = codes.get(body.code);
  codes.delete(body.code);
  let refusal = null;
  if (body.grant_type !== 'authorization_code') refusal = `grant_type ${body.grant_type} is not for the page`;
  else if (body.client_id !== options['client-id']) refusal = `client_id '${body.client_id}' is not '${options['client-id']}'`;
  else if (!issued) refusal = 'the code is unknown or was used already';
  else if (!issued.pkce) refusal = 'the code was asked for without an S256 code_challenge';
  else if (!body.code_verifier) refusal = 'no code_verifier';
  else if (body.redirect_uri !== issued.redirectUri) refusal = `redirect_uri '${body.redirect_uri}' is not the one the code was issued for`;
  if (refusal) {
    response.statusCode = 400;
    response.body = { error: 'invalid_grant', error_description: refusal };
  }
  console.log(`[oidc] token: ${refusal ? `refused: ${refusal}` : `issued to ${options.user} for client ${body.client_id} with a PKCE verifier`}`);
});

console.log(`[oidc] issuer ${server.issuer.url}`);
process.on('SIGTERM', async () => {
  await server.stop();
  process.exit(0);
});
