// The map on a canvas, shared by the observer and the replay: terrain,
// fog of war, resources, borders (tiles within a city's work radius),
// cities and units in their owner's colour, and highlighted changes.
export const PLAYER_COLORS = [
  '#e6194b', '#4363d8', '#ffe119', '#f032e6', '#f58231', '#911eb4',
  '#42d4f4', '#3cb44b', '#fabed4', '#9a6324', '#ffffff', '#800000',
  '#aaffc3', '#000075', '#808000', '#dcbeff',
];
const TERRAIN = {
  O: ['ocean', '#1f4e79'], C: ['coast', '#3f7fbf'], G: ['grassland', '#6aa84f'],
  P: ['plains', '#b5b35c'], F: ['forest', '#2e6b30'], H: ['hills', '#8d7b52'],
  M: ['mountains', '#8c8c8c'], D: ['desert', '#e0cc8a'],
};
const RESOURCES = {
  w: 'wheat', f: 'fish', h: 'horses', i: 'iron', g: 'gold_ore', d: 'deer',
};
const RESOURCE_COLORS = {
  wheat: '#f4e04d', fish: '#bfefff', horses: '#c68642', iron: '#5a5a6e',
  gold_ore: '#ffd700', deer: '#a0522d',
};
const WORK_RADIUS = 2;  // rules::kCityWorkRadius
const UNIT_LETTERS = {
  settler: 'S', scout: 's', warrior: 'W', archer: 'A', horseman: 'H',
  spearman: 'P', swordsman: 'X', catapult: 'C',
};

export function playerColor(index) {
  return PLAYER_COLORS[index % PLAYER_COLORS.length];
}

// The full state of /replay (admin): everything visible.
export function fromState(state) {
  const resources = [];
  for (let i = 0; i < state.resources.length; i++) {
    const type = RESOURCES[state.resources[i]];
    if (type) resources.push({ x: i % state.width, y: Math.floor(i / state.width), type });
  }
  return {
    width: state.width, height: state.height, terrain: state.terrain,
    fog: null, resources,
    players: state.players.map((p) => p.name),
    units: state.units, cities: state.cities,
  };
}

// A player's view of /state: rows with visible (upper case), explored
// (lower case) and unknown (?) tiles; owners by name.
export function fromView(view) {
  const { width, height, rows } = view.map;
  const players = view.players.map((p) => p.name);
  const owner = (name) => players.indexOf(name);
  let terrain = '';
  const fog = new Uint8Array(width * height);
  rows.forEach((row, y) => {
    for (let x = 0; x < width; x++) {
      const c = row[x];
      fog[y * width + x] = c === '?' ? 0 : c === c.toUpperCase() ? 2 : 1;
      terrain += c === '?' ? '?' : c.toUpperCase();
    }
  });
  return {
    width, height, terrain, fog, resources: view.map.resources, players,
    units: view.units.map((u) => ({ ...u, owner: owner(u.owner) })),
    cities: view.cities.map((c) => ({ ...c, owner: owner(c.owner) })),
  };
}

// Owner index of every tile inside some city's work radius (nearest city,
// then lowest id), or -1.
function territory(model) {
  const { width, height } = model;
  const owner = new Int16Array(width * height).fill(-1);
  const best = new Int16Array(width * height).fill(99);
  for (const c of model.cities) {
    for (let dy = -WORK_RADIUS; dy <= WORK_RADIUS; dy++) {
      for (let dx = -WORK_RADIUS; dx <= WORK_RADIUS; dx++) {
        const x = c.x + dx;
        const y = c.y + dy;
        if (x < 0 || y < 0 || x >= width || y >= height) continue;
        const d = Math.max(Math.abs(dx), Math.abs(dy));
        const i = y * width + x;
        if (d < best[i]) {
          best[i] = d;
          owner[i] = c.owner;
        }
      }
    }
  }
  return owner;
}

