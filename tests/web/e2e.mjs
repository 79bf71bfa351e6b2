// Browser test of the FinkXmatch web page, driving the machine's Chromium with playwright-core.
//
//   node e2e.mjs <baseUrl> <artifactDir> [--steps signin,oidc,page,job,packet,lsst,cone] [--catalog FILE] [--lsst-catalog FILE]
//                [--token T --bad-token T --user NAME] [--cone-ra RA --cone-dec DEC --cone-radius ARCSEC --cone-count N]
//
// Steps (in this order; --steps picks some, default all but signin, oidc and cone):
//   signin: (a service with sign-in on) not signed in; --bad-token refused next to the box; --token accepted, "Signed in
//         as NAME", the service described; upload --catalog, run a crossmatch, download it through the page's link
//         (fetched with the token); the token nowhere in the page or its address; still signed in after a reload; sign out.
//   oidc: (a service in oidc mode with a client id, trusting oidc-provider.mjs) not signed in, the provider's sign-in
//         offered; a forged provider answer refused; signed in at the provider (authorization code with PKCE S256, the
//         challenge checked here against the verifier sent), "Signed in as --user", the code gone from the address;
//         upload, crossmatch (its id kept as oidc-job.txt for the xunit side); still signed in after a reload; signed
//         out at the provider and back, nothing kept.
//   page: load the page; refuse bad files (unsupported type via the file picker, empty file via drag and drop);
//         drop a small southern catalog (count, zero-footprint warning); drop a semicolon-separated one with bad
//         coordinates (the separator in the preview caption, the invalid-row warning); upload 3hsp.csv with the file picker
//         (2013 sources, 10-row preview, guessed columns); draw its sky map (80% inside ZTF); choose years, a field
//         and a radius (a bad radius is refused next to its box).
//   job:  submit the crossmatch, wait for `completed` (progress, log), download the Parquet (PAR1 at both ends) and
//         check the fink_datatransfer / finkxmatch transfer command lines. Needs the job endpoints (POST /xmatch ...).
//   packet: switch to a Fink packet (full) over every year of the datalake, whose nights may have been written under
//         different schemas; submit, wait for `completed`, every night searched, download the Parquet.
//   lsst: reload, upload --lsst-catalog (a source beside each alert of the service's LSST night), draw the sky map for
//         ZTF, choose Rubin (LSST), draw it again (100% where the night has alerts), a south-pole catalog (zero warning),
//         check the suggestions and hints follow the survey, run the job and check its topic, matches and commands.
//   cone: reload; type --cone-ra/--cone-dec (a known alert's position) and --cone-radius in the cone search box, ZTF
//         chosen; the table's rows are the API's answer to the same arguments, cell for cell, nearest first, and there
//         are --cone-count of them (the test's brute force over the datalake); the sky map of the search has one mark
//         per row; a window without a first day is refused next to the window field; an alert field adds its column; a
//         bad RA is refused next to the RA field. With --token (sign-in on): a search before signing in asks
//         for it next to the button; then the token is pasted and the search runs with it.
// A screenshot of each step goes to <artifactDir>. Exit code 0 when every check passes, 1 otherwise.

import { chromium } from 'playwright-core';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const allSteps = ['signin', 'oidc', 'page', 'job', 'packet', 'lsst', 'cone'];
const { baseUrl, artifactDir, steps, catalog, lsstCatalog, token, badToken, user, cone } = parseArguments(process.argv.slice(2));
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

function parseArguments(args) {
  const positional = [];
  const options = { steps: allSteps.filter((s) => s !== 'signin' && s !== 'oidc' && s !== 'cone').join(','), catalog: join(here, '..', 'data', 'catalogs', '3hsp.csv'), cone: {} };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--steps') options.steps = args[++i];
    else if (args[i] === '--token') options.token = args[++i];
    else if (args[i] === '--bad-token') options.badToken = args[++i];
    else if (args[i] === '--user') options.user = args[++i];
    else if (args[i] === '--catalog') options.catalog = args[++i];
    else if (args[i] === '--lsst-catalog') options.lsstCatalog = args[++i];
    else if (args[i].startsWith('--cone-')) options.cone[args[i].slice('--cone-'.length)] = args[++i];
    else positional.push(args[i]);
  }
  if (positional.length !== 2) {
    console.error('usage: node e2e.mjs <baseUrl> <artifactDir> [--steps page,job,packet] [--catalog FILE]');
    process.exit(2);
  }
  const steps = options.steps.split(',').map((s) => s.trim()).filter(Boolean);
  for (const step of steps) {
    if (!allSteps.includes(step)) {
      console.error(`unknown step '${step}': use ${allSteps.join(', ')}`);
      process.exit(2);
    }
  }
  return { baseUrl: positional[0].replace(/\/$/, ''), artifactDir: resolve(positional[1]), steps, catalog: resolve(options.catalog),
    lsstCatalog: options.lsstCatalog ? resolve(options.lsstCatalog) : null, token: options.token, badToken: options.badToken, user: options.user,
    cone: options.cone };
}

class CheckFailed extends Error {}

function check(condition, message) {
  if (!condition) throw new CheckFailed(message);
}

function log(message) {
  console.log(`[e2e] ${message}`);
}

