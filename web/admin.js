// The admin overview: games by status, actors in memory, writer queue,
// batch size, commit latency and request rate as small live charts; the
// cluster's nodes (/admin/v1/cluster); and snapshot / pause / resume /
// archive for each game.
import { api, isAuthError } from './api.js';
import { clear, el, errorBox, fmtNum, fmtTime, needToken } from './dom.js';

const POLL_MS = 2000;
const SAMPLES = 60;

function sparkline(canvas, values) {
  // Drawn at the size it is shown, so the line stays sharp.
  canvas.width = canvas.clientWidth || canvas.width;
  const w = canvas.width;
  const h = canvas.height;
  const g = canvas.getContext('2d');
  g.clearRect(0, 0, w, h);
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length < 2) return;
  const max = Math.max(...finite, 1e-9);
  g.strokeStyle = '#5fb3ff';
  g.fillStyle = 'rgba(95, 179, 255, 0.18)';
  g.lineWidth = 1.5;
  g.beginPath();
  values.forEach((v, i) => {
    const x = (i / (values.length - 1)) * w;
    const y = h - 2 - ((Number.isFinite(v) ? v : 0) / max) * (h - 4);
    if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
  });
  g.stroke();
  g.lineTo(w, h);
  g.lineTo(0, h);
  g.fill();
}

// One small chart: a name, its latest value, its last SAMPLES values.
function chart(label, unit, digits = 0) {
  const value = el('span', { class: 'value' }, '—');
  const canvas = el('canvas', { width: 220, height: 48 });
  const values = [];
  return {
    node: el('div', { class: 'chart card' }, el('div', { class: 'label' }, label),
      value, canvas),
    push(v) {
      values.push(v);
      if (values.length > SAMPLES) values.shift();
      value.textContent = Number.isFinite(v) ? `${fmtNum(v, digits)}${unit}` : 'n/a';
      sparkline(canvas, values);
    },
  };
}

// Sum of the request counters in /metrics (Prometheus text), or null.
async function requestCount() {
  const res = await fetch('/metrics');
  if (!res.ok) return null;
  let total = null;
  for (const line of (await res.text()).split('\n')) {
    const m = line.match(/^(\w*http\w*requests\w*total)(\{[^}]*\})?\s+([0-9.e+]+)/);
    if (m) total = (total || 0) + Number(m[3]);
  }
  return total;
}

// The nodes of /admin/v1/cluster, this node first.
async function loadCluster(tbody, summary) {
  const c = await api('/admin/v1/cluster', { admin: true });
  const nodes = [...c.nodes].sort((a, b) =>
    (b.node_id === c.node_id) - (a.node_id === c.node_id) ||
    (b.alive - a.alive) || a.node_id.localeCompare(b.node_id));
  clear(tbody, nodes.map((n) => el('tr', {
    'data-node': n.node_id,
    class: n.node_id === c.node_id ? 'this-node' : '',
  },
    el('td', {}, n.node_id === c.node_id ? `${n.node_id} (this node)` : n.node_id),
    el('td', {}, n.address),
    el('td', {}, fmtTime(n.started_at)),
    el('td', {}, fmtTime(n.expires_at)),
    el('td', {}, el('span', { class: `status ${n.alive ? 'active' : 'finished'}` },
      n.alive ? 'alive' : 'dead')),
    el('td', { class: 'num' }, String(n.games_owned)))));
  const alive = c.nodes.filter((n) => n.alive).length;
  const released = c.games.filter((g) => g.node_id === null).length;
  summary.textContent = `${alive} of ${c.nodes.length} nodes alive; ` +
    `${c.games.length} games with an owner row, ${released} released.`;
}

