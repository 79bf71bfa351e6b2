// FinkXmatch web page: upload a catalog, check it against ZTF's footprint and where the chosen nights have alerts,
// choose nights and alert content,
// submit the crossmatch and follow it. Plain browser JavaScript against the HTTP API (CONTRACT §2); no build step.

import { authFetch, authHeaders, refreshSignIn, token, wireSignIn } from './signin.js';
import { surveyRadios } from './surveys.js';

const api = '/api/v1';
const terminal = new Set(['completed', 'failed', 'cancelled', 'expired']);
const pollMs = 1000;
const number = new Intl.NumberFormat('en-US');
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

const $ = (id) => document.getElementById(id);

const state = {
  info: null,        // GET /info
  survey: null,      // 'ztf' or 'lsst': whose alerts the job searches
  schema: null,      // GET /schema?survey= of that survey
  catalog: null,     // CatalogInfo of the uploaded catalog
  fields: [],        // chosen alert field paths
  knownFields: new Set(),
  job: null,         // last JobStatus
  pollTimer: 0,
  skymapUrl: '',
  skymapDrawnFor: '', // chosenNights().key of the map shown
};

// ---------- errors shown next to the field they concern ----------

function showError(id, message) {
  const element = $(id);
  element.textContent = message;
  element.hidden = !message;
}

function clearErrors(...ids) {
  for (const id of ids) showError(id, '');
}

// The detail of an RFC 9457 problem, or a sentence built from the status when the body is not one.
async function problemOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: fall through
  }
  const detail = body?.detail || body?.title || `the service answered ${response.status} ${response.statusText}`;
  return { status: response.status, detail, errors: body?.errors ?? null };
}

// Which input a server message is about, from the validation keys or the words of the message.
// Whole words only ("date" is in "candidate"); RA and Dec are matched in capitals.
const errorTargets = [
  { keys: ['radiusarcsec', 'radius'], words: /\bradius/i, error: 'radius-error', input: 'radius' },
  { keys: ['racolumn'], words: /\bRA\b|\braColumn\b|right ascension/, error: 'ra-column-error', input: 'ra-column' },
  { keys: ['deccolumn'], words: /\bDec\b|\bdecColumn\b|declination/, error: 'dec-column-error', input: 'dec-column' },
  { keys: ['idcolumn'], words: /\bidentifiers?\b|\bidColumn\b/i, error: 'id-column-error', input: 'id-column' },
  { keys: ['coordinates'], words: /\bsexagesimal\b|\bcoordinates\b/i, error: 'coordinates-error', input: 'coordinates' },
  { keys: ['years', 'startnight', 'stopnight'], words: /\byears?\b|\bnights?\b|\bstartNight\b|\bstopNight\b|\bdates?\b/i,
    error: 'dates-error', input: 'year-from' },
  { keys: ['fields', 'packet'], words: /\bfields?\b|\bpacket\b/i, error: 'fields-error', input: 'field-input' },
  { keys: ['match'], words: /\bmatch\b/i, error: 'match-error', input: 'match' },
  { keys: ['catalogid'], words: /\bcatalog(Id)?\b/i, error: 'upload-error', input: 'file-input' },
];

function targetFor(key, detail) {
  const k = (key || '').toLowerCase();
  return errorTargets.find((t) => t.keys.includes(k)) ?? errorTargets.find((t) => t.words.test(detail));
}

// Puts each message of a refused request next to its field; returns whether any found a field.
function placeProblem(problem) {
  const messages = [];
  if (problem.errors && typeof problem.errors === 'object') {
    for (const [key, list] of Object.entries(problem.errors)) {
      for (const message of [].concat(list)) messages.push({ key, message });
    }
  }
  if (messages.length === 0) messages.push({ key: '', message: problem.detail });
  let firstInput = null;
  const placed = new Map();
  for (const { key, message } of messages) {
    const target = targetFor(key, message);
    if (!target) continue;
    placed.set(target.error, [...(placed.get(target.error) ?? []), message]);
    firstInput ??= target.input;
  }
  for (const [errorId, list] of placed) showError(errorId, list.join(' '));
  if (firstInput) $(firstInput).focus();
  return placed.size > 0;
}