// Draws the model; returns a function (x, y) -> tile under a canvas pixel.
export function drawMap(canvas, model, highlight = {}) {
  const { width, height } = model;
  const avail = Math.max(200, canvas.parentElement.clientWidth - 4);
  const size = Math.max(4, Math.min(28, Math.floor(avail / width),
                                    Math.floor(680 / height)));
  const dpr = window.devicePixelRatio || 1;
  canvas.width = width * size * dpr;
  canvas.height = height * size * dpr;
  canvas.style.width = `${width * size}px`;
  canvas.style.height = `${height * size}px`;
  const g = canvas.getContext('2d');
  g.setTransform(dpr, 0, 0, dpr, 0, 0);

  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const t = TERRAIN[model.terrain[i]];
      g.fillStyle = t ? t[1] : '#111318';
      g.fillRect(x * size, y * size, size, size);
      if (model.fog && model.fog[i] === 1) {
        g.fillStyle = 'rgba(10, 12, 20, 0.5)';
        g.fillRect(x * size, y * size, size, size);
      }
    }
  }
  for (const r of model.resources) {
    g.fillStyle = RESOURCE_COLORS[r.type] || '#fff';
    const s = Math.max(2, size / 4);
    g.fillRect(r.x * size + size - s - 1, r.y * size + 1, s, s);
  }
  drawBorders(g, model, size);
  for (const c of model.cities) drawCity(g, c, size);
  drawUnits(g, model.units, size);
  drawHighlight(g, highlight, size);
  return (px, py) => {
    const x = Math.floor(px / size);
    const y = Math.floor(py / size);
    return x >= 0 && y >= 0 && x < width && y < height ? { x, y } : null;
  };
}

function drawBorders(g, model, size) {
  const { width, height } = model;
  const owner = territory(model);
  g.lineWidth = Math.max(1, size / 8);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = owner[y * width + x];
      if (o < 0) continue;
      const color = playerColor(o);
      g.fillStyle = `${color}2e`;
      g.fillRect(x * size, y * size, size, size);
      g.strokeStyle = color;
      const edge = (nx, ny, x1, y1, x2, y2) => {
        const inside = nx >= 0 && ny >= 0 && nx < width && ny < height;
        if (inside && owner[ny * width + nx] === o) return;
        g.beginPath();
        g.moveTo(x1, y1);
        g.lineTo(x2, y2);
        g.stroke();
      };
      const l = x * size, t = y * size, r = l + size, b = t + size;
      edge(x - 1, y, l, t, l, b);
      edge(x + 1, y, r, t, r, b);
      edge(x, y - 1, l, t, r, t);
      edge(x, y + 1, l, b, r, b);
    }
  }
}

function drawCity(g, c, size) {
  const pad = Math.max(1, size * 0.12);
  g.fillStyle = playerColor(c.owner);
  g.strokeStyle = '#000';
  g.lineWidth = Math.max(1, size / 10);
  g.fillRect(c.x * size + pad, c.y * size + pad, size - 2 * pad, size - 2 * pad);
  g.strokeRect(c.x * size + pad, c.y * size + pad, size - 2 * pad, size - 2 * pad);
  if (c.capital) {
    g.fillStyle = '#000';
    g.beginPath();
    g.arc(c.x * size + size / 2, c.y * size + size / 2, size / 6, 0, 2 * Math.PI);
    g.fill();
  }
  if (size >= 12) {
    g.font = `${Math.max(9, Math.floor(size * 0.45))}px sans-serif`;
    g.fillStyle = '#fff';
    g.strokeStyle = '#000';
    g.lineWidth = 3;
    g.strokeText(c.name, c.x * size, c.y * size - 2);
    g.fillText(c.name, c.x * size, c.y * size - 2);
  }
}

