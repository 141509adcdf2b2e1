// The /mcp endpoint through the official MCP TypeScript SDK client
// (Streamable HTTP) and raw JSON-RPC: a real `fourex serve` on a loopback
// port with its own database. A scripted client (no LLM) plays a 2-player
// game to its end through the tools alone, and the same orders sent
// through the HTTP API to a second game of the same seed give the same
// rows and state hashes; every protocol error is the one the MCP
// specification prescribes and writes nothing; no tool answer holds
// anything outside the player's view.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, psql, until } from '../node_support.mjs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const BINARY = process.env.FOUREX_BINARY;
const ADMIN_URL = process.env.DATABASE_URL;
const LOG_DIR = process.env.LOG_DIR || os.tmpdir();
const ADMIN = 'mcp-test-admin-token-0123456789abcdef';
const SETTINGS = { players: ['A', 'B'], max_turns: 5, seed: 11, map: { width: 12, height: 12 } };

if (!BINARY || !ADMIN_URL) {
  console.error('set FOUREX_BINARY and DATABASE_URL (ctest does)');
  process.exit(1);
}

const servers = [];  // {process, base, db}

// A server on its own database; `env` adds settings.
async function startServer(name, env = {}) {
  const db = `fourex_mcp_${name}_${process.pid}_${Date.now().toString(36)}`;
  psql(`CREATE DATABASE ${db}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${db}`;
  const port = await freePort();
  const log = openSync(path.join(LOG_DIR, `mcp-test-${name}-server.log`), 'w');
  const proc = spawn(BINARY, ['serve'], {
    env: { PATH: process.env.PATH, DATABASE_URL: url.toString(), HOST: '127.0.0.1',
           PORT: String(port), ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'warn',
           ENV_FILE: '/nonexistent', DB_POOL_SIZE: '2', HTTP_THREADS: '16', ...env },
    stdio: ['ignore', log, log],
  });
  const server = { proc, db, base: `http://127.0.0.1:${port}` };
  servers.push(server);
  await until(`the ${name} server to answer /healthz`,
    async () => (await fetch(`${server.base}/healthz`)).ok);
  return server;
}

let main;     // the server of the games
let expiring; // MCP_SESSION_IDLE_S=1

async function api(method, p, { token, body, base = main.base } = {}) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(base + p, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function createGame(id, base = main.base) {
  const r = await api('POST', '/api/v1/games', { body: { game_id: id, ...SETTINGS }, base });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return { id, tokens: Object.fromEntries(r.body.players.map((p) => [p.name, p.token])) };
}

async function sdkClient(token, base = main.base) {
  const client = new Client({ name: 'fourex-mcp-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return client;
}

async function tool(client, name, args = {}, options = {}) {
  const r = await client.callTool({ name, arguments: args }, undefined, options);
  assert.ok(!r.isError, `${name}: ${JSON.stringify(r.content)}`);
  assert.deepEqual(JSON.parse(r.content[0].text), r.structuredContent);
  return r.structuredContent;
}

// Deterministic orders: cities first, then one action per unit and city
// in suggested_actions' order; no diplomacy or messages.
function pickOrders(legal) {
  const rank = (a) => (a.type === 'found_city' ? 0 : 1);
  const used = new Set();
  const chosen = [];
  for (const a of [...legal].sort((x, y) => rank(x) - rank(y))) {
    if (['declare_war', 'propose_peace', 'accept_peace', 'send_message'].includes(a.type)) continue;
    const key = a.unit_id !== undefined ? `u${a.unit_id}` : a.city_id !== undefined
      ? `c${a.city_id}` : a.type === 'set_research' ? 'research' : a.type;
    if (used.has(key)) continue;
    used.add(key);
    chosen.push(a);
  }
  return chosen;
}

// Raw JSON-RPC over POST /mcp.
async function rpc(body, { token, session, version = '2025-06-18', base = main.base, raw } = {}) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (session) headers['Mcp-Session-Id'] = session;
  if (version) headers['MCP-Protocol-Version'] = version;
  const res = await fetch(`${base}/mcp`, {
    method: 'POST', headers, body: raw ?? JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

async function initialize(token, protocolVersion = '2025-06-18', base = main.base) {
  const r = await rpc({ jsonrpc: '2.0', id: 0, method: 'initialize',
    params: { protocolVersion, capabilities: {}, clientInfo: { name: 'raw', version: '1' } } },
  { token, version: null, base });
  return { ...r, session: r.headers.get('mcp-session-id') };
}

before(async () => {
  mkdirSync(LOG_DIR, { recursive: true });
  main = await startServer('main');
  expiring = await startServer('expiring', { MCP_SESSION_IDLE_S: '1' });
});

after(async () => {
  for (const s of servers) {
    if (s.proc.exitCode === null) {
      const exited = new Promise((r) => s.proc.once('exit', r));
      s.proc.kill('SIGTERM');
      const timer = setTimeout(() => s.proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    try {
      psql(`DROP DATABASE IF EXISTS ${s.db} WITH (FORCE)`);
    } catch { /* reported by psql on stderr */ }
  }
});

// Everything of the answer that names a unit, city, resource or tile must
// be in the player's view of the same turn.
function checkWithinView(view, name, answer) {
  const units = new Set(view.units.map((u) => u.id));
  const cities = new Set(view.cities.map((c) => c.id));
  const resources = new Set(view.map.resources.map((r) => `${r.x},${r.y},${r.type}`));
  const where = `${name} on turn ${view.turn}`;
  for (const u of answer.units ?? []) assert.ok(units.has(u.id), `${where}: unit ${u.id}`);
  for (const t of answer.threats ?? []) assert.ok(units.has(t.unit.id), `${where}: unit ${t.unit.id}`);
  for (const c of answer.cities ?? []) assert.ok(cities.has(c.id), `${where}: city ${c.id}`);
  for (const r of answer.resources ?? []) {
    assert.ok(resources.has(`${r.x},${r.y},${r.type}`), `${where}: resource ${JSON.stringify(r)}`);
  }
  for (const [x, y] of answer.tiles ?? []) assert.notEqual(view.map.rows[y][x], '?', `${where}: tile ${x},${y}`);
}

test('an SDK client plays a game through the tools; HTTP gives the same rows', async () => {
  const viaMcp = await createGame('mcp-played');
  const viaHttp = await createGame('http-played');
  const clients = {};
  for (const p of SETTINGS.players) clients[p] = await sdkClient(viaMcp.tokens[p]);
  const { tools } = await clients.A.listTools();
  for (const name of ['get_rules', 'get_view', 'suggested_actions', 'legal_actions',
    'validate_orders', 'submit_orders',
    'wait_for_turn', 'get_history', 'analyze_territory', 'find_threats',
    'find_unclaimed_resources', 'find_path']) {
    const t = tools.find((x) => x.name === name);
    assert.ok(t, `tool ${name}`);
    assert.equal(t.inputSchema.type, 'object');
    assert.equal(t.outputSchema.type, 'object');
    assert.ok(t.description.length > 40);
  }
  const { resources } = await clients.A.listResources();
  assert.deepEqual(resources.map((r) => r.uri).sort(), ['fourex://rules', 'fourex://view']);
  const rules = await clients.A.readResource({ uri: 'fourex://rules' });
  assert.match(rules.contents[0].text, /^# fourex rules/);
  assert.match((await tool(clients.A, 'get_rules')).markdown, /## The game/);
  const viewResource = JSON.parse((await clients.B.readResource({ uri: 'fourex://view' })).contents[0].text);
  assert.equal(viewResource.you.name, 'B');
  const { prompts } = await clients.A.listPrompts();
  assert.deepEqual(prompts.map((p) => p.name), ['play_turn']);
  const prompt = await clients.A.getPrompt({ name: 'play_turn', arguments: { strategy: 'expand' } });
  assert.match(prompt.messages[0].content.text, /You are A .*submit_orders.*expand/s);

  const played = [];  // {turn, player, orders}
  let progressSeen = 0;
  for (let turn = 1; ; turn++) {
    const views = {};
    for (const p of SETTINGS.players) views[p] = await tool(clients[p], 'get_view');
    if (views.A.status !== 'active') break;
    assert.equal(views.A.turn, turn);
    const [httpView] = [(await api('GET', `/api/v1/games/${viaMcp.id}/state`, { token: viaMcp.tokens.A })).body];
    assert.deepEqual(views.A, httpView, 'get_view is GET /state');

    for (const p of SETTINGS.players) {
      const view = views[p];
      const c = clients[p];
      const [home] = view.units.filter((u) => u.owner === p);
      for (const [name, args] of [
        ['analyze_territory', { x: home.x, y: home.y, radius: 4 }],
        ['find_threats', { within: 6 }],
        ['find_unclaimed_resources', { limit: 10 }],
        ['find_path', { from_x: home.x, from_y: home.y, to_x: Math.min(11, home.x + 2), to_y: home.y }],
      ]) checkWithinView(view, name, await tool(c, name, args));
      if (!view.you.alive) continue;
      const suggested = (await tool(c, 'suggested_actions')).suggested_actions;
      assert.deepEqual(suggested, view.suggested_actions);
      // The tool's old name (deprecated) answers the same list under it.
      assert.deepEqual((await tool(c, 'legal_actions')).legal_actions, suggested);
      const orders = pickOrders(suggested);
      const dry = await tool(c, 'validate_orders', { orders });
      assert.equal(dry.valid, true, JSON.stringify(dry));
      assert.equal(dry.orders.length, orders.length);
      const answer = await tool(c, 'submit_orders', { orders, turn, request_id: `t${turn}` });
      assert.deepEqual(answer, { accepted: true, turn, durable: true });
      // Retried with the same request_id: the first answer again.
      assert.deepEqual(await tool(c, 'submit_orders', { orders, turn, request_id: `t${turn}` }), answer);
      played.push({ turn, player: p, orders });
      if (turn === 1 && p === 'A') {
        // A second order list this turn is refused, as over HTTP.
        const again = await clients.A.callTool({ name: 'submit_orders', arguments: { orders: [] } });
        assert.equal(again.isError, true);
        assert.equal(JSON.parse(again.content[0].text).error.code, 'already_submitted');
        // A waits (progress notifications over SSE) until B has played.
        const waiting = tool(clients.A, 'wait_for_turn', { timeout_ms: 60000 }, {
          onprogress: () => { progressSeen += 1; },
        });
        await until('a progress notification', () => progressSeen >= 1);
        views.waiting = waiting;
      }
    }
    if (views.waiting) {
      const waited = await views.waiting;
      assert.equal(waited.reached, true);
      assert.equal(waited.turn, 2);
    }
    const next = await tool(clients.B, 'wait_for_turn', { turn: turn + 1, timeout_ms: 20000 });
    assert.ok(next.reached || next.status !== 'active', JSON.stringify(next));
  }
  assert.ok(progressSeen >= 1, 'progress notifications while waiting');

  // The player's own history: its orders, and only events that name it.
  const history = await tool(clients.A, 'get_history', { from: 1 });
  assert.equal(history.turns.length, SETTINGS.max_turns);
  for (const t of history.turns) {
    const mine = played.find((x) => x.turn === t.turn && x.player === 'A');
    assert.deepEqual(t.orders, mine ? mine.orders : []);
    for (const e of t.events) assert.match(JSON.stringify(e), /"A"/);
  }

  // The same orders through the HTTP API to a game of the same seed.
  for (const { turn, player, orders } of played) {
    const r = await api('POST', `/api/v1/games/${viaHttp.id}/actions`, {
      token: viaHttp.tokens[player], body: { player, turn, request_id: `t${turn}`, actions: orders },
    });
    assert.deepEqual(r.body, { accepted: true, turn, durable: true });
  }
  const rows = async (id) => (await api('GET', `/api/v1/games/${id}/turns`)).body.turns
    .map(({ processed_at: _a, duration_us: _b, ...rest }) => rest);
  const [mcpRows, httpRows] = [await rows(viaMcp.id), await rows(viaHttp.id)];
  assert.equal(mcpRows.length, SETTINGS.max_turns);
  assert.deepEqual(mcpRows, httpRows);
  const info = async (id) => {
    const { game_id: _id, created_at: _c, updated_at: _u, ...rest } = (await api('GET', `/api/v1/games/${id}/info`)).body;
    return rest;
  };
  assert.deepEqual(await info(viaMcp.id), await info(viaHttp.id));
  for (const c of Object.values(clients)) await c.close();
});

test('protocol errors are the ones the specification prescribes; nothing is written', async () => {
  const game = await createGame('mcp-errors');
  const { A, B } = game.tokens;
  const call = (id, name, args) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } });

  // Version negotiation: an unknown version gets the server's newest.
  const odd = await initialize(A, '1999-01-01');
  assert.equal(odd.status, 200);
  assert.equal(odd.body.result.protocolVersion, '2025-11-25');
  const s = await initialize(A, '2025-06-18');
  assert.equal(s.body.result.protocolVersion, '2025-06-18');
  assert.ok(s.session);
  const opts = { token: A, session: s.session };
  assert.deepEqual((await rpc({ jsonrpc: '2.0', id: 1, method: 'ping' }, opts)).body,
    { jsonrpc: '2.0', id: 1, result: {} });

  const bad = await rpc({ jsonrpc: '2.0', id: 1, method: 'ping' }, { ...opts, version: '1999-01-01' });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, -32600);

  const parse = await rpc(null, { ...opts, raw: '{"jsonrpc": "2.0", "id": 1, "method": ' });
  assert.equal(parse.status, 400);
  assert.deepEqual([parse.body.id, parse.body.error.code], [null, -32700]);
  for (const msg of [{ jsonrpc: '1.0', id: 2, method: 'ping' }, { jsonrpc: '2.0', id: 2 },
    { jsonrpc: '2.0', id: 2, method: 7 }, { jsonrpc: '2.0', id: 2, method: 'ping', params: [1] }]) {
    const r = await rpc(msg, opts);
    assert.equal(r.body.error.code, -32600, JSON.stringify(msg));
  }
  assert.equal((await rpc({ jsonrpc: '2.0', id: 3, method: 'no/such' }, opts)).body.error.code, -32601);
  assert.equal((await rpc(call(4, 'no_such_tool', {}), opts)).body.error.code, -32602);
  for (const args of [{}, { orders: 'x' }, { orders: [], extra: 1 }, { orders: [7] }]) {
    const r = await rpc(call(5, 'submit_orders', args), opts);
    assert.equal(r.body.error.code, -32602, JSON.stringify(args));
  }
  assert.equal((await rpc(call(6, 'find_path', { from_x: -1, from_y: 0, to_x: 1, to_y: 1 }), opts))
    .body.error.code, -32602);
  // 2025-11-25 (SEP-1303): invalid arguments are a tool error the model reads.
  const newer = await initialize(A, '2025-11-25');
  const toolError = await rpc(call(7, 'submit_orders', {}), { token: A, session: newer.session, version: '2025-11-25' });
  assert.equal(toolError.body.result.isError, true);
  assert.match(toolError.body.result.content[0].text, /orders is missing/);

  // Notifications and responses only: 202, no body.
  const note = await rpc({ jsonrpc: '2.0', method: 'notifications/initialized' }, opts);
  assert.deepEqual([note.status, note.body], [202, null]);
  // Batches: in 2025-03-26 only.
  assert.equal((await rpc([{ jsonrpc: '2.0', id: 8, method: 'ping' }], opts)).status, 400);
  const old = await initialize(A, '2025-03-26');
  const batch = await rpc([{ jsonrpc: '2.0', id: 8, method: 'ping' }, { jsonrpc: '2.0', method: 'notifications/x' },
    { jsonrpc: '2.0', id: 9, method: 'nope' }], { token: A, session: old.session, version: '2025-03-26' });
  assert.equal(batch.status, 200);
  assert.deepEqual(batch.body.map((r) => r.id), [8, 9]);
  assert.equal(batch.body[1].error.code, -32601);

  // Tokens: missing 401, unknown 401, another player's 403, the admin's 403.
  assert.equal((await rpc({ jsonrpc: '2.0', id: 1, method: 'ping' }, { session: s.session })).status, 401);
  assert.equal((await rpc({ jsonrpc: '2.0', id: 1, method: 'ping' }, { ...opts, token: 'f'.repeat(64) })).status, 401);
  assert.equal((await rpc(call(1, 'submit_orders', { orders: [] }), { ...opts, token: B })).status, 403);
  assert.equal((await initialize('f'.repeat(64))).status, 401);
  assert.equal((await initialize(ADMIN)).status, 403);
  assert.equal((await initialize(undefined)).status, 401);

  // Sessions: missing 400, unknown 404, ended 404, expired 404.
  assert.equal((await rpc({ jsonrpc: '2.0', id: 1, method: 'ping' }, { token: A })).status, 400);
  assert.equal((await rpc({ jsonrpc: '2.0', id: 1, method: 'ping' }, { ...opts, session: 'nope' })).status, 404);
  const ended = await initialize(A);
  const del = await fetch(`${main.base}/mcp`, { method: 'DELETE',
    headers: { Authorization: `Bearer ${A}`, 'Mcp-Session-Id': ended.session } });
  assert.equal(del.status, 204);
  assert.equal((await rpc({ jsonrpc: '2.0', id: 1, method: 'ping' }, { token: A, session: ended.session })).status, 404);
  const other = await createGame('mcp-expiring', expiring.base);
  const short = await initialize(other.tokens.A, '2025-06-18', expiring.base);
  assert.equal(short.status, 200);
  await new Promise((r) => setTimeout(r, 2500));
  const expired = await rpc({ jsonrpc: '2.0', id: 1, method: 'ping' },
    { token: other.tokens.A, session: short.session, base: expiring.base });
  assert.equal(expired.status, 404);
  assert.equal((await rpc({ jsonrpc: '2.0', id: 1, method: 'ping' }, { ...opts, version: null })).status, 200);

  // Nothing was written: turn 1, nobody submitted, no turn rows.
  const view = (await api('GET', `/api/v1/games/${game.id}/state`, { token: A })).body;
  assert.deepEqual([view.turn, view.submitted, view.waiting_for], [1, false, ['A', 'B']]);
  assert.deepEqual((await api('GET', `/api/v1/games/${game.id}/turns`)).body.turns, []);
  const stats = (await api('GET', `/api/v1/games/${game.id}/stats`)).body;
  for (const p of stats.players) assert.deepEqual([p.submissions, p.actions], [0, 0], JSON.stringify(p));
});
