// FinkXmatch web page, cone search box: every alert within a radius of one position (POST /api/v1/conesearch), shown
// as a table in the order the service answers (nearest first) and on the sky map the service draws for the same search
// (output-format svg: the catalog map's renderer). A refused argument (problem+json `argument`) is shown next to its field.

import { authFetch } from './signin.js';
import { surveyRadios } from './surveys.js';

const api = '/api/v1';
const number = new Intl.NumberFormat('en-US');
const maxRowsShown = 1000;
const $ = (id) => document.getElementById(id);

// The arguments the form sends, each with the field that says it and the place of its error.
const fields = ['ra', 'dec', 'radius', 'startdate', 'window', 'stopdate', 'columns'];
let mapUrl = '';
let surveysLoaded = false;

function showError(id, message) {
  const element = $(id);
  element.textContent = message;
  element.hidden = !message;
}

function clearErrors() {
  for (const name of [...fields, 'survey']) showError(`cone-${name}-error`, '');
  showError('cone-error', '');
}

function chosenSurvey() {
  return document.querySelector('input[name="cone-survey"]:checked')?.value ?? null;
}

// The arguments as the API takes them (strings, as Fink's API); blank fields are left out.
function argumentsOf() {
  const body = {};
  for (const name of fields) {
    const value = $(`cone-${name}`).value.trim();
    if (value) body[name] = value;
  }
  // A date field is a whole UTC day: the last one is searched to its end.
  if (body.stopdate) body.stopdate = `${body.stopdate} 23:59:59.999`;
  const survey = chosenSurvey();
  if (survey) body.survey = survey;
  return body;
}

async function problemOf(response) {
  try {
    const body = await response.json();
    return { detail: body.detail || body.title || `the service answered ${response.status}`, argument: body.argument ?? null };
  } catch {
    return { detail: `the service answered ${response.status} ${response.statusText}`, argument: null };
  }
}

// Puts a refusal next to the field it names (problem member `argument`), or under the button.
function placeProblem(problem, status) {
  const name = problem.argument === 'survey' && $('cone-survey-choice').hidden ? null : problem.argument;
  if (name && $(`cone-${name}-error`)) {
    showError(`cone-${name}-error`, problem.detail);
    (name === 'survey' ? document.querySelector('input[name="cone-survey"]') : $(`cone-${name}`))?.focus();
    return;
  }
  const signIn = status === 401 ? ' Sign in at the top of the page first.' : '';
  showError('cone-error', `The search was refused: ${problem.detail}${signIn}`);
}

async function search(event) {
  event.preventDefault();
  clearErrors();
  const body = argumentsOf();
  for (const name of ['ra', 'dec']) {
    if (!body[name]) {
      showError(`cone-${name}-error`, `Give the ${name === 'ra' ? 'right ascension' : 'declination'} of the centre.`);
      $(`cone-${name}`).focus();
      return;
    }
  }
  $('cone-button').disabled = true;
  $('cone-status').textContent = 'Searching…';
  try {
    const response = await authFetch(`${api}/conesearch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      // The rows of an earlier search would read as this one's answer.
      $('cone-status').textContent = '';
      $('cone-results').hidden = true;
      placeProblem(await problemOf(response), response.status);
      return;
    }
    const rows = await response.json();
    showTable(rows, body);
    await showMap(rows, body);
  } catch (error) {
    $('cone-status').textContent = '';
    $('cone-results').hidden = true;
    showError('cone-error', `The search could not be sent: the service is unreachable (${error.message}).`);
  } finally {
    $('cone-button').disabled = false;
  }
}

function cellText(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function showTable(rows, body) {
  const where = `within ${body.radius ?? '?'}″ of ${body.ra}, ${body.dec}`;
  const found = `${number.format(rows.length)} ${rows.length === 1 ? 'alert' : 'alerts'} ${where}`;
  $('cone-status').textContent = rows.length === 0 ? `No alert ${where}.` : `${found}.`;
  $('cone-results').hidden = rows.length === 0;
  if (rows.length === 0) return;
  const names = Object.keys(rows[0]);
  const head = document.createElement('tr');
  for (const name of names) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = name;
    head.append(th);
  }
  $('cone-table').tHead.replaceChildren(head);
  const shown = rows.slice(0, maxRowsShown).map((row) => {
    const tr = document.createElement('tr');
    for (const name of names) {
      const td = document.createElement('td');
      td.textContent = cellText(row[name]);
      tr.append(td);
    }
    return tr;
  });
  $('cone-table').tBodies[0].replaceChildren(...shown);
  $('cone-caption').textContent = rows.length > maxRowsShown
    ? `${found}, nearest first: the first ${number.format(maxRowsShown)} shown (download all with the API or finkxmatch conesearch)`
    : `${found}, nearest first`;
}

// The same search drawn by the service, as the catalog's map is: one mark per alert.
async function showMap(rows, body) {
  $('cone-map-figure').hidden = true;
  if (rows.length === 0) return;
  const response = await authFetch(`${api}/conesearch`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...body, 'output-format': 'svg' }),
  });
  if (!response.ok) {
    showError('cone-error', `The sky map could not be drawn: ${(await problemOf(response)).detail}`);
    return;
  }
  if (mapUrl) URL.revokeObjectURL(mapUrl);
  mapUrl = URL.createObjectURL(await response.blob());
  const img = $('cone-map');
  img.src = mapUrl;
  img.alt = `Sky map of the ${number.format(rows.length)} ${rows.length === 1 ? 'alert' : 'alerts'} found within `
    + `${body.radius}″ of ${body.ra}, ${body.dec}`;
  $('cone-map-figure').hidden = false;
}

// A survey choice when the service serves more than one. With sign-in on, /info answers only once signed in: the
// form asks again when it is first used.
async function loadSurveys() {
  let info;
  try {
    const response = await authFetch(`${api}/info`);
    if (!response.ok) return;
    info = await response.json();
  } catch {
    return;
  }
  const surveys = Object.keys(info.surveys ?? {});
  const radios = surveyRadios(surveys, 'cone-survey', 'cone-survey-error');
  $('cone-survey-options').replaceChildren(...radios);
  $('cone-survey-choice').hidden = surveys.length < 2;
  surveysLoaded = true;
}

$('cone-form').addEventListener('submit', search);
$('cone-form').addEventListener('focusin', () => {
  if (!surveysLoaded) loadSurveys();
});
loadSurveys();