function drawUnits(g, units, size) {
  const byTile = new Map();
  for (const u of units) {
    const key = `${u.x},${u.y}`;
    if (!byTile.has(key)) byTile.set(key, []);
    byTile.get(key).push(u);
  }
  for (const stack of byTile.values()) {
    const u = stack[0];
    const cx = u.x * size + size / 2;
    const cy = u.y * size + size / 2;
    g.beginPath();
    g.arc(cx, cy, Math.max(1.5, size * 0.3), 0, 2 * Math.PI);
    g.fillStyle = playerColor(u.owner);
    g.fill();
    g.lineWidth = Math.max(1, size / 12);
    g.strokeStyle = '#fff';
    g.stroke();
    if (size >= 14) {
      g.font = `bold ${Math.floor(size * 0.4)}px sans-serif`;
      g.textAlign = 'center';
      g.textBaseline = 'middle';
      g.fillStyle = '#000';
      g.fillText(UNIT_LETTERS[u.type] || '?', cx, cy + 1);
      if (stack.length > 1) g.fillText(String(stack.length), cx + size * 0.35, cy - size * 0.3);
      g.textAlign = 'start';
      g.textBaseline = 'alphabetic';
    }
  }
}

// highlight: {moves: [[x1,y1,x2,y2]], rings: [{x, y, color}], marks: [{x, y}]}
function drawHighlight(g, h, size) {
  const mid = (v) => v * size + size / 2;
  g.lineWidth = Math.max(1.5, size / 7);
  g.strokeStyle = 'rgba(255, 255, 255, 0.9)';
  for (const [x1, y1, x2, y2] of h.moves || []) {
    g.beginPath();
    g.moveTo(mid(x1), mid(y1));
    g.lineTo(mid(x2), mid(y2));
    g.stroke();
  }
  for (const r of h.rings || []) {
    g.strokeStyle = r.color;
    g.lineWidth = Math.max(2, size / 5);
    g.strokeRect(r.x * size - 1, r.y * size - 1, size + 2, size + 2);
  }
  g.strokeStyle = '#ff2d2d';
  g.lineWidth = Math.max(2, size / 6);
  for (const m of h.marks || []) {
    const l = m.x * size + 2, t = m.y * size + 2, s = size - 4;
    g.beginPath();
    g.moveTo(l, t);
    g.lineTo(l + s, t + s);
    g.moveTo(l + s, t);
    g.lineTo(l, t + s);
    g.stroke();
  }
}

// One line about the tile under the pointer.
export function describeTile(model, tile) {
  if (!tile) return '';
  const i = tile.y * model.width + tile.x;
  const t = TERRAIN[model.terrain[i]];
  const parts = [`(${tile.x}, ${tile.y}) ${t ? t[0] : 'unexplored'}`];
  if (model.fog && model.fog[i] === 1) parts.push('(remembered)');
  const res = model.resources.find((r) => r.x === tile.x && r.y === tile.y);
  if (res) parts.push(res.type);
  for (const c of model.cities.filter((c) => c.x === tile.x && c.y === tile.y))
    parts.push(`city ${c.name} of ${model.players[c.owner]} pop ${c.population}`);
  for (const u of model.units.filter((u) => u.x === tile.x && u.y === tile.y))
    parts.push(`${model.players[u.owner]}'s ${u.type} #${u.id} hp ${u.hp}`);
  return parts.join(' · ');
}

// A canvas with its hover line, redrawn on demand.
export function mapWidget() {
  const canvas = document.createElement('canvas');
  canvas.className = 'map';
  const hover = document.createElement('div');
  hover.className = 'hover muted';
  hover.textContent = 'Point at a tile for details.';
  const wrap = document.createElement('div');
  wrap.className = 'map-wrap';
  wrap.append(canvas, hover);
  let model = null;
  let locate = null;
  canvas.addEventListener('mousemove', (e) => {
    if (!model) return;
    const r = canvas.getBoundingClientRect();
    hover.textContent = describeTile(model, locate(e.clientX - r.left, e.clientY - r.top));
  });
  return {
    node: wrap,
    draw(m, highlight) {
      model = m;
      locate = drawMap(canvas, m, highlight);
    },
  };
}

export function legend(players) {
  const box = document.createElement('div');
  box.className = 'legend';
  players.forEach((name, i) => {
    const item = document.createElement('span');
    const sw = document.createElement('i');
    sw.style.background = playerColor(i);
    item.append(sw, name);
    box.append(item);
  });
  return box;
}
