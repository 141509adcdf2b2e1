// End-to-end test of the web console in a headless browser, Chromium or
// Firefox (BROWSER=chromium|firefox, the same checks in both): a real
// `fourex serve` on a loopback port with its own database, two bot games
// driven through the HTTP API, and every page of the console checked in
// the browser (no console errors, a drawn map and a player's fog-of-war
// view, the replay slider, play/pause and change highlights, prompt logs
// with errors and fallbacks, the create form's one-time tokens, the status
// filter, admin actions and archiving, the tournament pages, the /docs
// page, the error shown for a wrong token). Screenshots go to SCREENSHOT_DIR for people to look at.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { HANG_GUARD, freePort, psql, until } from '../node_support.mjs';
import { chromium, firefox } from 'playwright-core';

const BINARY = process.env.FOUREX_BINARY;
const ADMIN_URL = process.env.DATABASE_URL;
const SHOTS = process.env.SCREENSHOT_DIR || path.resolve('console-screenshots');
const BROWSER = process.env.BROWSER || 'chromium';
// Debian's browsers. Firefox is the stock firefox-esr driven over WebDriver
// BiDi (playwright's moz-firefox channel), not playwright's patched build.
const LAUNCH = {
  chromium: () => chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking',
           '--disable-component-update', '--disable-default-apps', '--disable-sync',
           '--no-first-run', '--disable-dev-shm-usage'],
  }),
  firefox: () => firefox.launch({
    channel: 'moz-firefox',
    executablePath: process.env.FIREFOX || '/usr/bin/firefox-esr',
    // On top of playwright's own prefs (no updates, telemetry, safe browsing).
    firefoxUserPrefs: { 'network.captive-portal-service.enabled': false,
                        'services.settings.server': 'http://127.0.0.1:9/',
                        'browser.region.network.url': '', 'dom.push.enabled': false },
  }),
};
// Chromium's screenshots keep the names docs/console.md links to.
const PREFIX = BROWSER === 'chromium' ? '' : `${BROWSER}-`;
const ADMIN = 'browser-test-admin-token-0123456789abcdef';

if (!BINARY || !ADMIN_URL) {
  console.error('set FOUREX_BINARY and DATABASE_URL (ctest does)');
  process.exit(1);
}
if (!LAUNCH[BROWSER]) {
  console.error(`BROWSER is '${BROWSER}', not one of ${Object.keys(LAUNCH).join(', ')}`);
  process.exit(1);
}

let server;
let base;
let browser;
const dbName = `fourex_browser_${process.pid}_${Date.now().toString(36)}`;
const games = {};  // name -> {id, tokens: {player: token}}

