// The observer: the map (whole, or one player's fog-of-war view), a side
// panel with every player's standing, war and peace, who has submitted, and
// the recent events; kept live by the game's event stream (SSE).
import { adminToken, api, isAuthError } from './api.js';
import { clear, el, errorBox, fmtNum, gameTabs, tokenForm } from './dom.js';
import { describeEvent, eventClass, interesting } from './events.js';
import { fromState, fromView, legend, mapWidget, playerColor } from './map.js';

const RECENT_TURNS = 5;
const MAX_EVENTS = 60;

export function gameHead(id, info, tab, extra) {
  return el('div', { class: 'page-head' },
    el('h1', {}, `Game ${id}`),
    info ? el('span', { class: `status ${info.status}` }, info.status) : '',
    info ? el('span', { class: 'turn' },
      `turn ${info.completed_turns} / ${info.max_turns} completed`) : '',
    info && info.winner ? el('span', { class: 'winner' }, `winner: ${info.winner}`) : '',
    extra || '',
    gameTabs(id, tab));
}

function playersTable(info, wars) {
  return el('table', { class: 'side-players' },
    el('thead', {}, el('tr', {}, ['', 'Player', 'Score', 'Cities', 'Units',
      'Techs', 'Turn'].map((h) => el('th', {}, h)))),
    el('tbody', {}, info.players.map((p, i) => el('tr', { class: p.alive ? '' : 'dead' },
      el('td', {}, el('i', { class: 'swatch', style: `background:${playerColor(i)}` })),
      el('td', {}, el('b', {}, p.name), el('div', { class: 'muted' }, p.personality || '')),
      el('td', { class: 'num' }, fmtNum(p.score)),
      el('td', { class: 'num' }, fmtNum(p.cities)),
      el('td', { class: 'num' }, fmtNum(p.units)),
      el('td', { class: 'num' }, fmtNum(p.techs)),
      el('td', {}, !p.alive ? 'out' : p.submitted ? '✓ sent' : 'waiting')))),
    el('caption', {}, wars.length
      ? el('span', {}, 'At war: ', wars.map(([a, b]) => `${a} ⚔ ${b}`).join(', '))
      : 'Everyone is at peace.'));
}

function warsOf(snapshot) {
  if (snapshot.state) {
    const names = snapshot.state.players.map((p) => p.name);
    return snapshot.state.wars.map(([a, b]) => [names[a], names[b]]);
  }
  const me = snapshot.view.you.name;
  return snapshot.view.players.filter((p) => p.relation === 'war')
    .map((p) => [me, p.name]);
}