// ---------- service info: datalake extent and Kafka address ----------

async function loadInfo() {
  try {
    const response = await authFetch(`${api}/info`);
    if (!response.ok) throw new Error((await problemOf(response)).detail);
    state.info = await response.json();
  } catch (error) {
    $('service-info').textContent = `The service could not describe itself (${error.message}); reload the page to try again.`;
    return;
  }
  const surveys = Object.keys(state.info.surveys ?? {});
  if (surveys.length === 0) {
    $('service-info').textContent = 'No datalake is configured on this service: a crossmatch would find no alerts.';
    setUpDates(null, null);
    return;
  }
  $('service-info').textContent = surveys.map((name) => {
    const lake = state.info.surveys[name];
    return lake.firstNight && lake.lastNight
      ? `${name.toUpperCase()}: ${number.format(lake.nights ?? 0)} night${lake.nights === 1 ? '' : 's'} from ${lake.firstNight} to ${lake.lastNight}` +
        (lake.alerts != null ? `, ${number.format(lake.alerts)} alerts.` : '.')
      : `${name.toUpperCase()}: no nights yet.`;
  }).join(' ');
  // One radio per survey served; the choice is shown only when there is one to make.
  const radios = surveyRadios(surveys, 'survey');
  for (const radio of radios) {
    const input = radio.querySelector('input');
    input.addEventListener('change', () => selectSurvey(input.value));
  }
  $('survey-options').replaceChildren(...radios);
  $('survey-choice').hidden = surveys.length < 2;
  await selectSurvey(surveys[0]);
}

// The nights, fields and hints all follow the survey chosen.
async function selectSurvey(name) {
  state.survey = name;
  const lake = state.info?.surveys?.[name] ?? {};
  setUpDates(lake.firstNight, lake.lastNight);
  skyMapOutdated();
  await loadSchema(name);
}

function setUpDates(firstNight, lastNight) {
  const from = $('year-from');
  const to = $('year-to');
  from.replaceChildren();
  to.replaceChildren();
  if (!firstNight || !lastNight) {
    $('dates-hint').textContent = 'The datalake is empty: there are no nights to search.';
    return;
  }
  const first = Number(firstNight.slice(0, 4));
  const last = Number(lastNight.slice(0, 4));
  for (let year = first; year <= last; year++) {
    from.add(new Option(String(year), String(year)));
    to.add(new Option(String(year), String(year)));
  }
  from.value = String(last);
  to.value = String(last);
  for (const input of [$('night-start'), $('night-stop')]) {
    input.min = firstNight;
    input.max = lastNight;
  }
  $('night-start').value = lastNight;
  $('night-stop').value = lastNight;
  $('dates-hint').textContent =
    `Alerts exist from ${firstNight} to ${lastNight}. For a single year, choose it twice.`;
}

// ---------- alert schema: field autocompletion ----------

async function loadSchema(survey) {
  try {
    const response = await authFetch(`${api}/schema?survey=${encodeURIComponent(survey)}`);
    if (!response.ok) return;
    const schema = await response.json();
    state.schema = schema;
    state.knownFields = new Set();
    // Fields of another survey cannot be asked of this one.
    state.fields = state.fields.filter((p) => schema.fields.some((f) => f.path === p));
    renderFields();
    $('hint-object-id').textContent = schema.identifiers[0];
    $('hint-alert-id').textContent = schema.identifiers[1];
    $('hint-example').textContent = schema.example;
    $('field-input').placeholder = schema.example;
    const options = schema.fields.map((f) => {
      state.knownFields.add(f.path);
      const option = document.createElement('option');
      option.value = f.path;
      option.label = f.type;
      return option;
    });
    $('field-options').replaceChildren(...options);
  } catch {
    // Autocompletion is a help, not a requirement: the server still checks the paths.
  }
}