async function call(method, p, { token, body } = {}) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(base + p, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json();
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(data)}`);
  return data;
}

// A small seeded generator so that a run is repeatable.
let seed = 12345;
function random() {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}

// Random legal orders: each unit and city at most once, one research,
// fights and new cities first so the games have something to show.
function pickOrders(legal) {
  const rank = { attack: 0, found_city: 0, declare_war: 1, set_production: 1,
                 set_research: 1 };
  const shuffled = legal.map((a) => [(rank[a.type] ?? 2) + random(), a])
    .sort((x, y) => x[0] - y[0]).map(([, a]) => a);
  const used = new Set();
  const chosen = [];
  for (const a of shuffled) {
    const key = a.unit_id !== undefined ? `u${a.unit_id}` : a.city_id !== undefined
      ? `c${a.city_id}` : a.type === 'set_research' ? 'research' : null;
    if (key && used.has(key)) continue;
    if (a.type === 'declare_war' && random() < 0.7) continue;
    if (key) used.add(key);
    chosen.push(a);
  }
  return chosen;
}

async function playTurn(game, players = Object.keys(game.tokens)) {
  for (const name of players) {
    const token = game.tokens[name];
    const view = await call('GET', `/api/v1/games/${game.id}/state?player=${name}`, { token });
    if (view.status !== 'active' || !view.you.alive || view.submitted) continue;
    await call('POST', `/api/v1/games/${game.id}/actions`, {
      token, body: { player: name, turn: view.turn, actions: pickOrders(view.legal_actions) },
    });
  }
}

async function createGame(id, players, seedValue) {
  const all = { Alice: 'aggressive', Bob: 'defensive', Carol: 'economic' };
  const personalities = Object.fromEntries(players.map((p) => [p, all[p]]));
  const created = await call('POST', '/api/v1/games', {
    body: { game_id: id, players, personalities, max_turns: 60, seed: seedValue,
            map: { width: 28, height: 20 } },
  });
  games[id] = { id, tokens: Object.fromEntries(created.players.map((p) => [p.name, p.token])) };
  return games[id];
}

// A page that records console errors and uncaught exceptions.
async function openPage(context) {
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    page.errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => page.errors.push(`exception: ${e.message}`));
  return page;
}

// The map canvas's pixels as "r,g,b" strings (every 7th pixel), or null
// until it is drawn.
function mapPixels(page) {
  return page.evaluate(() => {
    const c = document.querySelector('canvas.map');
    if (!c || c.width === 0) return null;
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const out = [];
    for (let i = 0; i < data.length; i += 4 * 7) out.push(`${data[i]},${data[i + 1]},${data[i + 2]}`);
    return out;
  });
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${PREFIX}${name}.png`), fullPage: true });
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  psql(`CREATE DATABASE ${dbName}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const log = openSync(path.join(SHOTS, `${PREFIX}server.log`), 'w');
  server = spawn(BINARY, ['serve'], {
    env: { PATH: process.env.PATH, DATABASE_URL: url.toString(), HOST: '127.0.0.1',
           PORT: String(port), ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'warn',
           ENV_FILE: '/nonexistent', DB_POOL_SIZE: '2', HTTP_THREADS: '32' },
    stdio: ['ignore', log, log],
  });
  await until('the server to answer /healthz',
    async () => (await fetch(`${base}/healthz`)).ok);

  const a = await createGame('browser-a', ['Alice', 'Bob', 'Carol'], 7);
  const b = await createGame('browser-b', ['Alice', 'Bob'], 8);
  for (let t = 0; t < 14; t++) await playTurn(a);
  for (let t = 0; t < 5; t++) await playTurn(b);
  await playTurn(b, ['Alice']);  // a turn in progress: Bob is awaited
  await call('POST', `/api/v1/games/${a.id}/prompt-logs`, {
    token: a.tokens.Alice,
    body: { player: 'Alice', turn: 3, provider: 'openai-compatible', model: 'test-model-7b',
            prompt: 'BROWSER-TEST-PROMPT: you are Alice, choose your orders',
            response: '[{"type": "set_research", "tech": "pottery"}]',
            thinking: 'BROWSER-TEST-THINKING about pottery', prompt_tokens: 812,
            completion_tokens: 96, thinking_tokens: 240, latency_ms: 1830, error: null },
  });
  // Turn 4: a failed call that was retried well; turn 5: two unusable
  // answers, so the bot played (the second call carries the fallback).
  const failed = { player: 'Alice', provider: 'openai-compatible', model: 'test-model-7b',
                   prompt: 'BROWSER-TEST-RETRY', response: '', latency_ms: 12 };
  for (const body of [
    { ...failed, turn: 4, error: 'HTTP 500' },
    { ...failed, turn: 4, response: '[]', error: null },
    { ...failed, turn: 5, error: 'unusable answer: no JSON' },
    { ...failed, turn: 5, error: 'unusable answer: still no JSON', fallback: true },
  ]) {
    await call('POST', `/api/v1/games/${a.id}/prompt-logs`, { token: a.tokens.Alice, body });
  }

  browser = await LAUNCH[BROWSER]();
});

after(async () => {
  if (browser) await browser.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    const timer = setTimeout(() => server.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
  try {
    psql(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  } catch { /* reported by psql on stderr */ }
});

// A context whose tabs hold an admin token. The script runs in every
// document, the first about:blank too, whose storage Firefox refuses.
async function adminContext(token = ADMIN) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript((t) => {
    if (location.protocol === 'http:') sessionStorage.setItem('fourex.adminToken', t);
  }, token);
  return context;
}

test('the games page lists the games with players and scores', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await openPage(context);
  await page.goto(`${base}/`);
  await page.locator('tr[data-game="browser-a"]').waitFor({ timeout: HANG_GUARD });
  await page.locator('tr[data-game="browser-b"]').waitFor({ timeout: HANG_GUARD });
  const row = await page.locator('tr[data-game="browser-a"]').innerText();
  assert.match(row, /Alice/);
  assert.match(row, /aggressive/);
  assert.match(row, /14 \/ 60/);
  await shot(page, 'games');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the admin token is asked once and an admin action takes effect', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await openPage(context);
  page.on('dialog', (d) => d.accept());
  await page.goto(`${base}/admin`);
  await page.fill('input[name="admin-token"]', ADMIN);
  await page.click('.token-form button[type="submit"]');
  const row = page.locator('tr[data-game="browser-b"]');
  await row.waitFor({ timeout: HANG_GUARD });
  await row.locator('button[data-action="pause"]').click();
  await page.locator('tr[data-game="browser-b"] .status.paused').waitFor({ timeout: HANG_GUARD });
  assert.equal((await call('GET', '/api/v1/games/browser-b/info')).status, 'paused');
  await page.locator('tr[data-game="browser-b"] button[data-action="resume"]').click();
  await page.locator('tr[data-game="browser-b"] .status.active').waitFor({ timeout: HANG_GUARD });
  assert.equal((await call('GET', '/api/v1/games/browser-b/info')).status, 'active');
  await page.locator('tr[data-game="browser-a"] button[data-action="snapshot"]').click();
  await page.getByText(/snapshot browser-a done at turn 14/).waitFor({ timeout: HANG_GUARD });
  // The charts fill in as the overview is polled.
  await until('two overview samples', async () =>
    (await page.locator('.chart .value').first().innerText()) !== '—');
  // The cluster's table: this one node, alive, owning the games it serves.
  const self = page.locator('.cluster-nodes tr.this-node');
  await self.waitFor({ timeout: HANG_GUARD });
  assert.match(await self.innerText(), /\(this node\)[\s\S]*alive/);
  assert.match(await page.locator('.cluster-summary').innerText(), /^1 of 1 nodes alive/);
  await page.waitForTimeout(4500);
  await shot(page, 'admin');
  // Kept for the session: another page of the same tab needs no form.
  await page.goto(`${base}/games/browser-a/logs`);
  await page.locator('article.log').first().waitFor({ timeout: HANG_GUARD });
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the observer draws the map in several colours and follows turns live', async () => {
  const context = await adminContext();
  const page = await openPage(context);
  await page.goto(`${base}/games/browser-a`);
  await page.locator('.side-players').waitFor({ timeout: HANG_GUARD });
  // Colours told apart in steps of 16, so antialiasing does not count.
  const coarse = (px) => new Set(px.map((c) => c.split(',').map((v) => v >> 4).join(',')));
  const colours = await until('a drawn map', async () => {
    const px = await mapPixels(page);
    return px && coarse(px).size >= 8 ? coarse(px).size : 0;
  });
  assert.ok(colours >= 8, `only ${colours} colours on the map`);
  const panel = await page.locator('.side-players').innerText();
  for (const name of ['Alice', 'Bob', 'Carol']) assert.match(panel, new RegExp(name));
  await page.locator('.live.on').waitFor({ timeout: HANG_GUARD });
  await playTurn(games['browser-a']);
  await page.getByText('turn 15 / 60 completed').waitFor({ timeout: HANG_GUARD });
  await page.locator('.events li').first().waitFor({ timeout: HANG_GUARD });
  await shot(page, 'observer');
  // Alice's view is drawn differently: tiles she never saw are unknown
  // (the canvas's background colour), the whole map has none.
  const UNKNOWN = '17,19,24';
  const whole = await mapPixels(page);
  const unknownWhole = whole.filter((c) => c === UNKNOWN).length;
  await page.selectOption('select[name="viewpoint"]', 'Alice');
  await until('the fog-of-war view', () => page.evaluate(() =>
    location.search === '?view=Alice'));
  const fog = await until('the fog-of-war map', async () => {
    const px = await mapPixels(page);
    return px && px.length === whole.length &&
      px.filter((c) => c === UNKNOWN).length > unknownWhole ? px : null;
  });
  const differing = fog.filter((c, i) => c !== whole[i]).length;
  assert.ok(differing > whole.length / 20,
    `only ${differing} of ${whole.length} pixels differ from the whole map`);
  await shot(page, 'observer-fog');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the replay slider changes the turn and the hash shown', async () => {
  const context = await adminContext();
  const page = await openPage(context);
  await page.goto(`${base}/games/browser-a/replay`);
  const label = page.locator('.turn-label');
  const hash = page.locator('.hash');
  await until('the last turn', async () => /Turn 15 of 15/.test(await label.innerText()) &&
    (await hash.innerText()).length === 64);
  const lastHash = await hash.innerText();
  await page.locator('input[name="turn"]').fill('6');
  await until('turn 6', async () => /Turn 6 of 15/.test(await label.innerText()) &&
    (await hash.innerText()) !== lastHash);
  const hash6 = await hash.innerText();
  const logged = await call('GET', '/api/v1/games/browser-a/turns?from=6&to=6');
  assert.equal(hash6, logged.turns[0].state_hash);
  await page.locator('.verified.ok').waitFor({ timeout: HANG_GUARD });
  await page.getByRole('button', { name: 'Step ▶' }).click();
  await until('turn 7', async () => /Turn 7 of 15/.test(await label.innerText()) &&
    (await hash.innerText()) !== hash6);
  await page.locator('.verified.ok').waitFor({ timeout: HANG_GUARD });
  await shot(page, 'replay');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the replay plays and pauses, and highlights what changed', async () => {
  const context = await adminContext();
  const page = await openPage(context);
  await page.goto(`${base}/games/browser-a/replay`);
  const label = page.locator('.turn-label');
  const changes = page.locator('.changes');
  // show() updates the URL last, once the turn's map and notes are drawn.
  const shownTurn = (t) => until(`turn ${t} drawn`, () =>
    page.evaluate((want) => location.search === `?turn=${want}`, t));
  await shownTurn(15);
  await page.getByRole('button', { name: '« First' }).click();
  await shownTurn(0);
  assert.match(await changes.innerText(), /initial state/);
  const play = page.locator('button.play');
  await play.click();
  assert.equal(await play.innerText(), '⏸ Pause');
  const turnShown = async () => Number((await label.innerText()).match(/Turn (\d+)/)[1]);
  await until('playing to turn 2', async () => (await turnShown()) >= 2);
  await play.click();
  assert.equal(await play.innerText(), '▶ Play');
  const paused = await turnShown();
  await page.waitForTimeout(2000);  // more than two steps of play
  assert.equal(await turnShown(), paused);

  // A turn that founded a city: the note names it, and the map rings it
  // in the new-city yellow, which nothing else on the map uses.
  const RING = '255,230,0';
  let founded = null;
  for (let t = 1; t <= 15 && !founded; t++) {
    await page.locator('input[name="turn"]').fill(String(t));
    await shownTurn(t);
    if (/new city/.test(await changes.innerText())) founded = t;
  }
  assert.ok(founded, 'no turn of browser-a founded a city');
  const px = await mapPixels(page);
  assert.ok(px.some((c) => c === RING), `no new-city ring drawn at turn ${founded}`);
  await page.locator('input[name="turn"]').fill('0');
  await shownTurn(0);
  assert.ok(!(await mapPixels(page)).some((c) => c === RING), 'a ring at turn 0');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a prompt log written by an agent appears with its thinking collapsed', async () => {
  const context = await adminContext();
  const page = await openPage(context);
  await page.goto(`${base}/games/browser-a/logs`);
  await page.getByText('BROWSER-TEST-PROMPT').waitFor({ state: 'attached', timeout: HANG_GUARD });
  const thinking = page.getByText('BROWSER-TEST-THINKING');
  assert.equal(await thinking.isVisible(), false);
  await page.locator('article.log summary', { hasText: 'Thinking' }).click();
  assert.equal(await thinking.isVisible(), true);
  assert.match(await page.locator('table.totals').innerText(), /test-model-7b/);
  // Errors and the fallback: only the server's flag says the bot played.
  await page.locator('article.log').nth(4).waitFor({ timeout: HANG_GUARD });
  const errors = await page.locator('article.log .error:not(.fallback)').allInnerTexts();
  assert.equal(errors.length, 3);
  const fallbacks = page.locator('article.log.fallback');
  assert.equal(await fallbacks.count(), 1);
  assert.match(await fallbacks.innerText(), /still no JSON/);
  assert.match(await fallbacks.locator('.error.fallback').innerText(),
    /personality bot played this turn/);
  const retried = page.locator('article.log', { hasText: 'HTTP 500' });
  assert.equal(await retried.locator('.fallback').count(), 0);
  const totals = await page.locator('table.totals').innerText();
  assert.match(totals, /Fallbacks/);
  assert.match(totals.split('\n').find((l) => l.includes('test-model-7b')),
    /\t3\t1\t/);  // 3 errors, 1 fallback
  await shot(page, 'logs');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the create form shows the new players\' tokens once', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await openPage(context);
  await page.goto(`${base}/`);
  const form = page.locator('form.create-form');
  await form.locator('input[name="players"]').fill('Xena, Yuri');
  await form.locator('input[name="personalities"]').fill('Xena=explorer, Yuri=scientific');
  await form.locator('input[name="width"]').fill('16');
  await form.locator('input[name="height"]').fill('16');
  await form.locator('input[name="max_turns"]').fill('9');
  await form.locator('input[name="seed"]').fill('5');
  await form.locator('input[name="game_id"]').fill('browser-created');
  await form.locator('button[type="submit"]').click();
  const tokens = page.locator('.create-result .tokens');
  await tokens.waitFor({ timeout: HANG_GUARD });
  await shot(page, 'create-game');
  const rows = await tokens.locator('tr').allInnerTexts();
  assert.equal(rows.length, 2);
  const shown = Object.fromEntries(rows.map((r) => r.split('\t')));
  // The tokens work: each reads its own player's view.
  for (const name of ['Xena', 'Yuri']) {
    const view = await call('GET', `/api/v1/games/browser-created/state?player=${name}`,
      { token: shown[name] });
    assert.equal(view.you.name, name);
  }
  const info = await call('GET', '/api/v1/games/browser-created/info');
  assert.deepEqual(info.players.map((p) => p.personality), ['explorer', 'scientific']);
  assert.equal(info.max_turns, 9);
  await page.locator('tr[data-game="browser-created"]').waitFor({ timeout: HANG_GUARD });
  // Once: after a reload nothing on the page holds them.
  await page.reload();
  await page.locator('tr[data-game="browser-created"]').waitFor({ timeout: HANG_GUARD });
  const html = await page.content();
  for (const token of Object.values(shown)) assert.ok(!html.includes(token));
  assert.deepEqual(page.errors, []);
  games['browser-created'] = { id: 'browser-created', tokens: shown };
  await context.close();
});

test('the status filter shows only the games in that status', async () => {
  await call('POST', '/admin/v1/games/browser-created/pause', { token: ADMIN });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await openPage(context);
  await page.goto(`${base}/`);
  await page.locator('tr[data-game="browser-created"]').waitFor({ timeout: HANG_GUARD });
  const listed = async () => (await page.locator('tr[data-game]').evaluateAll(
    (rows) => rows.map((r) => r.dataset.game))).sort().join(' ');
  await page.selectOption('select[name="status"]', 'paused');
  await until('the paused games', async () => (await listed()) === 'browser-created');
  await page.selectOption('select[name="status"]', 'active');
  await until('the active games', async () => (await listed()) === 'browser-a browser-b');
  await page.selectOption('select[name="status"]', 'finished');
  await until('no finished games', async () => (await listed()) === '');
  await page.selectOption('select[name="status"]', '');
  await until('every game', async () =>
    (await listed()) === 'browser-a browser-b browser-created');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the archive button archives a game after asking', async () => {
  const context = await adminContext();
  const page = await openPage(context);
  const asked = [];
  page.on('dialog', (d) => {
    asked.push(d.message());
    d.accept();
  });
  await page.goto(`${base}/admin`);
  const row = page.locator('tr[data-game="browser-created"]');
  await row.waitFor({ timeout: HANG_GUARD });
  await row.locator('button[data-action="archive"]').click();
  await page.getByText(/archive browser-created done/).waitFor({ timeout: HANG_GUARD });
  assert.match(asked.join(), /Archive game browser-created\?/);
  await row.waitFor({ state: 'detached', timeout: HANG_GUARD });
  const list = await call('GET', '/api/v1/games?limit=200');
  assert.ok(!list.games.some((g) => g.game_id === 'browser-created'));
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the tournament pages show live standings with intervals and every game', async () => {
  const created = await call('POST', '/api/v1/tournaments', { token: ADMIN, body: {
    tournament_id: 'browser-cup', name: 'Browser cup', max_turns: 3, seed: 5,
    maps: [{ width: 10, height: 10 }],
    entrants: [{ name: 'north', agent: 'external' },
               { name: 'south', agent: 'external@aggressive' },
               { name: 'east', agent: 'bot:economic' }] } });
  assert.equal(created.games.length, 3);
  // The first game played to its end, so that the standings move.
  const first = { id: created.games[0].game_id, tokens: created.games[0].tokens };
  for (let turn = 1; turn <= 3; turn++) await playTurn(first);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await openPage(context);
  await page.goto(`${base}/tournaments`);
  const row = page.locator('tr[data-tournament="browser-cup"]');
  await row.waitFor({ timeout: HANG_GUARD });
  await row.locator('a').click();
  await page.getByText(/1 of 3 games finished/).waitFor({ timeout: HANG_GUARD });
  assert.equal(await page.locator('table.standings tr[data-entrant]').count(), 3);
  // The leaderboard's per-model columns, and the schedule's.
  assert.deepEqual(await page.locator('table.standings thead th').allInnerTexts(),
    ['#', 'Entrant', 'Rating (mu ± 3σ)', '', 'Games', 'Wins', 'Win rate [95%]',
      'Mean score', 'Refused', 'Fallback', 'Tokens/turn (p/c/t)', 'Latency p50/p95',
      'Cost/game']);
  assert.deepEqual(await page.locator('table.games thead th').allInnerTexts(),
    ['#', 'Round', 'Game', 'Seats', 'Status', 'Turn', 'Winner', '']);
  assert.equal(await page.locator('table.standings .interval .range').count(), 3);
  const link = page.locator(`tr[data-game="${first.id}"] a[href="/games/${first.id}"]`);
  assert.equal(await link.count(), 1);
  assert.equal(await page.locator('table.h2h tbody tr').count(), 1);
  await shot(page, 'tournament');
  await link.click();
  await page.waitForURL(`${base}/games/${first.id}`);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('/docs renders the OpenAPI contract', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await openPage(context);
  await page.goto(`${base}/docs`);
  await until('the operations', async () => (await page.locator('details.op').count()) > 20);
  assert.match(await page.locator('#title').innerText(), /\(v/);
  const postLogs = page.locator('details.op')
    .filter({ has: page.locator('.method.post') })
    .filter({ has: page.locator('.path', { hasText: /^\/api\/v1\/games\/\{game_id\}\/prompt-logs$/ }) });
  await postLogs.locator('summary').click();
  assert.match(await postLogs.locator('pre').innerText(), /fallback\?: boolean/);
  await shot(page, 'docs');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a wrong admin token and an unknown game show a clear error', async () => {
  const context = await adminContext('wrong');
  const page = await openPage(context);
  await page.goto(`${base}/admin`);
  const error = page.locator('.error[role="alert"]').first();
  await error.waitFor({ timeout: HANG_GUARD });
  assert.match(await error.innerText(), /admin token was refused/);
  await shot(page, 'error-wrong-token');
  await page.goto(`${base}/games/no-such-game`);
  await page.getByText(/does not exist/).waitFor({ timeout: HANG_GUARD });
  await shot(page, 'error-unknown-game');
  // The failed requests are logged by the browser; nothing may throw.
  assert.deepEqual(page.errors.filter((e) => e.startsWith('exception')), []);
  await context.close();
});

test('a server that stops answering is reported on the page', async () => {
  const context = await adminContext();
  const page = await openPage(context);
  await page.goto(`${base}/admin`);
  await page.locator('tr[data-game="browser-a"]').waitFor({ timeout: HANG_GUARD });
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGTERM');
  await exited;
  await page.getByText(/server does not answer/).waitFor({ timeout: HANG_GUARD });
  await shot(page, 'error-server-down');
  assert.deepEqual(page.errors.filter((e) => e.startsWith('exception')), []);
  await context.close();
});
