// The games page: every game with status, turn, players, scores and last
// update, filtered by status; and the form that creates a game and shows
// its player tokens once.
import { api } from './api.js';
import { clear, el, errorBox, fmtTime } from './dom.js';

const PAGE = 50;

async function loadGames(status, after) {
  const q = new URLSearchParams({ limit: String(PAGE) });
  if (status) q.set('status', status);
  if (after) q.set('after', after);
  const list = await api(`/api/v1/games?${q}`);
  // Scores and who submitted live in /info; failures there are per row.
  const infos = await Promise.all(list.games.map((g) =>
    api(`/api/v1/games/${g.game_id}/info`).catch(() => null)));
  return { games: list.games.map((g, i) => ({ ...g, info: infos[i] })),
           next: list.next };
}

function playerCell(game) {
  const scored = new Map((game.info ? game.info.players : [])
    .map((p) => [p.name, p]));
  return el('ul', { class: 'players' }, game.players.map((p) => {
    const info = scored.get(p.name);
    return el('li', { class: info && !info.alive ? 'dead' : '' },
      el('b', {}, p.name),
      p.personality ? el('span', { class: 'muted' }, ` ${p.personality}`) : '',
      info ? el('span', { class: 'score' }, ` ${info.score}`) : '');
  }));
}

function gameRow(game) {
  const id = game.game_id;
  return el('tr', { 'data-game': id },
    el('td', {}, el('a', { href: `/games/${id}` }, id)),
    el('td', {}, el('span', { class: `status ${game.status}` }, game.status),
      game.winner ? el('div', { class: 'muted' }, `winner: ${game.winner}`) : ''),
    el('td', { class: 'num' }, `${game.completed_turns} / ${game.max_turns}`),
    el('td', {}, playerCell(game)),
    el('td', {}, fmtTime(game.updated_at)),
    el('td', {}, el('a', { href: `/games/${id}/replay` }, 'replay'), ' · ',
      el('a', { href: `/games/${id}/logs` }, 'logs')));
}

function createForm(onCreated) {
  const field = (label, attrs) => el('label', {}, label, el('input', attrs));
  const result = el('div', { class: 'create-result' });
  const form = el('form', { class: 'create-form card', onsubmit: submit },
    el('h2', {}, 'New game'),
    field('Players (comma-separated)', { name: 'players', value: 'Alice, Bob',
                                         required: true }),
    field('Personalities (name=personality, comma-separated)',
      { name: 'personalities', placeholder: 'Alice=aggressive, Bob=defensive' }),
    el('div', { class: 'row' },
      field('Width', { name: 'width', type: 'number', min: 8, max: 128, value: 32 }),
      field('Height', { name: 'height', type: 'number', min: 8, max: 128, value: 32 }),
      field('Max turns', { name: 'max_turns', type: 'number', min: 1, max: 10000,
                           value: 100 })),
    el('div', { class: 'row' },
      field('Seed', { name: 'seed', type: 'number', min: 0, placeholder: 'random' }),
      field('Turn timeout (ms, 0 = none)', { name: 'turn_timeout_ms', type: 'number',
                                             min: 0, value: 0 }),
      // Browsers compile `pattern` with the v flag: a literal '-' needs its escape.
      field('Game id (optional)', { name: 'game_id', pattern: '[A-Za-z0-9_\\-]{1,64}' })),
    el('button', { type: 'submit' }, 'Create game'),
    result);

  async function submit(e) {
    e.preventDefault();
    const v = Object.fromEntries(new FormData(form));
    const players = v.players.split(',').map((s) => s.trim()).filter(Boolean);
    const personalities = {};
    for (const pair of (v.personalities || '').split(',')) {
      const [name, ...rest] = pair.split('=');
      if (name.trim() && rest.length) personalities[name.trim()] = rest.join('=').trim();
    }
    const body = {
      players, personalities,
      map: { width: Number(v.width), height: Number(v.height) },
      max_turns: Number(v.max_turns),
      turn_timeout_ms: Number(v.turn_timeout_ms || 0),
    };
    if (v.seed !== '') body.seed = Number(v.seed);
    if (v.game_id) body.game_id = v.game_id;
    try {
      const created = await api('/api/v1/games', { method: 'POST', body });
      clear(result, el('div', { class: 'tokens' },
        el('p', {}, 'Created ', el('a', { href: `/games/${created.game_id}` },
          created.game_id), '. The player tokens are shown only now: copy them.'),
        el('table', {}, created.players.map((p) => el('tr', {},
          el('td', {}, p.name), el('td', {}, el('code', {}, p.token)))))));
      onCreated();
    } catch (err) {
      clear(result, errorBox(err, 'the game'));
    }
  }
  return form;
}

export async function render(root) {
  const filter = el('select', { name: 'status' },
    ['', 'active', 'paused', 'finished'].map((s) =>
      el('option', { value: s }, s || 'all statuses')));
  const tbody = el('tbody');
  const more = el('button', { class: 'more', hidden: true }, 'More games');
  const message = el('div');
  let next = null;

  async function load(append) {
    try {
      const page = await loadGames(filter.value, append ? next : null);
      if (!append) clear(tbody);
      tbody.append(...page.games.map(gameRow));
      next = page.next;
      more.hidden = !next;
      clear(message, !append && page.games.length === 0
        ? el('p', { class: 'muted' }, 'No games yet: create one below.') : null);
    } catch (err) {
      clear(message, errorBox(err, 'the games list'));
    }
  }
  filter.addEventListener('change', () => load(false));
  more.addEventListener('click', () => load(true));

  clear(root,
    el('div', { class: 'page-head' }, el('h1', {}, 'Games'),
      el('label', {}, 'Show ', filter)),
    message,
    el('table', { class: 'games' },
      el('thead', {}, el('tr', {}, ['Game', 'Status', 'Turn', 'Players (score)',
        'Last update', ''].map((h) => el('th', {}, h)))),
      tbody),
    more,
    createForm(() => load(false)));
  await load(false);
  const timer = setInterval(() => { if (!next) load(false); }, 5000);
  return () => clearInterval(timer);
}