function renderFields() {
  const items = state.fields.map((path) => {
    const item = document.createElement('li');
    const code = document.createElement('code');
    code.textContent = path;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = 'Remove';
    remove.setAttribute('aria-label', `Remove ${path}`);
    remove.addEventListener('click', () => {
      state.fields = state.fields.filter((p) => p !== path);
      renderFields();
      $('field-input').focus();
    });
    item.append(code, ' ', remove);
    return item;
  });
  $('field-list').replaceChildren(...items);
}

function addField() {
  const input = $('field-input');
  const paths = input.value.split(',').map((p) => p.trim()).filter(Boolean);
  clearErrors('fields-error');
  if (paths.length === 0) {
    showError('fields-error', `Type an alert field path first, e.g. ${state.schema?.example ?? 'candidate.magpsf'}.`);
    input.focus();
    return;
  }
  const unknown = state.knownFields.size > 0 ? paths.filter((p) => !state.knownFields.has(p)) : [];
  if (unknown.length > 0) {
    showError('fields-error',
      `${unknown.join(', ')}: not an alert field of ${(state.survey ?? 'ztf').toUpperCase()}. Pick one from the suggestions (paths are case-sensitive, e.g. ${state.schema?.example ?? 'candidate.magpsf'}).`);
    input.focus();
    return;
  }
  for (const path of paths) if (!state.fields.includes(path)) state.fields.push(path);
  input.value = '';
  renderFields();
  input.focus();
}

// ---------- step 1: upload ----------

function upload(file) {
  if (!file) return;
  clearErrors('upload-error', 'ra-column-error', 'dec-column-error', 'id-column-error', 'coordinates-error',
    'skymap-error', 'submit-error');
  $('catalog').hidden = true;
  $('skymap-figure').hidden = true;
  $('footprint-warning').hidden = true;
  $('skymap-status').textContent = '';
  $('skymap-button').disabled = true;
  $('submit-button').disabled = true;
  state.catalog = null;

  const progress = $('upload-progress');
  progress.hidden = false;
  progress.value = 0;
  $('upload-status').textContent = `Uploading ${file.name} (${formatBytes(file.size)})…`;

  const form = new FormData();
  form.append('file', file, file.name);
  const request = new XMLHttpRequest();
  request.open('POST', `${api}/catalogs`);
  for (const [name, value] of Object.entries(authHeaders())) request.setRequestHeader(name, value);
  request.responseType = 'text';
  request.upload.addEventListener('progress', (e) => {
    if (e.lengthComputable) progress.value = e.loaded / e.total;
    if (e.loaded === e.total) $('upload-status').textContent = `Reading ${file.name}…`;
  });
  request.addEventListener('load', () => {
    progress.hidden = true;
    let body = null;
    try {
      body = JSON.parse(request.responseText);
    } catch {
      // not JSON
    }
    if (request.status === 201 && body) {
      $('upload-status').textContent = '';
      showCatalog(body);
      return;
    }
    $('upload-status').textContent = '';
    let detail = body?.detail || `the service answered ${request.status} ${request.statusText}`;
    // The reader's messages start with the file name, already said here.
    if (detail.startsWith(`${file.name}: `)) detail = detail.slice(file.name.length + 2);
    showError('upload-error', `${file.name} was not accepted: ${detail}`);
    $('file-input').focus();
  });
  request.addEventListener('error', () => {
    progress.hidden = true;
    $('upload-status').textContent = '';
    showError('upload-error', `${file.name} could not be sent: the service is unreachable. Check it is running and try again.`);
  });
  request.send(form);
}