export async function render(root, [id], rerender) {
  let info;
  try {
    info = await api(`/api/v1/games/${id}/info`);
  } catch (err) {
    clear(root, gameHead(id, null, 'observer'), errorBox(err, `game "${id}"`));
    return null;
  }
  const live = el('span', { class: 'live off' }, 'not live');
  const head = el('div');
  const viewpoint = el('select', { name: 'viewpoint' },
    el('option', { value: '' }, 'Whole map (admin)'),
    info.players.map((p) => el('option', { value: p.name }, `${p.name}'s view`)));
  viewpoint.value = new URLSearchParams(location.search).get('view') || '';
  const map = mapWidget();
  const mapMessage = el('div');
  const legendBox = el('div');
  const panel = el('div');
  const eventList = el('ol', { class: 'events' });
  clear(root, head,
    el('div', { class: 'observer' },
      el('section', { class: 'map-col' },
        el('label', {}, 'Viewpoint ', viewpoint), mapMessage, map.node, legendBox),
      el('aside', { class: 'side' }, panel,
        el('h3', {}, 'Recent events'), eventList)));

  let disposed = false;
  let timer = null;
  let refused = false;
  let events = [];
  function showEvents() {
    clear(eventList, events.slice(0, MAX_EVENTS).map(({ turn, e }) =>
      el('li', { class: eventClass(e) }, el('span', { class: 'muted' }, `T${turn} `),
        describeEvent(e))));
    if (!events.length) eventList.append(el('li', { class: 'muted' }, 'No events yet.'));
  }
  function addEvents(turn, list) {
    events = list.filter(interesting).reverse().map((e) => ({ turn, e }))
      .concat(events).slice(0, MAX_EVENTS);
  }

  async function loadSnapshot() {
    const turn = info.completed_turns;
    if (!viewpoint.value) {
      const r = await api(`/api/v1/games/${id}/replay?turn=${turn}`, { admin: true });
      return { state: r.state, model: fromState(r.state) };
    }
    const view = await api(`/api/v1/games/${id}/state?player=${encodeURIComponent(
      viewpoint.value)}`, { admin: true });
    return { view, model: fromView(view) };
  }

  async function refresh() {
    info = await api(`/api/v1/games/${id}/info`);
    if (disposed) return;
    clear(head, gameHead(id, info, 'observer', live));
    if (!adminToken()) {
      clear(mapMessage, el('div', { class: 'card' },
        el('p', {}, 'The map needs the admin token.'), tokenForm(rerender)));
      clear(panel, playersTable(info, []));
      return;
    }
    try {
      const snap = await loadSnapshot();
      if (disposed) return;
      clear(mapMessage);
      map.draw(snap.model);
      clear(legendBox, legend(snap.model.players));
      clear(panel, playersTable(info, warsOf(snap)));
    } catch (err) {
      clear(mapMessage, errorBox(err, `game "${id}"`, rerender));
      clear(panel, playersTable(info, []));
      // Keep the token form still while someone types into it.
      if (isAuthError(err)) {
        refused = true;
        clearInterval(timer);
      }
    }
  }

  // At most one refresh in flight; a turn that resolves meanwhile asks for
  // one more afterwards.
  let running = null;
  let again = false;
  function scheduleRefresh() {
    if (refused) return;
    if (running) {
      again = true;
      return;
    }
    running = refresh().catch((err) => {
      if (!disposed) clear(mapMessage, errorBox(err, `game "${id}"`, rerender));
    }).finally(() => {
      running = null;
      if (again && !disposed) {
        again = false;
        setTimeout(scheduleRefresh, 500);
      }
    });
  }

  viewpoint.addEventListener('change', () => {
    const q = viewpoint.value ? `?view=${encodeURIComponent(viewpoint.value)}` : '';
    history.replaceState({}, '', `/games/${id}${q}`);
    scheduleRefresh();
  });

  try {
    const from = Math.max(1, info.completed_turns - RECENT_TURNS + 1);
    if (info.completed_turns > 0) {
      const t = await api(`/api/v1/games/${id}/turns?from=${from}&to=${info.completed_turns}`,
        { admin: 'optional' });
      for (const turn of t.turns) addEvents(turn.turn, turn.events);
    }
  } catch {
    // The events panel stays empty; the map and the panel still work.
  }
  showEvents();
  scheduleRefresh();
  await running;

  let source = null;
  if (info.status !== 'finished') {
    source = new EventSource(`/api/v1/games/${id}/events`);
    source.onopen = () => { live.className = 'live on'; live.textContent = '● live'; };
    source.onerror = () => { live.className = 'live off'; live.textContent = 'reconnecting…'; };
    source.addEventListener('turn_resolved', (msg) => {
      const data = JSON.parse(msg.data);
      addEvents(data.turn, data.events || []);
      showEvents();
      scheduleRefresh();
    });
    source.addEventListener('game_finished', () => {
      source.close();
      live.className = 'live off';
      live.textContent = 'finished';
      scheduleRefresh();
    });
  }
  // Submissions are not streamed: poll so "who has sent" stays current.
  if (!refused) timer = setInterval(scheduleRefresh, 5000);
  return () => {
    disposed = true;
    clearInterval(timer);
    if (source) source.close();
  };
}
