// The tournaments pages: the list (status, games finished), and one
// tournament live: standings with rating intervals drawn as bars, the
// per-entrant leaderboard, head-to-head, and a link to every game (by
// round for a Swiss tournament). Figures the server withholds
// (PUBLIC_HISTORY off, not the admin) are null and shown as "—".
import { api } from './api.js';
import { clear, el, errorBox, fmtNum } from './dom.js';

const REFRESH_MS = 5000;

function statusBadge(t) {
  return el('span', { class: `status ${t.status === 'finished' ? 'finished' : 'active'}` },
    t.status);
}

async function renderList(root) {
  const tbody = el('tbody');
  const message = el('div');
  async function load() {
    try {
      const list = await api('/api/v1/tournaments?limit=1000');
      clear(tbody, list.tournaments.map((t) => el('tr', { 'data-tournament': t.tournament_id },
        el('td', {}, el('a', { href: `/tournaments/${t.tournament_id}` }, t.tournament_id)),
        el('td', {}, t.name),
        el('td', {}, statusBadge(t)),
        el('td', { class: 'num' }, `${t.games_finished} / ${t.games_total}`),
        el('td', {}, t.config.entrants.map((e) => e.name).join(', ')))));
      clear(message, list.tournaments.length === 0
        ? el('p', { class: 'muted' },
          'No tournaments yet: `fourex tournament create` (docs/tournaments.md).')
        : null);
    } catch (err) {
      clear(message, errorBox(err, 'the tournaments list'));
    }
  }
  clear(root,
    el('div', { class: 'page-head' }, el('h1', {}, 'Tournaments')),
    message,
    el('table', { class: 'tournaments' },
      el('thead', {}, el('tr', {}, ['Tournament', 'Name', 'Status', 'Games finished',
        'Entrants'].map((h) => el('th', {}, h)))),
      tbody));
  await load();
  const timer = setInterval(load, REFRESH_MS);
  return () => clearInterval(timer);
}

// mu with its mu -/+ 3 sigma interval as a bar on the common scale of
// every entrant's interval.
function ratingBar(rating, lo, hi) {
  const pct = (v) => `${(100 * (v - lo)) / (hi - lo || 1)}%`;
  return el('div', { class: 'interval', title:
      `mu ${rating.mu.toFixed(2)}, sigma ${rating.sigma.toFixed(2)}: ` +
      `[${rating.low.toFixed(1)}, ${rating.high.toFixed(1)}]` },
    el('span', { class: 'range', style: `left:${pct(rating.low)};` +
      `width:calc(${pct(rating.high)} - ${pct(rating.low)})` }),
    el('span', { class: 'mu', style: `left:${pct(rating.mu)}` }));
}

function standingsTable(standings) {
  const rows = standings.leaderboard;
  const lo = Math.min(...rows.map((r) => r.rating.low));
  const hi = Math.max(...rows.map((r) => r.rating.high));
  const pct = (x) => (x === null ? '—' : `${fmtNum(100 * x, 0)}%`);
  const tokens = (t) => (t === null ? '—'
    : `${fmtNum(t.prompt)} / ${fmtNum(t.completion)} / ${fmtNum(t.thinking)}`);
  return el('table', { class: 'standings' },
    el('thead', {}, el('tr', {}, ['#', 'Entrant', 'Rating (mu ± 3σ)', '', 'Games', 'Wins',
      'Win rate [95%]', 'Mean score', 'Refused', 'Fallback', 'Tokens/turn (p/c/t)',
      'Latency p50/p95', 'Cost/game'].map((h) => el('th', {}, h)))),
    el('tbody', {}, rows.map((r, i) => el('tr', { 'data-entrant': r.entrant },
      el('td', { class: 'num' }, i + 1),
      el('td', {}, el('b', {}, r.entrant)),
      el('td', { class: 'num' },
        `${fmtNum(r.rating.mu, 1)} [${fmtNum(r.rating.low, 1)}, ${fmtNum(r.rating.high, 1)}]`),
      el('td', { class: 'bar' }, ratingBar(r.rating, lo, hi)),
      el('td', { class: 'num' }, r.games),
      el('td', { class: 'num' }, r.wins),
      el('td', { class: 'num' },
        `${pct(r.win_rate.rate)} [${pct(r.win_rate.low)}–${pct(r.win_rate.high)}]`),
      el('td', { class: 'num' }, fmtNum(r.mean_score, 1)),
      el('td', { class: 'num' }, pct(r.refused_action_rate)),
      el('td', { class: 'num' }, pct(r.fallback_rate)),
      el('td', { class: 'num' }, tokens(r.tokens_per_turn)),
      el('td', { class: 'num' }, r.latency_ms_p50 === null ? '—'
        : `${fmtNum(r.latency_ms_p50)} / ${fmtNum(r.latency_ms_p95)} ms`),
      el('td', { class: 'num' },
        r.cost_per_game === null ? '—' : `$${fmtNum(r.cost_per_game, 4)}`)))));
}