function showCatalog(catalog) {
  state.catalog = catalog;
  $('source-count').textContent = number.format(catalog.rows);
  $('source-count-unit').textContent = catalog.rows === 1 ? 'source' : 'sources';
  $('catalog-name').textContent = `${catalog.fileName} (${catalog.format})`;

  const names = catalog.columns.map((c) => c.name);
  const head = document.createElement('tr');
  for (const column of catalog.columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = column.name;
    th.title = column.type;
    head.append(th);
  }
  $('preview').tHead.replaceChildren(head);
  const rows = catalog.preview.map((values) => {
    const tr = document.createElement('tr');
    for (const name of names) {
      const td = document.createElement('td');
      td.textContent = values[name] ?? '';
      tr.append(td);
    }
    return tr;
  });
  $('preview').tBodies[0].replaceChildren(...rows);
  $('preview-caption').textContent = `First ${catalog.preview.length} of ${number.format(catalog.rows)} rows`
    + (catalog.separator ? `, values separated by ${separatorWords[catalog.separator] ?? catalog.separator}` : '');

  const guess = catalog.guess ?? {};
  fillColumns($('ra-column'), catalog.columns, guess.raColumn, '(choose the RA column)');
  fillColumns($('dec-column'), catalog.columns, guess.decColumn, '(choose the Dec column)');
  fillColumns($('id-column'), catalog.columns, guess.idColumn, '(none: number the rows)');
  $('coordinates').value = 'auto';
  showInvalidCoordinates(catalog);
  if (!guess.raColumn || !guess.decColumn) {
    showError(guess.raColumn ? 'dec-column-error' : 'ra-column-error',
      'No coordinate column could be recognised: choose the RA and Dec columns.');
  }
  $('catalog').hidden = false;
  $('skymap-button').disabled = false;
  $('submit-button').disabled = false;
  $('source-count').focus?.();
}

// CatalogInfo.invalidCoordinates: rows of the guessed RA/Dec columns that no crossmatch can use, seen before the sky map.
function showInvalidCoordinates(catalog) {
  const invalid = catalog.invalidCoordinates;
  const warning = $('coordinates-warning');
  warning.hidden = !(invalid?.rows > 0);
  if (warning.hidden) return;
  const guess = catalog.guess;
  const rows = `${number.format(invalid.rows)} of ${number.format(catalog.rows)} ${invalid.rows === 1 ? 'row has' : 'rows have'}`;
  warning.textContent = `${rows} an invalid RA or Dec in the columns ${guess.raColumn} / ${guess.decColumn}: `
    + `the first is row ${number.format(invalid.firstRow)}, ${invalid.column} = '${invalid.value}' (${invalid.reason}). `
    + 'Correct the catalog and upload it again, or choose other columns below.';
}

// CatalogInfo.separator (detected from the file's first lines) as the preview caption says it.
const separatorWords = {
  comma: 'commas', tab: 'tabs', semicolon: 'semicolons (;)', pipe: 'pipes (|)', whitespace: 'whitespace',
};

// Each choice shows its column's type (CatalogInfo.columns[].type: a CSV column of numbers is double or int64).
function fillColumns(select, columns, chosen, emptyLabel) {
  select.replaceChildren(new Option(emptyLabel, ''));
  for (const { name, type } of columns) select.add(new Option(`${name} (${type})`, name));
  select.value = chosen ?? '';
}

// ---------- step 2: sky map ----------

