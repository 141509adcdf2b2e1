// The replay: a timeline over the completed turns (slider, step, play),
// the map after the chosen turn with what changed since the turn before
// highlighted, and the turn's state hash with a "verified" mark when the
// server's rebuild (snapshot + replayed orders) matches the turn log.
import { api } from './api.js';
import { clear, el, errorBox, needToken } from './dom.js';
import { describeEvent, eventClass, interesting } from './events.js';
import { fromState, legend, mapWidget } from './map.js';
import { gameHead } from './observer.js';

const PLAY_MS = 800;
const CACHE = 64;

// What changed from `prev` to `cur` (full states), for the map and a list.
function changes(prev, cur, events) {
  const h = { moves: [], rings: [], marks: [] };
  const notes = [];
  const names = cur.players.map((p) => p.name);
  if (prev) {
    const before = new Map(prev.units.map((u) => [u.id, u]));
    let moved = 0;
    let built = 0;
    for (const u of cur.units) {
      const p = before.get(u.id);
      if (!p) built++;
      else if (p.x !== u.x || p.y !== u.y) {
        moved++;
        h.moves.push([p.x, p.y, u.x, u.y]);
      }
    }
    const lost = prev.units.filter((u) => !cur.units.some((v) => v.id === u.id)).length;
    notes.push(`${moved} unit${moved === 1 ? '' : 's'} moved, ${built} new, ${lost} gone`);
    const cities = new Map(prev.cities.map((c) => [c.id, c]));
    for (const c of cur.cities) {
      const p = cities.get(c.id);
      if (!p) {
        h.rings.push({ x: c.x, y: c.y, color: '#ffe600' });
        notes.push(`new city ${c.name} (${names[c.owner]})`);
      } else if (p.owner !== c.owner) {
        h.rings.push({ x: c.x, y: c.y, color: '#ff2d2d' });
        notes.push(`${c.name} captured by ${names[c.owner]} from ${names[p.owner]}`);
      }
    }
  }
  for (const e of events) {
    if (e.type !== 'combat') continue;
    const where = e.defender || cur.cities.find((c) => c.id === e.city.id) || e.attacker;
    h.marks.push({ x: where.x, y: where.y });
  }
  if (h.marks.length) notes.push(`${h.marks.length} combat${h.marks.length === 1 ? '' : 's'}`);
  return { highlight: h, notes };
}

export async function render(root, [id], rerender) {
  if (!needToken(root, rerender)) return null;
  let info;
  let log;
  try {
    info = await api(`/api/v1/games/${id}/info`);
    log = info.completed_turns > 0
      ? await api(`/api/v1/games/${id}/turns?from=1&to=${info.completed_turns}`,
        { admin: 'optional' })
      : { turns: [] };
  } catch (err) {
    clear(root, gameHead(id, null, 'replay'), errorBox(err, `game "${id}"`, rerender));
    return null;
  }
  const logged = new Map(log.turns.map((t) => [t.turn, t]));
  const last = info.completed_turns;
  const start = Number(new URLSearchParams(location.search).get('turn'));
  const slider = el('input', { type: 'range', min: 0, max: last, step: 1, name: 'turn',
                               value: Number.isInteger(start) && start <= last && start > 0
                                 ? start : last });
  const label = el('span', { class: 'turn-label' });
  const hash = el('code', { class: 'hash' });
  const mark = el('span', { class: 'verified' });
  const notes = el('ul', { class: 'changes' });
  const turnEvents = el('ol', { class: 'events' });
  const message = el('div');
  const map = mapWidget();
  const legendBox = el('div');
  const play = el('button', { class: 'play' }, '▶ Play');
  const step = (d) => el('button', {
    onclick: () => { stop(); go(Number(slider.value) + d); },
  }, d < 0 ? '◀ Step' : 'Step ▶');

  clear(root, gameHead(id, info, 'replay'),
    el('section', { class: 'timeline card' },
      el('div', { class: 'controls' },
        el('button', { onclick: () => { stop(); go(0); } }, '« First'),
        step(-1), play, step(1),
        el('button', { onclick: () => { stop(); go(last); } }, 'Last »'),
        label),
      slider,
      el('div', { class: 'hash-line' }, 'State hash ', hash, ' ', mark)),
    message,
    el('div', { class: 'observer' },
      el('section', { class: 'map-col' }, map.node, legendBox),
      el('aside', { class: 'side' },
        el('h3', {}, 'Changes since the turn before'), notes,
        el('h3', {}, 'Events of this turn'), turnEvents)));

  const cache = new Map();
  function stateAt(n) {
    if (!cache.has(n)) {
      const p = api(`/api/v1/games/${id}/replay?turn=${n}`, { admin: true });
      p.catch(() => cache.delete(n));
      cache.set(n, p);
      if (cache.size > CACHE) cache.delete(cache.keys().next().value);
    }
    return cache.get(n);
  }

  let shown = -1;
  let wanted = -1;
  async function show(n) {
    wanted = n;
    label.textContent = `Turn ${n} of ${last}`;
    try {
      const [cur, prev] = await Promise.all([stateAt(n), n > 0 ? stateAt(n - 1) : null]);
      if (wanted !== n) return;  // a later choice overtook this one
      const row = logged.get(n);
      const events = row ? row.events : [];
      const diff = changes(prev && prev.state, cur.state, events);
      map.draw(fromState(cur.state), diff.highlight);
      clear(legendBox, legend(cur.state.players.map((p) => p.name)));
      hash.textContent = cur.state_hash;
      const ok = n === 0 || (row && row.state_hash === cur.state_hash);
      mark.className = ok ? 'verified ok' : 'verified bad';
      mark.textContent = ok ? '✓ verified' : '✗ differs from the turn log';
      mark.title = `rebuilt from the snapshot of turn ${cur.restored_from_snapshot_turn} ` +
        'plus the logged orders; compared with the hash logged when the turn resolved';
      clear(notes, (n === 0 ? ['the initial state'] : diff.notes).map((t) => el('li', {}, t)));
      const shownEvents = events.filter(interesting);
      clear(turnEvents, shownEvents.length ? shownEvents.map((e) =>
        el('li', { class: eventClass(e) }, describeEvent(e)))
        : el('li', { class: 'muted' }, 'No events.'));
      clear(message);
      shown = n;
      history.replaceState({}, '', `/games/${id}/replay?turn=${n}`);
    } catch (err) {
      if (wanted === n) clear(message, errorBox(err, `turn ${n} of game "${id}"`, rerender));
    }
  }
  function go(n) {
    const t = Math.max(0, Math.min(last, n));
    slider.value = String(t);
    return show(t);
  }

  let timer = null;
  function stop() {
    clearInterval(timer);
    timer = null;
    play.textContent = '▶ Play';
  }
  play.addEventListener('click', () => {
    if (timer) return stop();
    if (shown >= last) go(0);
    play.textContent = '⏸ Pause';
    timer = setInterval(() => {
      if (Number(slider.value) >= last) return stop();
      go(Number(slider.value) + 1);
    }, PLAY_MS);
    return undefined;
  });
  slider.addEventListener('input', () => { stop(); show(Number(slider.value)); });
  await show(Number(slider.value));
  return stop;
}