let shot = 0;
async function screenshot(page, name) {
  shot++;
  const path = join(artifactDir, `${String(shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path, fullPage: true });
  log(`screenshot ${path}`);
}

const visible = (page, selector, timeout = 30_000) => page.locator(selector).waitFor({ state: 'visible', timeout });
const text = async (page, selector) => (await page.locator(selector).textContent())?.trim() ?? '';

// Drops a file made in the page onto the drop zone, as a user dragging it from their desktop.
async function dropFile(page, name, content) {
  const dataTransfer = await page.evaluateHandle(([fileName, body]) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([body], fileName, { type: 'text/csv' }));
    return transfer;
  }, [name, content]);
  await page.dispatchEvent('#drop-zone', 'dragenter', { dataTransfer });
  await page.dispatchEvent('#drop-zone', 'dragover', { dataTransfer });
  await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer });
}

// The sky map image is decoded and shown.
async function skyMapLoaded(page) {
  await page.waitForFunction(() => {
    const img = document.getElementById('skymap');
    return img.complete && img.naturalWidth > 0;
  });
}

async function pageSteps(page, state) {
  log('page: load');
  await page.goto(`${baseUrl}/`);
  await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
  check(await page.locator('a[href="/dashboard"]').count() === 1, 'no link to /dashboard');
  check(await page.title() !== '', 'the page has no title');
  state.info = await page.evaluate(async () => (await fetch('/api/v1/info')).json());
  await screenshot(page, 'page');

  log('page: an unsupported file type is refused next to the file picker');
  await page.setInputFiles('#file-input', { name: 'notes.docx', mimeType: 'application/octet-stream', buffer: Buffer.from('hello') });
  await visible(page, '#upload-error');
  const unsupported = await text(page, '#upload-error');
  check(/notes\.docx was not accepted/.test(unsupported) && /unsupported file type '\.docx'/.test(unsupported) && /\.csv/.test(unsupported),
    `unexpected message for notes.docx: "${unsupported}"`);
  check(await page.locator('#catalog').isHidden(), 'the catalog panel shows after a refused upload');
  await screenshot(page, 'unsupported-file');

  log('page: an empty file dropped on the page is refused');
  await dropFile(page, 'empty.csv', '');
  await page.waitForFunction(() => /empty\.csv was not accepted/.test(document.getElementById('upload-error').textContent));
  const empty = await text(page, '#upload-error');
  check(empty === 'empty.csv was not accepted: the file is empty', `unexpected message for empty.csv: "${empty}"`);
  await screenshot(page, 'empty-file');

  log('page: a catalog dropped on the page, all south of ZTF: zero-footprint warning');
  await dropFile(page, 'south.csv', 'name,ra_deg,dec_deg\nS1,10.0,-80.0\nS2,100.5,-75.25\nS3,200.0,-85.5\n');
  await visible(page, '#catalog');
  check(await page.locator('#upload-error').isHidden(), 'the error of the previous upload is still shown');
  check(await page.inputValue('#file-input') === '', 'the file picker still names the previous file after a drop');
  check(await text(page, '#source-count') === '3', `south.csv: expected 3 sources, got "${await text(page, '#source-count')}"`);
  check(await page.inputValue('#ra-column') === 'ra_deg' && await page.inputValue('#dec-column') === 'dec_deg',
    'south.csv: RA/Dec columns not pre-filled with ra_deg/dec_deg');
  await page.click('#skymap-button');
  await visible(page, '#footprint-warning');
  const warning = await text(page, '#footprint-warning');
  check(/would return nothing/.test(warning), `unexpected zero-footprint warning: "${warning}"`);
  check(/^0% of your sources \(0 of 3\)/.test(await text(page, '#skymap-status')), `south.csv status: "${await text(page, '#skymap-status')}"`);
  await screenshot(page, 'zero-footprint-warning');

  log('page: a semicolon-separated catalog with bad coordinates: the separator and a warning at step 1, before the sky map');
  await dropFile(page, 'bad-rows.csv', 'name;ra_deg;dec_deg\nB1;10.0;20.0\nB2;400;21.0\nB3;NaN;22.5\nB4;12.5;-30\n');
  await page.waitForFunction(() => document.getElementById('catalog-name').textContent.startsWith('bad-rows.csv'));
  const caption = await text(page, '#preview-caption');
  check(caption === 'First 4 of 4 rows, values separated by semicolons (;)', `bad-rows.csv preview caption: "${caption}"`);
  await visible(page, '#coordinates-warning');
  const invalid = await text(page, '#coordinates-warning');
  check(invalid.startsWith("2 of 4 rows have an invalid RA or Dec in the columns ra_deg / dec_deg: the first is row 2, ra_deg = '400' "
    + '(right ascension 400 degrees is outside [0, 360))'), `bad-rows.csv warning: "${invalid}"`);
  check(await page.locator('#skymap-figure').isHidden(), 'the sky map of the previous catalog is still shown');
  const choices = await page.locator('#ra-column option').allTextContents();
  check(choices.join('|') === '(choose the RA column)|name (string)|ra_deg (double)|dec_deg (double)', `bad-rows.csv column choices: ${choices.join(' | ')}`);
  await screenshot(page, 'invalid-coordinates-warning');

  log(`page: upload ${catalog} with the file picker`);
  check(existsSync(catalog), `catalog not found: ${catalog}`);
  await page.setInputFiles('#file-input', catalog);
  await page.waitForFunction(() => document.getElementById('catalog-name').textContent.startsWith('3hsp.csv'));
  await visible(page, '#catalog');
  check(await text(page, '#source-count') === '2,013', `expected 2,013 sources, got "${await text(page, '#source-count')}"`);
  const previewRows = await page.locator('#preview tbody tr').count();
  check(previewRows === 10, `expected a 10-row preview, got ${previewRows}`);
  const headers = await page.locator('#preview thead th').allTextContents();
  check(headers.length === 12 && headers[3] === 'R.A.' && headers[4] === 'Dec', `unexpected preview columns: ${headers.join(' | ')}`);
  const firstRow = await page.locator('#preview tbody tr').first().locator('td').allTextContents();
  check(firstRow[0] === '1' && firstRow[3] === '00 01 16.37' && firstRow[4] === '+29 35 34.0', `unexpected first row: ${firstRow.join(' | ')}`);
  check(await page.inputValue('#ra-column') === 'R.A.', 'RA column not pre-filled with R.A.');
  check(await page.inputValue('#dec-column') === 'Dec', 'Dec column not pre-filled with Dec');
  check(await page.inputValue('#id-column') === 'id', 'identifier column not pre-filled with id');
  check(await page.inputValue('#coordinates') === 'auto', 'coordinate format is not auto');
  check(await page.locator('#footprint-warning').isHidden(), 'the previous catalog\'s warning is still shown');
  check(await page.locator('#coordinates-warning').isHidden(), 'the previous catalog\'s invalid-row warning is still shown');
  const hspCaption = await text(page, '#preview-caption');
  check(hspCaption === 'First 10 of 2,013 rows, values separated by commas', `3hsp.csv preview caption: "${hspCaption}"`);
  await screenshot(page, 'uploaded-3hsp');

  log('page: sky map of 3hsp');
  await page.click('#skymap-button');
  await visible(page, '#skymap-figure');
  await skyMapLoaded(page);
  const status = await text(page, '#skymap-status');
  check(/^80% of your sources \(1,610 of 2,013\) lie inside ZTF's footprint/.test(status), `unexpected sky map status: "${status}"`);
  check(await page.locator('#footprint-warning').isHidden(), 'zero-footprint warning shown for 3hsp');
  const naturalWidth = await page.locator('#skymap').evaluate((img) => img.naturalWidth);
  check(naturalWidth >= 600, `the sky map is only ${naturalWidth} px wide`);
  await page.locator('#skymap-figure').scrollIntoViewIfNeeded();
  await screenshot(page, 'skymap');

  log('page: dates, a field, the radius');
  const lake = state.info.datalake;
  check(lake.firstNight && lake.lastNight, 'the service has no datalake: /api/v1/info has no first/last night');
  const firstYear = Number(lake.firstNight.slice(0, 4));
  const lastYear = Number(lake.lastNight.slice(0, 4));
  const years = await page.locator('#year-from option').allTextContents();
  check(years.length === lastYear - firstYear + 1 && years[0] === String(firstYear), `year choices ${years.join(',')} for ${lake.firstNight}..${lake.lastNight}`);
  await page.selectOption('#year-from', String(firstYear));
  await page.selectOption('#year-to', String(lastYear));
  state.years = { firstYear, lastYear };

  // Autocompletion offers the alert schema's paths.
  const offered = await page.locator('#field-options option').evaluateAll((options) => options.map((o) => o.value));
  check(offered.includes('candidate.magpsf') && offered.includes('candidate.jd'), 'the field suggestions lack candidate.magpsf / candidate.jd');
  await page.fill('#field-input', 'candidate.magps');
  await page.click('#add-field');
  await visible(page, '#fields-error');
  check(/not an alert field/.test(await text(page, '#fields-error')), 'a misspelt field was accepted');
  await page.fill('#field-input', 'candidate.magpsf');
  await page.press('#field-input', 'Enter');
  check(await page.locator('#fields-error').isHidden(), 'the field error stays after a good field');
  const chosen = await page.locator('#field-list code').allTextContents();
  check(chosen.length === 1 && chosen[0] === 'candidate.magpsf', `chosen fields: ${chosen.join(', ')}`);

  // A radius out of range is refused next to its box, before anything is sent.
  await page.fill('#radius', '0');
  await page.click('#submit-button');
  await visible(page, '#radius-error');
  check(/greater than 0 and at most 3600/.test(await text(page, '#radius-error')), 'unexpected radius message');
  check(await page.evaluate(() => document.activeElement.id) === 'radius', 'the refused radius box does not have the focus');
  check(await page.locator('#job').isHidden(), 'a job was started with radius 0');
  await screenshot(page, 'radius-refused');
  await page.fill('#radius', '2');
  await page.locator('#step-content').scrollIntoViewIfNeeded();
  await screenshot(page, 'request-ready');
}

// Submits the form as it stands and follows the job to `completed`; returns its id and progress numbers.
async function submitAndComplete(page, step, survey = 'ztf') {
  // Focus first: at the bottom of the page, Chrome scrolls the button by its own height when a press focuses it,
  // so the release would land beside it. Focusing first settles the scroll before the (real) click.
  const previous = await text(page, '#job-id');   // a job this page followed before, if any
  await page.focus('#submit-button');
  await page.click('#submit-button');
  await page.waitForFunction((before) => {
    const id = document.getElementById('job-id').textContent.trim();
    return (!document.getElementById('job').hidden && id !== '' && id !== before) || !document.getElementById('submit-error').hidden;
  }, previous, { timeout: 30_000 });
  check(await page.locator('#submit-error').isHidden(), `submit refused: ${await text(page, '#submit-error')}`);
  const jobId = await text(page, '#job-id');
  check(new RegExp(`^fxmatch_${survey}_\\d{4}-\\d{2}-\\d{2}_\\d+$`).test(await text(page, '#job-topic')),
    `unexpected topic "${await text(page, '#job-topic')}" for ${survey}`);
  await screenshot(page, `${step}-submitted`);

  log(`${step}: wait for ${jobId} to complete`);
  await page.waitForFunction(() => /^(completed|failed|cancelled|expired)/.test(document.getElementById('job-status').textContent),
    null, { timeout: 180_000 });
  const status = await text(page, '#job-status');
  check(status === 'completed', `the job ended as "${status}": ${await text(page, '#job-error')}`);
  const progress = await text(page, '#job-progress-text');
  const numbers = /^([\d,]+) of ([\d,]+) nights searched · ([\d,]+) alerts scanned · ([\d,]+) matches$/.exec(progress);
  check(numbers, `unexpected progress text "${progress}"`);
  const [done, total, scanned, matches] = numbers.slice(1).map((n) => Number(n.replaceAll(',', '')));
  check(total > 0 && done === total, `progress ${done}/${total}`);
  check(scanned > 0, 'no alert scanned');
  check(await page.locator('#cancel-button').isHidden(), 'the cancel button is still offered for a completed job');
  await page.waitForFunction(() => document.getElementById('job-log').textContent.trim().split('\n').length >= 2);
  const firstLine = (await text(page, '#job-log')).split('\n')[0];
  check(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z /.test(firstLine), `unexpected log line "${firstLine}"`);
  return { jobId, total, scanned, matches };
}

// Downloads the job's Parquet through the page's link and keeps it as an artifact (the xunit side reads it).
async function downloadResults(page, jobId, fileName) {
  await visible(page, '#job-results');
  const href = await page.getAttribute('#download-link', 'href');
  check(href === `/api/v1/xmatch/${encodeURIComponent(jobId)}/results`, `unexpected download link ${href}`);
  const download = await page.evaluate(async (url) => {
    const response = await fetch(url);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const magic = (at) => String.fromCharCode(...bytes.slice(at, at + 4));
    return { status: response.status, type: response.headers.get('content-type'), size: bytes.length, head: magic(0), tail: magic(bytes.length - 4),
      bytes: Array.from(bytes) };
  }, href);
  writeFileSync(join(artifactDir, fileName), Buffer.from(download.bytes));
  delete download.bytes;
  check(download.status === 200, `results answered ${download.status}`);
  check(download.size > 0 && download.head === 'PAR1' && download.tail === 'PAR1', `the results are not Parquet: ${JSON.stringify(download)}`);
}

async function signInSteps(page) {
  check(token && badToken && user, 'the signin step needs --token, --bad-token and --user');
  log('signin: load, not signed in');
  await page.goto(`${baseUrl}/`);
  await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
  await visible(page, '#signin-form');
  check(/^Not signed in/.test(await text(page, '#who')), `unexpected sign-in status "${await text(page, '#who')}"`);
  check(await text(page, '#service-info') === '', 'the service described itself to nobody');
  await screenshot(page, 'signin-form');

  log('signin: a wrong token is refused next to the box');
  await page.fill('#token-input', badToken);
  await page.click('#signin-button');
  await visible(page, '#signin-error');
  const refused = await text(page, '#signin-error');
  check(/^That token was not accepted: the API token is unknown or revoked/.test(refused), `unexpected refusal "${refused}"`);
  check(await page.locator('#signin-form').isVisible(), 'the form went away after a refused token');
  await screenshot(page, 'signin-refused');

  log('signin: the right token');
  await page.fill('#token-input', token);
  await page.click('#signin-button');
  await page.waitForFunction(() => /^Signed in as /.test(document.getElementById('who').textContent));
  check(await text(page, '#who') === `Signed in as ${user}.`, `unexpected sign-in status "${await text(page, '#who')}"`);
  check(await page.locator('#signin-form').isHidden() && await page.locator('#signout-button').isVisible(), 'form and sign-out button');
  await page.waitForFunction(() => document.getElementById('service-info').textContent.trim() !== '');
  check(/ZTF: /.test(await text(page, '#service-info')), `the service did not describe itself: "${await text(page, '#service-info')}"`);
  await screenshot(page, 'signed-in');

  log('signin: upload, crossmatch and download with the token');
  await page.setInputFiles('#file-input', catalog);
  await visible(page, '#catalog');
  check(Number((await text(page, '#source-count')).replaceAll(',', '')) > 0, 'no source counted');
  const { jobId } = await submitAndComplete(page, 'signin');
  await visible(page, '#job-results');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-link')]);
  const saved = join(artifactDir, 'signin-results.parquet');
  await download.saveAs(saved);
  const bytes = readFileSync(saved);
  check(bytes.length > 8 && bytes.subarray(0, 4).toString() === 'PAR1' && bytes.subarray(bytes.length - 4).toString() === 'PAR1',
    `the results of ${jobId} downloaded through the page are not Parquet (${bytes.length} bytes)`);
  check(download.suggestedFilename() === `${jobId}.parquet`, `unexpected file name ${download.suggestedFilename()}`);
  check(!(await page.content()).includes(token) && !page.url().includes(token), 'the token shows in the page or its address');

  log('signin: still signed in after a reload, then signed out');
  await page.reload();
  await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
  check(await text(page, '#who') === `Signed in as ${user}.`, `after a reload: "${await text(page, '#who')}"`);
  await page.click('#signout-button');
  await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
  await visible(page, '#signin-form');
  check(/^Not signed in/.test(await text(page, '#who')), `after signing out: "${await text(page, '#who')}"`);
  check(await page.evaluate(() => sessionStorage.length) === 0, 'the token is still kept after signing out');
  await screenshot(page, 'signed-out');
}

async function providerSignInSteps(page) {
  check(user, 'the oidc step needs --user');
  const provider = { authorize: null, token: null, endSession: null };
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname === '/authorize') provider.authorize = url;
    else if (url.pathname === '/token' && request.method() === 'POST') provider.token = new URLSearchParams(request.postData() ?? '');
    else if (url.pathname === '/endsession') provider.endSession = url;
  });
  const signedInAs = async () => (await text(page, '#who')) === `Signed in as ${user}.`;

  log('oidc: load, not signed in, the provider sign-in offered');
  await page.goto(`${baseUrl}/`);
  await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
  await visible(page, '#provider-signin-button');
  check(/^Not signed in: sign in with your account/.test(await text(page, '#who')), `unexpected sign-in status "${await text(page, '#who')}"`);
  await screenshot(page, 'oidc-signed-out');

  log('oidc: an answer that no sign-in here started is refused');
  await page.goto(`${baseUrl}/?code=forged&state=forged`);
  await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
  await visible(page, '#signin-error');
  const refused = await text(page, '#signin-error');
  check(/^Signing in at the provider failed: the sign-in answer does not belong to a sign-in started here/.test(refused), `unexpected refusal "${refused}"`);
  check(!page.url().includes('code='), `the forged code stayed in the address: ${page.url()}`);
  check(provider.token === null, 'a forged answer reached the token endpoint');

  log('oidc: sign in at the provider');
  // The provider answers at once and the page takes the code out of its address as it loads, so the address with the
  // code may come and go before a wait on it starts: wait for the token request (watched from before the click) and
  // then for the page's outcome, signed in or refused.
  await Promise.all([
    page.waitForRequest((request) => new URL(request.url()).pathname === '/token' && request.method() === 'POST', { timeout: 30_000 }),
    page.click('#provider-signin-button'),
  ]);
  await page.waitForFunction((expected) => document.body.dataset.ready === 'true'
    && (document.getElementById('who').textContent.trim() === expected || document.getElementById('signin-error').textContent.trim() !== ''),
    `Signed in as ${user}.`, { timeout: 30_000 });
  check(await signedInAs(), `after the provider: "${await text(page, '#who')}" (${await text(page, '#signin-error')})`);
  const asked = provider.authorize?.searchParams;
  check(asked?.get('response_type') === 'code' && asked.get('code_challenge_method') === 'S256' && asked.get('state')?.length >= 16,
    `unexpected authorization request ${provider.authorize}`);
  check(/\bopenid\b/.test(asked.get('scope') ?? ''), `no openid scope in ${provider.authorize}`);
  const verifier = provider.token?.get('code_verifier') ?? '';
  check(/^[A-Za-z0-9._~-]{43,128}$/.test(verifier), `no RFC 7636 code_verifier in the token request: ${provider.token}`);
  check(createHash('sha256').update(verifier).digest('base64url') === asked.get('code_challenge'), 'the code_challenge is not SHA-256 of the verifier');
  check(provider.token.get('client_id') === asked.get('client_id') && provider.token.get('redirect_uri') === asked.get('redirect_uri'),
    `client_id or redirect_uri differ between the authorization and token requests: ${provider.token}`);
  check(!page.url().includes('code=') && !page.url().includes('state='), `the code stayed in the address: ${page.url()}`);
  const jwt = await page.evaluate(() => sessionStorage.getItem('finkxmatch.token'));
  check(/^[\w-]+\.[\w-]+\.[\w-]+$/.test(jwt ?? ''), 'no JWT kept for the tab');
  check(await page.locator('#signin-form').isHidden() && await page.locator('#provider-signin-button').isHidden()
    && await page.locator('#signout-button').isVisible(), 'sign-in offered while signed in, or no sign-out');
  await page.waitForFunction(() => document.getElementById('service-info').textContent.trim() !== '');
  await screenshot(page, 'oidc-signed-in');

  log('oidc: upload and crossmatch as the provider\'s user');
  await page.setInputFiles('#file-input', catalog);
  await visible(page, '#catalog');
  const { jobId } = await submitAndComplete(page, 'oidc');
  writeFileSync(join(artifactDir, 'oidc-job.txt'), jobId);
  check(!(await page.content()).includes(jwt) && !page.url().includes(jwt), 'the JWT shows in the page or its address');

  log('oidc: still signed in after a reload, then signed out at the provider');
  await page.reload();
  await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
  check(await signedInAs(), `after a reload: "${await text(page, '#who')}"`);
  await page.click('#signout-button');
  await visible(page, '#provider-signin-button');
  await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
  check(provider.endSession?.searchParams.get('post_logout_redirect_uri') === `${baseUrl}/`, `no sign-out at the provider: ${provider.endSession}`);
  check(/^Not signed in/.test(await text(page, '#who')), `after signing out: "${await text(page, '#who')}"`);
  check(await page.evaluate(() => sessionStorage.length) === 0, 'something is still kept after signing out');
  await screenshot(page, 'oidc-signed-out-again');
}

async function jobSteps(page, state) {
  if (!state.years) throw new CheckFailed('the job step needs the page step first');
  log('job: submit');
  const { jobId, matches } = await submitAndComplete(page, 'job');
  check(matches > 0, 'no match: the test datalake has planted counterparts of 3hsp sources');

  log('job: download the Parquet and read the command lines');
  await downloadResults(page, jobId, 'results.parquet');
  const topic = await text(page, '#job-topic');
  const kafka = state.info.kafkaBootstrapServers;
  const fink = await text(page, '#fink-command');
  check(fink.includes(`-servers ${kafka}`) && fink.includes(`fink_datatransfer -survey ztf -topic ${topic} -outdir ${topic}`),
    `unexpected fink_datatransfer command: ${fink}`);
  const own = await text(page, '#finkxmatch-command');
  check(own === `finkxmatch transfer --kafka ${kafka} --topic ${topic} --out ${topic}`, `unexpected finkxmatch command: ${own}`);
  await page.locator('#job').scrollIntoViewIfNeeded();
  await screenshot(page, 'job-completed');
}

async function packetSteps(page, state) {
  if (!state.years) throw new CheckFailed('the packet step needs the page step first');
  const { firstYear, lastYear } = state.years;
  check(lastYear > firstYear, `the datalake spans one year (${firstYear}): a packet over several years needs more`);
  log(`packet: the full packet over ${firstYear}-${lastYear}, every pair within a degree's nearest`);
  // Focused first, as the submit button: a press that focuses it near the bottom of the page scrolls it away first.
  await page.focus('#content-packet');
  await page.check('#content-packet');
  await visible(page, '#packet-panel');
  await page.selectOption('#packet', 'full');
  await page.fill('#radius', '3600');
  await page.locator('#step-content').scrollIntoViewIfNeeded();
  await screenshot(page, 'packet-ready');
  const { jobId, total, matches } = await submitAndComplete(page, 'packet');
  check(total === state.info.datalake.nights, `${total} nights searched, the datalake holds ${state.info.datalake.nights}`);
  check(matches > 0, 'no match within a degree of 3hsp sources');
  const lines = (await text(page, '#job-log')).split('\n');
  const missing = lines.filter((l) => / missing in nights? /.test(l));
  log(`packet: the log names fields some nights lack: ${missing.length} line(s)`);
  await downloadResults(page, jobId, 'packet-results.parquet');
  writeFileSync(join(artifactDir, 'packet-log.txt'), lines.join('\n'));
  await page.locator('#job').scrollIntoViewIfNeeded();
  await screenshot(page, 'packet-completed');
}

async function lsstSteps(page) {
  check(lsstCatalog && existsSync(lsstCatalog), `--lsst-catalog not given or not found: ${lsstCatalog}`);
  log('lsst: reload and upload a catalog beside the Rubin alerts');
  await page.goto(`${baseUrl}/`);
  await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
  const info = await page.evaluate(async () => (await fetch('/api/v1/info')).json());
  const lake = info.surveys?.lsst;
  check(lake?.firstNight, `the service serves no LSST datalake: ${JSON.stringify(info.surveys)}`);
  await page.setInputFiles('#file-input', lsstCatalog);
  await visible(page, '#catalog');
  check(await page.inputValue('#ra-column') === 'ra' && await page.inputValue('#dec-column') === 'dec', 'RA/Dec columns not guessed as ra/dec');

  log('lsst: the sky map drawn for ZTF, then the survey changes: the page asks for it again');
  await visible(page, '#survey-choice');
  check(await page.isChecked('#survey-ztf'), 'ZTF is not the survey chosen at first');
  await page.click('#skymap-button');
  await visible(page, '#skymap-figure');
  await page.waitForFunction(() => /lie where the ZTF nights/.test(document.getElementById('skymap-status').textContent));
  await page.check('#survey-lsst');
  await page.waitForFunction(() => /draw the sky map again/.test(document.getElementById('skymap-status').textContent));

  log('lsst: the sky map of the LSST night: every source lies where it has alerts');
  await page.click('#skymap-button');
  await page.waitForFunction(() => /lie where the LSST nights/.test(document.getElementById('skymap-status').textContent));
  await skyMapLoaded(page);
  const mapStatus = await text(page, '#skymap-status');
  const lsstYear = lake.firstNight.slice(0, 4);
  check(mapStatus === `100% of your sources (${lake.alerts} of ${lake.alerts}) lie where the LSST nights of ${lsstYear} have alerts.`,
    `unexpected LSST sky map status: "${mapStatus}"`);
  check(await page.locator('#footprint-warning').isHidden(), `a zero warning is shown for sources beside every alert: ${await text(page, '#footprint-warning')}`);
  const legend = await page.locator('#skymap').evaluate(async (img) => (await (await fetch(img.src)).text()));
  check(legend.includes('alerts of the chosen nights') && !legend.includes('ZTF DR7 footprint'), 'the LSST sky map does not show the alerts\' coverage alone');
  await page.locator('#skymap-figure').scrollIntoViewIfNeeded();
  await screenshot(page, 'lsst-skymap');

  log('lsst: a catalog at the south pole, where the LSST night has no alert: the zero warning names the nights');
  await dropFile(page, 'pole.csv', 'name,ra,dec\nP1,0.0,-89.5\nP2,120.0,-88.0\n');
  await page.waitForFunction(() => document.getElementById('catalog-name').textContent.startsWith('pole.csv'));
  await page.click('#skymap-button');
  await visible(page, '#footprint-warning');
  const poleWarning = await text(page, '#footprint-warning');
  check(/^None of your sources lies where the LSST nights of \d{4} have alerts/.test(poleWarning), `unexpected LSST zero warning: "${poleWarning}"`);
  check(/^0% of your sources \(0 of 2\) lie where the LSST nights/.test(await text(page, '#skymap-status')), `pole.csv status: "${await text(page, '#skymap-status')}"`);
  await screenshot(page, 'lsst-zero-warning');
  await page.setInputFiles('#file-input', lsstCatalog);
  await page.waitForFunction(() => document.getElementById('catalog-name').textContent.includes('rubin'));

  log('lsst: nights, suggestions and hints follow the survey');
  await page.waitForFunction(() => document.getElementById('hint-object-id').textContent === 'diaSource.diaObjectId');
  check(await text(page, '#hint-alert-id') === 'diaSourceId', `alert id hint "${await text(page, '#hint-alert-id')}"`);
  const offered = await page.locator('#field-options option').evaluateAll((options) => options.map((o) => o.value));
  check(offered.includes('diaSource.psfFlux') && !offered.includes('candidate.magpsf'), 'the field suggestions are not the LSST schema\'s');
  const year = lake.firstNight.slice(0, 4);
  const years = await page.locator('#year-from option').allTextContents();
  check(years.length === 1 && years[0] === year, `LSST year choices ${years.join(',')}, expected ${year}`);
  await page.fill('#field-input', 'candidate.magpsf');
  await page.click('#add-field');
  await visible(page, '#fields-error');
  check(/not an alert field of LSST/.test(await text(page, '#fields-error')), `a ZTF field was accepted for LSST: ${await text(page, '#fields-error')}`);
  await page.fill('#field-input', 'diaSource.band');
  await page.press('#field-input', 'Enter');
  await page.fill('#radius', '1');
  await page.locator('#step-dates').scrollIntoViewIfNeeded();
  await screenshot(page, 'lsst-request-ready');

  const { total, scanned, matches } = await submitAndComplete(page, 'lsst', 'lsst');
  check(total === lake.nights, `${total} nights searched, the LSST datalake has ${lake.nights}`);
  check(scanned === lake.alerts && matches === lake.alerts, `${scanned} alerts scanned, ${matches} matches; every one of the ${lake.alerts} alerts has a source 0.5" away`);
  await visible(page, '#job-results');
  const topic = await text(page, '#job-topic');
  const fink = await text(page, '#fink-command');
  check(fink.includes(`fink_datatransfer -survey lsst -topic ${topic}`), `unexpected fink_datatransfer command: ${fink}`);
  await page.locator('#job').scrollIntoViewIfNeeded();
  await screenshot(page, 'lsst-job-completed');
}

async function coneSteps(page) {
  check(cone.ra && cone.dec && cone.radius && cone.count, `the cone step needs --cone-ra, --cone-dec, --cone-radius and --cone-count: ${JSON.stringify(cone)}`);
  log(`cone: reload and search ${cone.radius}" around ${cone.ra} ${cone.dec}`);
  await page.goto(`${baseUrl}/`);
  await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
  await page.locator('#cone').scrollIntoViewIfNeeded();
  if (token) {
    log('cone: with sign-in on, a search before signing in asks for it; then the pasted token is sent');
    await page.fill('#cone-ra', cone.ra);
    await page.fill('#cone-dec', cone.dec);
    await page.click('#cone-button');
    await visible(page, '#cone-error');
    const refused = await text(page, '#cone-error');
    check(/Sign in at the top of the page first\.$/.test(refused), `unexpected refusal before signing in: "${refused}"`);
    await page.fill('#token-input', token);
    await page.click('#signin-button');
    await page.waitForFunction(() => /^Signed in as /.test(document.getElementById('who').textContent));
    // Back in the box, which now learns the surveys the service serves (/info needs the token).
    await page.focus('#cone-ra');
  }
  await visible(page, '#cone-survey-choice');
  await page.check('#cone-survey-ztf');
  await page.fill('#cone-ra', cone.ra);
  await page.fill('#cone-dec', cone.dec);
  await page.fill('#cone-radius', cone.radius);
  await page.click('#cone-button');
  await visible(page, '#cone-results');

  log('cone: the table holds the API\'s answer, nearest first, as many rows as the brute force finds');
  const table = await page.locator('#cone-table').evaluate((t) => ({
    names: [...t.tHead.rows[0].cells].map((c) => c.textContent),
    rows: [...t.tBodies[0].rows].map((r) => [...r.cells].map((c) => c.textContent)),
  }));
  const answer = await page.evaluate(async ([body, bearer]) => (await fetch('/api/v1/conesearch', {
    method: 'POST', headers: { 'Content-Type': 'application/json', ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}) }, body: JSON.stringify(body),
  })).json(), [{ ra: cone.ra, dec: cone.dec, radius: cone.radius, survey: 'ztf' }, token ?? null]);
  check(answer.length === Number(cone.count), `the API answers ${answer.length} alerts, the brute force finds ${cone.count}`);
  check(table.rows.length === answer.length, `the table has ${table.rows.length} rows, the API answers ${answer.length}`);
  const names = Object.keys(answer[0]);
  check(JSON.stringify(table.names) === JSON.stringify(names), `table columns ${table.names.join(',')}, API columns ${names.join(',')}`);
  const expected = answer.map((row) => names.map((n) => (row[n] === null ? '' : typeof row[n] === 'object' ? JSON.stringify(row[n]) : String(row[n]))));
  check(JSON.stringify(table.rows) === JSON.stringify(expected), 'the table\'s cells differ from the API\'s answer');
  const separations = answer.map((row) => row.separation_arcsec);
  check(separations.every((s, i) => i === 0 || separations[i - 1] <= s) && separations.at(-1) <= Number(cone.radius),
    `the rows are not sorted by separation within the radius: ${separations.join(',')}`);
  check((await text(page, '#cone-status')).startsWith(`${answer.length} alert`), `cone status: "${await text(page, '#cone-status')}"`);

  log('cone: the sky map shows one mark per alert');
  await visible(page, '#cone-map-figure');
  await page.waitForFunction(() => {
    const img = document.getElementById('cone-map');
    return img.complete && img.naturalWidth > 0;
  });
  const marks = await page.locator('#cone-map').evaluate(async (img) => {
    const svg = new DOMParser().parseFromString(await (await fetch(img.src)).text(), 'image/svg+xml');
    return svg.querySelectorAll('#sources-inside circle, #sources-outside circle').length;
  });
  check(marks === answer.length, `the sky map has ${marks} marks for ${answer.length} alerts`);
  check((await page.getAttribute('#cone-map', 'alt')).startsWith(`Sky map of the ${answer.length} alert`), 'the sky map has no text alternative');
  await page.locator('#cone-results').scrollIntoViewIfNeeded();
  await screenshot(page, 'cone-results');

  log('cone: a window without a first day is refused next to the window field; alert fields add columns');
  await page.fill('#cone-window', '3');
  await page.click('#cone-button');
  await visible(page, '#cone-window-error');
  check(/^window counts days from startdate/.test(await text(page, '#cone-window-error')), `unexpected window error: "${await text(page, '#cone-window-error')}"`);
  check(await page.locator('#cone-ra-error').isHidden() && await page.locator('#cone-error').isHidden(), 'the window error is shown elsewhere too');
  await page.fill('#cone-window', '');
  await page.fill('#cone-columns', 'candidate.magpsf');
  await page.click('#cone-button');
  await visible(page, '#cone-results');
  await page.waitForFunction(() => [...document.querySelectorAll('#cone-table thead th')].some((th) => th.textContent === 'magpsf'));
  check(await page.locator('#cone-window-error').isHidden(), 'the window error stays after a search that went through');
  check(await page.locator('#cone-table tbody tr').count() === answer.length, 'another number of rows with a column added');

  log('cone: a bad RA is refused next to the RA field');
  await page.fill('#cone-ra', '25h99m');
  await page.click('#cone-button');
  await visible(page, '#cone-ra-error');
  const raError = await text(page, '#cone-ra-error');
  check(/^ra must be degrees/.test(raError) && raError.includes('25h99m'), `unexpected RA error: "${raError}"`);
  check((await page.getAttribute('#cone-ra', 'aria-describedby')).includes('cone-ra-error'), 'the RA error is not tied to the RA field');
  check(await page.evaluate(() => document.activeElement?.id) === 'cone-ra', 'the RA field does not have the focus after its error');
  check(await page.locator('#cone-error').isHidden() && await page.locator('#cone-dec-error').isHidden(), 'the RA error is shown elsewhere too');
  check(await page.locator('#cone-results').isHidden(), 'the rows of the previous search still show after a refused one');
  await screenshot(page, 'cone-bad-ra');
}