async function showSkyMap() {
  if (!state.catalog) return;
  clearErrors('skymap-error', 'ra-column-error', 'dec-column-error', 'coordinates-error');
  $('footprint-warning').hidden = true;
  const ra = $('ra-column').value;
  const dec = $('dec-column').value;
  if (!ra || !dec) {
    showError(ra ? 'dec-column-error' : 'ra-column-error', 'Choose the RA and Dec columns to draw your sources.');
    $(ra ? 'dec-column' : 'ra-column').focus();
    return;
  }
  const query = new URLSearchParams({ format: 'svg', raColumn: ra, decColumn: dec, coordinates: $('coordinates').value });
  const nights = chosenNights();
  for (const [name, value] of Object.entries(nights?.query ?? {})) query.set(name, value);
  $('skymap-status').textContent = nights ? `Drawing the sky map with the alerts of ${nights.text}…` : 'Drawing the sky map…';
  $('skymap-button').disabled = true;
  try {
    const response = await authFetch(`${api}/catalogs/${encodeURIComponent(state.catalog.catalogId)}/skymap?${query}`);
    if (!response.ok) {
      const problem = await problemOf(response);
      $('skymap-status').textContent = '';
      if (!placeProblem(problem)) showError('skymap-error', `The sky map could not be drawn: ${problem.detail}`);
      return;
    }
    const ztf = Number(response.headers.get('X-Inside-Ztf-Fraction'));
    const alertsHeader = response.headers.get('X-Inside-Alerts-Fraction');
    const alerts = alertsHeader === null ? null : Number(alertsHeader);
    const blob = await response.blob();
    if (state.skymapUrl) URL.revokeObjectURL(state.skymapUrl);
    state.skymapUrl = URL.createObjectURL(blob);
    const img = $('skymap');
    img.src = state.skymapUrl;
    state.skymapDrawnFor = nights?.key ?? '';
    const rows = state.catalog.rows;
    const share = (fraction) => `${percent.format(fraction)} of your sources (${number.format(Math.round(fraction * rows))} of ${number.format(rows)})`;
    // ZTF's published footprint is the map's first word for ZTF; LSST has none here, only where its alerts are.
    const lsst = nights?.survey === 'lsst';
    const sentences = lsst ? [] : [`${share(ztf)} lie inside ZTF's footprint.`];
    if (alerts !== null) {
      sentences.push(lsst ? `${share(alerts)} lie where ${nights.text} have alerts.`
        : `${percent.format(alerts)} lie where ${nights.text} have alerts.`);
    }
    img.alt = `Sky map of ${number.format(rows)} sources: ${sentences.join(' ')}`;
    $('skymap-figure').hidden = false;
    $('skymap-status').textContent = sentences.join(' ');
    const warning = zeroWarning(lsst ? null : ztf, alerts, nights);
    if (warning) {
      $('footprint-warning').textContent = warning;
      $('footprint-warning').hidden = false;
    }
  } catch (error) {
    $('skymap-status').textContent = '';
    showError('skymap-error', `The sky map could not be loaded (${error.message}). Check the service is running and try again.`);
  } finally {
    $('skymap-button').disabled = false;
  }
}

// The survey and nights chosen in step 3, as the sky map's query and in words; null when the survey has no night.
function chosenNights() {
  const survey = state.survey;
  const lake = state.info?.surveys?.[survey];
  if (!survey || !lake?.firstNight) return null;
  const name = survey === 'lsst' ? 'LSST' : survey.toUpperCase();
  if (selectedRadio('datesMode') === 'years') {
    const from = $('year-from').value;
    const to = $('year-to').value;
    const years = from === to ? from : `${from}-${to}`;
    return { survey, key: `${survey} ${years}`, query: { survey, years }, text: `the ${name} nights of ${years.replace('-', '–')}` };
  }
  const start = $('night-start').value;
  const stop = $('night-stop').value;
  const range = start === stop ? start : `${start} to ${stop}`;
  return { survey, key: `${survey} ${start} ${stop}`, query: { survey, startNight: start, stopNight: stop },
    text: start === stop ? `the ${name} night ${range}` : `the ${name} nights ${range}` };
}

// Why the crossmatch would find nothing, when it would: outside ZTF's footprint, or where the nights have no alert.
function zeroWarning(ztf, alerts, nights) {
  const columns = 'Check the RA and Dec columns and the coordinate format above';
  if (ztf !== null && !(ztf > 0)) {
    return 'None of your sources lies inside ZTF\'s footprint: ZTF never observed these positions, so the crossmatch ' +
      `would return nothing. ${columns}.`;
  }
  if (alerts !== null && !(alerts > 0)) {
    return `None of your sources lies where ${nights.text} have alerts, so the crossmatch would return nothing. ` +
      `${columns}, or choose other nights in step 3.`;
  }
  return '';
}

// The map shown was drawn for other nights or another survey than those chosen now.
function skyMapOutdated() {
  if ($('skymap-figure').hidden) return;
  if ((chosenNights()?.key ?? '') === state.skymapDrawnFor) return;
  $('skymap-status').textContent = 'The survey or nights changed: draw the sky map again to see where their alerts are.';
}

// ---------- steps 3-5: the request ----------

function selectedRadio(name) {
  return document.querySelector(`input[name="${name}"]:checked`).value;
}

