// Prompt logs: per game, filtered by player and turn, each call's prompt,
// response and (collapsed) thinking, tokens by kind, latency, errors and
// fallbacks (the server's `fallback` flag: an error alone may have been
// followed by a good retry); above them the totals per model with the
// invalid-action rate of the players that used it.
import { api } from './api.js';
import { clear, el, errorBox, fmtNum, fmtTime, needToken } from './dom.js';
import { gameHead } from './observer.js';

function totalsByModel(logs, stats) {
  const byPlayer = new Map(stats.players.map((p) => [p.player, p]));
  const models = new Map();
  for (const l of logs) {
    const key = `${l.provider} · ${l.model}`;
    if (!models.has(key)) {
      models.set(key, { key, calls: 0, prompt: 0, completion: 0, thinking: 0,
                        latency: 0, errors: 0, fallbacks: 0, players: new Set() });
    }
    const m = models.get(key);
    m.calls++;
    m.prompt += l.prompt_tokens;
    m.completion += l.completion_tokens;
    m.thinking += l.thinking_tokens;
    m.latency += l.latency_ms;
    if (l.error) m.errors++;
    if (l.fallback) m.fallbacks++;
    m.players.add(l.player);
  }
  return [...models.values()].map((m) => {
    let actions = 0;
    let rejected = 0;
    for (const name of m.players) {
      const s = byPlayer.get(name);
      if (s) {
        actions += s.actions + s.rejected_actions;
        rejected += s.rejected_actions;
      }
    }
    return { ...m, invalid: actions ? rejected / actions : null };
  });
}

function totalsTable(rows) {
  if (!rows.length) return el('p', { class: 'muted' }, 'No prompt logs match.');
  return el('table', { class: 'totals' },
    el('thead', {}, el('tr', {}, ['Model', 'Calls', 'Prompt tok', 'Completion tok',
      'Thinking tok', 'Mean latency', 'Errors', 'Fallbacks', 'Invalid actions']
      .map((h) => el('th', {}, h)))),
    el('tbody', {}, rows.map((m) => el('tr', {},
      el('td', {}, m.key),
      el('td', { class: 'num' }, fmtNum(m.calls)),
      el('td', { class: 'num' }, fmtNum(m.prompt)),
      el('td', { class: 'num' }, fmtNum(m.completion)),
      el('td', { class: 'num' }, fmtNum(m.thinking)),
      el('td', { class: 'num' }, `${fmtNum(m.latency / m.calls)} ms`),
      el('td', { class: 'num' }, fmtNum(m.errors)),
      el('td', { class: 'num' }, fmtNum(m.fallbacks)),
      el('td', { class: 'num' }, m.invalid === null ? '—'
        : `${fmtNum(m.invalid * 100, 1)} %`)))));
}

// An error alone is one failed call (the agent may have retried well); a
// fallback says the bot, not the model, played the turn.
function problems(l) {
  return [
    l.error ? el('div', { class: 'error' }, `Error: ${l.error}`) : '',
    l.fallback ? el('div', { class: 'error fallback' },
      'Fallback: the agent gave up on the model; its personality bot played this turn') : ''];
}

function logEntry(l) {
  return el('article', { class: `log${l.error ? ' has-error' : ''}${l.fallback ? ' fallback' : ''}` },
    el('header', {},
      el('b', {}, `Turn ${l.turn} · ${l.player}`),
      el('span', {}, ` ${l.provider} · ${l.model}`),
      el('span', { class: 'muted' },
        ` · prompt ${fmtNum(l.prompt_tokens)}, completion ${fmtNum(l.completion_tokens)},` +
        ` thinking ${fmtNum(l.thinking_tokens)} tokens · ${fmtNum(l.latency_ms)} ms · ` +
        fmtTime(l.created_at))),
    problems(l),
    el('details', {}, el('summary', {}, 'Prompt'), el('pre', {}, l.prompt)),
    el('h4', {}, 'Response'), el('pre', { class: 'response' }, l.response || '(empty)'),
    l.thinking ? el('details', {}, el('summary', {}, 'Thinking'), el('pre', {}, l.thinking))
      : '');
}

export async function render(root, [id], rerender) {
  if (!needToken(root, rerender)) return null;
  let info;
  try {
    info = await api(`/api/v1/games/${id}/info`);
  } catch (err) {
    clear(root, gameHead(id, null, 'logs'), errorBox(err, `game "${id}"`, rerender));
    return null;
  }
  const params = new URLSearchParams(location.search);
  const player = el('select', { name: 'player' },
    el('option', { value: '' }, 'all players'),
    info.players.map((p) => el('option', { value: p.name }, p.name)));
  player.value = params.get('player') || '';
  const turn = el('input', { type: 'number', name: 'turn', min: 1, placeholder: 'any',
                             value: params.get('turn') || '' });
  const body = el('div');
  const form = el('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); load(); } },
    el('label', {}, 'Player ', player), el('label', {}, 'Turn ', turn),
    el('button', { type: 'submit' }, 'Show'));
  clear(root, gameHead(id, info, 'logs'), form, body);

  async function load() {
    const q = new URLSearchParams();
    if (player.value) q.set('player', player.value);
    if (turn.value) q.set('turn', turn.value);
    history.replaceState({}, '', `/games/${id}/logs${q.size ? `?${q}` : ''}`);
    try {
      const [logs, stats] = await Promise.all([
        api(`/api/v1/games/${id}/prompt-logs?${q}`, { admin: true }),
        api(`/api/v1/games/${id}/stats`, { admin: 'optional' })]);
      const list = logs.prompt_logs;
      clear(body,
        el('h2', {}, 'Totals by model'), totalsTable(totalsByModel(list, stats)),
        el('h2', {}, `${list.length} prompt log${list.length === 1 ? '' : 's'}`),
        list.map(logEntry));
    } catch (err) {
      clear(body, errorBox(err, `game "${id}"`, rerender));
    }
  }
  await load();
  return null;
}