export async function render(root, params, rerender) {
  if (!needToken(root, rerender)) return null;
  const charts = {
    actors: chart('Actors in memory', ''),
    queue: chart('Writer queue depth', ''),
    batch: chart('Mean batch size', '', 1),
    p50: chart('Commit latency p50', ' ms', 2),
    p99: chart('Commit latency p99', ' ms', 2),
    commits: chart('Commits/s', '', 1),
    requests: chart('Requests/s', '', 1),
  };
  const byStatus = el('div', { class: 'by-status' });
  const message = el('div');
  const result = el('div', { class: 'action-result', 'aria-live': 'polite' });
  const tbody = el('tbody');
  const nodesBody = el('tbody');
  const clusterSummary = el('div', { class: 'cluster-summary muted' });
  // Shown once it has loaded.
  const cluster = el('section', { class: 'cluster', hidden: true },
    el('h2', {}, 'Cluster'), clusterSummary,
    el('table', { class: 'games cluster-nodes' },
      el('thead', {}, el('tr', {}, ['Node', 'Address', 'Started', 'Lease expires',
        'State', 'Games owned'].map((h) => el('th', {}, h)))),
      nodesBody));
  clear(root,
    el('div', { class: 'page-head' }, el('h1', {}, 'Admin'), byStatus),
    message,
    el('div', { class: 'charts' }, Object.values(charts).map((c) => c.node)),
    cluster,
    el('h2', {}, 'Games'), result,
    el('table', { class: 'games admin-games' },
      el('thead', {}, el('tr', {}, ['Game', 'Status', 'Turn', 'Last update', 'Actions']
        .map((h) => el('th', {}, h)))),
      tbody));

  async function command(id, verb) {
    const paths = {
      snapshot: ['POST', `/admin/v1/games/${id}/snapshot`],
      pause: ['POST', `/admin/v1/games/${id}/pause`],
      resume: ['POST', `/admin/v1/games/${id}/resume`],
      archive: ['POST', `/admin/v1/games/${id}/archive`],
    };
    if (verb === 'archive' &&
        !window.confirm(`Archive game ${id}? It leaves the lists; its rows are kept.`)) return;
    try {
      const [method, path] = paths[verb];
      const r = await api(path, { method, admin: true });
      const detail = r.snapshot_turn !== undefined ? ` at turn ${r.snapshot_turn}`
        : r.status ? `: now ${r.status}` : '';
      clear(result, el('div', { class: 'ok' }, `${verb} ${id} done${detail}.`));
      await loadGames();
    } catch (err) {
      clear(result, errorBox(err, `game "${id}"`, rerender));
    }
  }

  async function loadGames() {
    const list = await api('/api/v1/games?limit=200');
    clear(tbody, list.games.map((g) => el('tr', { 'data-game': g.game_id },
      el('td', {}, el('a', { href: `/games/${g.game_id}` }, g.game_id)),
      el('td', {}, el('span', { class: `status ${g.status}` }, g.status)),
      el('td', { class: 'num' }, `${g.completed_turns} / ${g.max_turns}`),
      el('td', {}, fmtTime(g.updated_at)),
      el('td', { class: 'buttons' }, ['snapshot', 'pause', 'resume', 'archive'].map((verb) =>
        el('button', {
          'data-action': verb,
          disabled: (verb === 'pause' && g.status !== 'active') ||
                    (verb === 'resume' && g.status !== 'paused'),
          onclick: () => command(g.game_id, verb),
        }, verb))))));
  }

  let metrics = true;
  let prev = null;
  let timer = null;
  let refused = false;
  async function poll() {
    try {
      const o = await api('/admin/v1/overview', { admin: true });
      const now = performance.now();
      const reqs = metrics ? await requestCount().catch(() => null) : null;
      if (reqs === null) metrics = false;
      const rate = (a, b) => (prev && a !== null && b !== null
        ? (a - b) / ((now - prev.at) / 1000) : NaN);
      charts.actors.push(o.actors_in_memory);
      charts.queue.push(o.writer_queue_depth);
      charts.batch.push(o.writer_batch_mean);
      charts.p50.push(o.commit_ms_p50);
      charts.p99.push(o.commit_ms_p99);
      charts.commits.push(rate(o.writer_batches, prev && prev.batches));
      charts.requests.push(rate(reqs, prev && prev.requests));
      prev = { at: now, batches: o.writer_batches, requests: reqs };
      clear(byStatus, Object.entries(o.games_by_status).map(([status, n]) =>
        el('span', { class: `status ${status}` }, `${status} ${n}`)));
      clear(message);
    } catch (err) {
      clear(message, errorBox(err, 'the overview', rerender));
      // Keep the token form still while someone types into it.
      if (isAuthError(err)) {
        refused = true;
        clearInterval(timer);
      }
    }
  }
  await poll();
  try {
    await loadGames();
  } catch (err) {
    clear(result, errorBox(err, 'the games list', rerender));
  }
  async function refreshCluster() {
    if (refused) return;
    try {
      await loadCluster(nodesBody, clusterSummary);
      cluster.hidden = false;
    } catch (err) {
      if (isAuthError(err)) return;  // the overview's box asks for the token
      cluster.hidden = false;
      clear(clusterSummary, errorBox(err, 'the cluster', rerender));
    }
  }
  await refreshCluster();
  if (!refused) timer = setInterval(poll, POLL_MS);
  const gamesTimer = setInterval(() => {
    loadGames().catch(() => {});
    refreshCluster();
  }, POLL_MS * 3);
  return () => {
    clearInterval(timer);
    clearInterval(gamesTimer);
  };
}