// Builds the XmatchRequest, or shows what to fix next to each field and returns null.
function buildRequest() {
  clearErrors('upload-error', 'ra-column-error', 'dec-column-error', 'id-column-error', 'coordinates-error',
    'dates-error', 'fields-error', 'radius-error', 'match-error', 'submit-error');
  const problems = [];
  const fail = (errorId, inputId, message) => {
    showError(errorId, message);
    problems.push(inputId);
  };

  if (!state.catalog) fail('upload-error', 'file-input', 'Upload a catalog first.');
  const raColumn = $('ra-column').value;
  const decColumn = $('dec-column').value;
  if (state.catalog && !raColumn) fail('ra-column-error', 'ra-column', 'Choose the column holding right ascension.');
  if (state.catalog && !decColumn) fail('dec-column-error', 'dec-column', 'Choose the column holding declination.');

  const request = {
    catalogId: state.catalog?.catalogId,
    survey: state.survey,
    raColumn,
    decColumn,
    idColumn: $('id-column').value || null,
    coordinates: $('coordinates').value,
    match: $('match').value,
  };

  const radiusText = $('radius').value.trim();
  const radius = Number(radiusText);
  if (radiusText === '' || !Number.isFinite(radius) || radius <= 0 || radius > 3600) {
    fail('radius-error', 'radius', 'Enter a radius greater than 0 and at most 3600 arcseconds, e.g. 1.5.');
  }
  request.radiusArcsec = radius;

  if (selectedRadio('datesMode') === 'years') {
    const from = Number($('year-from').value);
    const to = Number($('year-to').value);
    if (!from || !to) {
      fail('dates-error', 'year-from', 'There are no years to choose from: the datalake is empty.');
    } else if (from > to) {
      fail('dates-error', 'year-from', `The first year (${from}) is after the last (${to}): swap them.`);
    } else {
      request.years = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    }
  } else {
    const start = $('night-start').value;
    const stop = $('night-stop').value;
    if (!start || !stop) {
      fail('dates-error', start ? 'night-stop' : 'night-start', 'Choose both the first and the last night.');
    } else if (start > stop) {
      fail('dates-error', 'night-start', `The first night (${start}) is after the last (${stop}): swap them.`);
    } else {
      request.startNight = start;
      request.stopNight = stop;
    }
  }

  if (selectedRadio('contentMode') === 'packet') {
    request.packet = $('packet').value;
  } else {
    if ($('field-input').value.trim()) {
      fail('fields-error', 'field-input', 'Press "Add field" to add the field you typed, or clear the box.');
    }
    // The survey's two identifiers lead every result row anyway; no field at all means just those two.
    if (state.fields.length > 0) request.fields = [...state.fields];
  }

  if (problems.length > 0) {
    $(problems[0]).focus();
    return null;
  }
  return request;
}