async function main() {
  mkdirSync(artifactDir, { recursive: true });
  check(existsSync(executablePath), `Chromium not found at ${executablePath}: apt-get install chromium (or set CHROMIUM)`);
  const profile = mkdtempSync(join(tmpdir(), 'finkxmatch-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(30_000);
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // What the page sent and heard about jobs, in the log, so a failed run says why.
  page.on('console', (message) => { if (message.type() === 'error') log(`browser console: ${message.text()}`); });
  page.on('response', async (response) => {
    if (!response.url().includes('/api/v1/xmatch') || response.request().method() !== 'POST') return;
    log(`POST /api/v1/xmatch -> ${response.status()} ${response.ok() ? '' : await response.text().catch(() => '')}`);
  });
  const state = {};
  try {
    if (steps.includes('signin')) await signInSteps(page);
    if (steps.includes('oidc')) await providerSignInSteps(page);
    if (steps.includes('page')) await pageSteps(page, state);
    if (steps.includes('job')) await jobSteps(page, state);
    if (steps.includes('packet')) await packetSteps(page, state);
    if (steps.includes('lsst')) await lsstSteps(page);
    if (steps.includes('cone')) await coneSteps(page);
    check(pageErrors.length === 0, `uncaught errors in the page: ${pageErrors.join('; ')}`);
    log(`passed: ${steps.join(', ')}`);
  } catch (error) {
    await screenshot(page, 'failure').catch(() => {});
    throw error;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  console.error(`[e2e] FAILED: ${error instanceof CheckFailed ? error.message : error.stack ?? error}`);
  process.exit(1);
}