function headToHead(standings) {
  if (standings.head_to_head.length === 0) return el('p', { class: 'muted' },
    'No finished game yet.');
  return el('table', { class: 'h2h' },
    el('thead', {}, el('tr', {}, ['Pair', 'Games', 'Ahead', 'Ties'].map((h) =>
      el('th', {}, h)))),
    el('tbody', {}, standings.head_to_head.map((h) => el('tr', {},
      el('td', {}, `${h.a} – ${h.b}`),
      el('td', { class: 'num' }, h.games),
      el('td', { class: 'num' }, `${h.a_ahead} – ${h.b_ahead}`),
      el('td', { class: 'num' }, h.ties)))));
}

function gamesTable(games) {
  return el('table', { class: 'games' },
    el('thead', {}, el('tr', {}, ['#', 'Round', 'Game', 'Seats', 'Status', 'Turn', 'Winner', '']
      .map((h) => el('th', {}, h)))),
    el('tbody', {}, games.map((g) => el('tr', { 'data-game': g.game_id },
      el('td', { class: 'num' }, g.game_no),
      el('td', { class: 'num' }, g.round),
      el('td', {}, el('a', { href: `/games/${g.game_id}` }, g.game_id)),
      el('td', {}, g.seats.join(' · ')),
      el('td', {}, el('span', { class: `status ${g.status}` }, g.status)),
      el('td', { class: 'num' }, `${g.completed_turns} / ${g.max_turns}`),
      el('td', {}, g.winner || '—'),
      el('td', {}, el('a', { href: `/games/${g.game_id}/replay` }, 'replay'))))));
}

async function renderOne(root, id) {
  const body = el('div');
  async function load() {
    try {
      const [t, games] = await Promise.all([
        api(`/api/v1/tournaments/${id}`, { admin: 'optional' }),
        api(`/api/v1/tournaments/${id}/games`)]);
      clear(body,
        el('p', { class: 'muted' }, statusBadge(t),
          ` ${t.games_finished} of ${t.games_total} games finished · ` +
          (t.config.format === 'swiss'
            ? `swiss, round ${t.rounds_scheduled} of ${t.config.rounds}, ` : `${t.config.format}, `) +
          `${t.config.seats} seats, ` +
          `${t.config.games_per_pairing} games per pairing, ${t.config.max_turns} turns · `,
          el('a', { href: `/api/v1/tournaments/${id}/leaderboard?format=csv` }, 'CSV'),
          ' · ',
          el('a', { href: `/api/v1/tournaments/${id}/leaderboard` }, 'JSON')),
        el('h2', {}, 'Standings'),
        standingsTable(t.standings),
        t.standings.private_figures ? null : el('p', { class: 'muted' },
          'Refused actions, fallbacks, tokens, latency and cost are the admin\'s ' +
          '(PUBLIC_HISTORY is off): give the admin token (Admin page) to see them.'),
        el('p', { class: 'muted' }, 'Ratings: Weng-Lin (OpenSkill), from the finished ' +
          'games in schedule order; sorted by mu − 3σ. Win rate: placing first, ' +
          'ties included, with its Wilson interval.'),
        el('h2', {}, 'Head to head'),
        headToHead(t.standings),
        el('h2', {}, 'Games'),
        gamesTable(games.games));
    } catch (err) {
      clear(body, errorBox(err, `the tournament ${id}`));
    }
  }
  clear(root,
    el('div', { class: 'page-head' }, el('h1', {}, `Tournament ${id}`),
      el('a', { href: '/tournaments' }, 'all tournaments')),
    body);
  await load();
  const timer = setInterval(load, REFRESH_MS);
  return () => clearInterval(timer);
}

export async function render(root, params) {
  return params.length ? renderOne(root, params[0]) : renderList(root);
}