async function submit(event) {
  event.preventDefault();
  const request = buildRequest();
  if (!request) return;
  $('submit-button').disabled = true;
  $('submit-status').textContent = 'Submitting…';
  try {
    const response = await authFetch(`${api}/xmatch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(request),
    });
    if (response.status !== 202 && response.status !== 201 && response.status !== 200) {
      const problem = await problemOf(response);
      $('submit-status').textContent = '';
      if (response.status === 404 && !problem.errors && !/catalog/i.test(problem.detail)) {
        showError('submit-error', 'This service does not run crossmatch jobs yet (no /api/v1/xmatch endpoint).');
      } else if (placeProblem(problem)) {
        showError('submit-error', 'The crossmatch was refused: see the message next to the field concerned.');
      } else {
        showError('submit-error', `The crossmatch was refused: ${problem.detail}`);
      }
      return;
    }
    const job = await response.json();
    $('submit-status').textContent = `Submitted as ${job.jobId}.`;
    startFollowing(job);
  } catch (error) {
    $('submit-status').textContent = '';
    showError('submit-error', `The request could not be sent (${error.message}). Check the service is running and try again.`);
  } finally {
    $('submit-button').disabled = !state.catalog;
  }
}

// ---------- step 6: follow the job ----------

function jobUrl(jobId) {
  return `${api}/xmatch/${encodeURIComponent(jobId)}`;
}

function startFollowing(job) {
  clearTimeout(state.pollTimer);
  state.job = job;
  history.replaceState(null, '', `#job=${encodeURIComponent(job.jobId)}`);
  $('job').hidden = false;
  $('job-results').hidden = true;
  clearErrors('job-error');
  $('job-log').textContent = '';
  renderJob(job);
  $('job').scrollIntoView({ behavior: 'smooth', block: 'start' });
  poll();
}

async function poll() {
  const job = state.job;
  if (!job) return;
  try {
    const [statusResponse, logResponse] = await Promise.all([authFetch(jobUrl(job.jobId)), authFetch(`${jobUrl(job.jobId)}/log`)]);
    if (statusResponse.ok) {
      state.job = await statusResponse.json();
      renderJob(state.job);
      clearErrors('job-error');
    } else {
      const problem = await problemOf(statusResponse);
      showError('job-error', `The job's status could not be read: ${problem.detail}`);
      if (statusResponse.status === 404) return;   // unknown job: nothing more to follow
    }
    if (logResponse.ok) showLog(await logResponse.text());
  } catch (error) {
    showError('job-error', `Lost contact with the service (${error.message}); retrying…`);
  }
  if (!terminal.has(state.job.status)) state.pollTimer = setTimeout(poll, pollMs);
}

function showLog(text) {
  const log = $('job-log');
  if (log.textContent === text) return;
  const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
  log.textContent = text;
  if (atBottom) log.scrollTop = log.scrollHeight;
}

function renderJob(job) {
  $('job-id').textContent = job.jobId;
  $('job-topic').textContent = job.topic ?? job.jobId;
  $('job-status').textContent = job.status + (job.error ? `: ${job.error}` : '');
  $('job-status').className = `job-status-${job.status}`;
  const total = job.shardsTotal ?? 0;
  const done = job.shardsDone ?? 0;
  const progress = $('job-progress');
  progress.max = Math.max(total, 1);
  progress.value = job.status === 'completed' ? progress.max : done;
  $('job-progress-text').textContent =
    `${number.format(done)} of ${number.format(total)} nights searched · ` +
    `${number.format(job.alertsScanned ?? 0)} alerts scanned · ${number.format(job.matches ?? 0)} matches`;
  $('cancel-button').hidden = terminal.has(job.status);
  if (job.status === 'completed') showResults(job);
  if (job.status === 'failed' || job.status === 'expired') {
    showError('job-error', job.status === 'expired'
      ? 'The job\'s results have expired and were deleted: submit it again.'
      : `The job failed: ${job.error ?? 'see the log below'}.`);
  }
}

function showResults(job) {
  const topic = job.topic ?? job.jobId;
  const link = $('download-link');
  link.href = `${jobUrl(job.jobId)}/results`;
  link.setAttribute('download', `${topic}.parquet`);
  $('download-note').textContent = `${number.format(job.matches ?? 0)} matches.`;
  $('results-topic').textContent = topic;
  const kafka = state.info?.kafkaBootstrapServers ?? 'HOST:PORT';
  // The topic names its survey (fxmatch_lsst_...), as Fink's own ftransfer_lsst_... topics do.
  const survey = /^fxmatch_([a-z]+)_/.exec(topic)?.[1] ?? 'ztf';
  $('fink-command').textContent =
    `fink_client_register -username YOUR_NAME -group_id YOUR_NAME_fxmatch -servers ${kafka} -maxtimeout 10 -survey ${survey}\n` +
    `fink_datatransfer -survey ${survey} -topic ${topic} -outdir ${topic} --restart_from_beginning --verbose`;
  $('finkxmatch-command').textContent = `finkxmatch transfer --kafka ${kafka} --topic ${topic} --out ${topic}`;
  $('job-results').hidden = false;
}

async function cancel() {
  if (!state.job) return;
  clearErrors('job-error');
  try {
    const response = await authFetch(jobUrl(state.job.jobId), { method: 'DELETE' });
    if (response.status === 409) {
      showError('job-error', 'The job had already finished: there is nothing to cancel.');
    } else if (!response.ok) {
      showError('job-error', `The job could not be cancelled: ${(await problemOf(response)).detail}`);
    } else {
      $('job-status').textContent = 'cancelling…';
    }
  } catch (error) {
    showError('job-error', `The job could not be cancelled (${error.message}); try again.`);
  }
  clearTimeout(state.pollTimer);
  poll();
}

// ---------- wiring ----------

function formatBytes(bytes) {
  if (bytes >= 1 << 30) return `${(bytes / (1 << 30)).toFixed(1)} GiB`;
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MiB`;
  if (bytes >= 1 << 10) return `${(bytes / (1 << 10)).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

function wireDropZone() {
  const zone = $('drop-zone');
  for (const type of ['dragenter', 'dragover']) {
    zone.addEventListener(type, (e) => {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      zone.classList.add('dragging');
    });
  }
  zone.addEventListener('dragleave', (e) => {
    if (!zone.contains(e.relatedTarget)) zone.classList.remove('dragging');
  });
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('dragging');
    const files = e.dataTransfer?.files;
    if (!files || files.length === 0) return;
    if (files.length > 1) {
      showError('upload-error', 'Drop one catalog file at a time.');
      return;
    }
    $('file-input').value = '';   // the picker would otherwise still name the previous file
    upload(files[0]);
  });
  // A file dropped beside the zone must not make the browser leave the page.
  for (const type of ['dragover', 'drop']) window.addEventListener(type, (e) => e.preventDefault());
}

function wire() {
  wireDropZone();
  $('file-input').addEventListener('change', (e) => upload(e.target.files[0]));
  $('skymap-button').addEventListener('click', showSkyMap);
  for (const id of ['ra-column', 'dec-column', 'coordinates']) {
    $(id).addEventListener('change', () => {
      // The map shown no longer matches the columns chosen.
      if (!$('skymap-figure').hidden) $('skymap-status').textContent = 'Columns changed: draw the sky map again to check them.';
    });
  }
  for (const radio of document.querySelectorAll('input[name="datesMode"]')) {
    radio.addEventListener('change', () => {
      const years = selectedRadio('datesMode') === 'years';
      $('years-range').hidden = !years;
      $('nights-range').hidden = years;
      clearErrors('dates-error');
      skyMapOutdated();
    });
  }
  for (const id of ['year-from', 'year-to', 'night-start', 'night-stop']) $(id).addEventListener('change', skyMapOutdated);
  for (const radio of document.querySelectorAll('input[name="contentMode"]')) {
    radio.addEventListener('change', () => {
      const fields = selectedRadio('contentMode') === 'fields';
      $('fields-panel').hidden = !fields;
      $('packet-panel').hidden = fields;
      clearErrors('fields-error');
    });
  }
  $('add-field').addEventListener('click', addField);
  $('field-input').addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();   // Enter adds the field rather than submitting the form
      addField();
    }
  });
  $('xmatch-form').addEventListener('submit', submit);
  $('cancel-button').addEventListener('click', cancel);
  $('download-link').addEventListener('click', downloadSignedIn);
  wireSignIn(start);
}

// A plain link cannot carry the token: signed in, the results are fetched with it and saved from memory.
async function downloadSignedIn(event) {
  if (!token()) return;
  event.preventDefault();
  const link = event.currentTarget;
  clearErrors('job-error');
  const response = await authFetch(link.href);
  if (!response.ok) {
    showError('job-error', `The results could not be downloaded: ${(await problemOf(response)).detail}`);
    return;
  }
  const url = URL.createObjectURL(await response.blob());
  const save = document.createElement('a');
  save.href = url;
  save.download = link.getAttribute('download') ?? 'results.parquet';
  document.body.append(save);
  save.click();
  save.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// Once someone is signed in (or sign-in is off): what the service serves, then the job in the address, if any.
async function start() {
  await loadInfo();
  await resumeFromAddress();
}

async function resumeFromAddress() {
  const match = /^#job=(.+)$/.exec(location.hash);
  if (!match) return;
  const jobId = decodeURIComponent(match[1]);
  try {
    const response = await authFetch(jobUrl(jobId));
    if (response.ok) startFollowing(await response.json());
  } catch {
    // the job is gone or the service is down: start afresh
  }
}

wire();
if (await refreshSignIn()) await start();
document.body.dataset.ready = 'true';
