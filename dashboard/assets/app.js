// The dashboard page: one WebSocket to the server that served it, one render per
// block. Plain browser JavaScript with no build step; uPlot draws the charts.
/* global uPlot */
'use strict';

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#17becf', '#8c564b'];
const colorOf = (uid) => PALETTE[uid % PALETTE.length];

const state = {
  labels: {},
  snapshot: undefined,
  history: [],
  validators: [],
  sort: { key: 'uid', dir: 1 },
  charts: {},
  blocksSeen: 0,
};
const MAX_HISTORY = 600;

// ---------------------------------------------------------------- formatting
const fmtAmount = (v) => (v >= 1 ? v.toFixed(3) : v.toFixed(6));
const fmtProp = (v) => v.toFixed(4);
const fmtPrice = (v) => v.toFixed(9);
const fmtAxis = (v) => (v === 0 ? '0' : Math.abs(v) >= 1 ? String(+v.toFixed(2)) : String(+v.toPrecision(2)));
const short = (ss58) => (ss58 ? `${ss58.slice(0, 6)}…${ss58.slice(-4)}` : '');
const $ = (id) => document.getElementById(id);

function labelOf(neuron) {
  return state.labels[neuron.hotkey] ?? (neuron.validatorPermit ? 'validator' : '');
}

// ---------------------------------------------------------------- connection
function connect() {
  const ws = new WebSocket(`ws://${location.host}/ws`);
  ws.onmessage = (ev) => onMessage(JSON.parse(ev.data));
  ws.onopen = () => setConnection(true, 'live');
  ws.onclose = () => {
    setConnection(false, 'reconnecting…');
    setTimeout(connect, 1000);
  };
}

function setConnection(ok, text) {
  const el = $('connection');
  el.textContent = text;
  el.dataset.connected = String(ok);
  el.className = `pill ${ok ? 'pill-on' : 'pill-off'}`;
}

function onMessage(msg) {
  switch (msg.type) {
    case 'hello':
      state.labels = msg.labels ?? {};
      state.history = msg.history ?? [];
      state.validators = msg.validators ?? [];
      if (!msg.connected) setConnection(false, 'chain unreachable');
      if (msg.snapshot) onBlock(msg.snapshot, false);
      renderValidators();
      break;
    case 'block':
      addHistory(msg.snapshot);
      onBlock(msg.snapshot, true);
      break;
    case 'validators':
      state.validators = msg.validators;
      renderValidators();
      break;
    case 'source':
      setConnection(msg.connected, msg.connected ? 'live' : `chain unreachable: ${msg.error ?? ''}`);
      break;
  }
}

function addHistory(snapshot) {
  const point = {
    block: snapshot.block,
    incentive: snapshot.neurons.map((n) => n.incentive),
    emission: snapshot.neurons.map((n) => n.emission),
    stake: snapshot.neurons.map((n) => n.stake),
    price: snapshot.status.pool?.price,
  };
  while (state.history.length && state.history[state.history.length - 1].block >= point.block) state.history.pop();
  state.history.push(point);
  if (state.history.length > MAX_HISTORY) state.history.splice(0, state.history.length - MAX_HISTORY);
}

function onBlock(snapshot) {
  state.snapshot = snapshot;
  state.blocksSeen++;
  document.body.dataset.block = String(snapshot.block);
  renderStatus(snapshot);
  renderConsensus(snapshot);
  renderTable(snapshot);
  // incentive is a proportion, as in the table: a fixed 0–1 axis (uPlot would pick 0–100 while every value is 0)
  renderChart(
    'incentive',
    'chart-incentive',
    (v) => v.toFixed(3),
    (v) => v.toFixed(2),
    [0, 1],
  );
  renderChart('emission', 'chart-emission', fmtAmount, fmtAxis);
  renderPriceChart();
  renderWeights(snapshot);
  renderStake(snapshot);
  renderTimelocked(snapshot);
}

// ---------------------------------------------------------------- timelocked commits
const TIMELOCKED_STATUS = {
  pending: (c) => (c.roundArrived ? 'pending: round arrived, reveals at the start of a block of its reveal epoch' : 'pending: waiting for the drand round'),
  revealed: () => 'revealed',
  dropped: (c) => `dropped silently (${c.reason ?? 'unknown'})`,
};

function renderTimelocked(s) {
  const card = $('timelocked-card');
  if (!s.timelocked) {
    card.hidden = true;
    return;
  }
  card.hidden = false;
  const tbody = $('timelocked').querySelector('tbody');
  const rows = s.timelocked.map((c) => {
    const tr = document.createElement('tr');
    tr.dataset.status = c.status;
    const cells = [
      c.uid >= 0 ? String(c.uid) : '—',
      short(c.hotkey),
      String(c.commitBlock),
      String(c.epoch),
      String(c.revealRound),
      TIMELOCKED_STATUS[c.status](c),
    ];
    for (const text of cells) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.appendChild(td);
    }
    if (c.status === 'dropped') tr.className = 'consensus-problem';
    return tr;
  });
  if (!rows.length) {
    const tr = document.createElement('tr');
    const td = document.createElement('td');
    td.colSpan = 6;
    td.className = 'muted';
    td.textContent = 'no timelocked commits yet';
    tr.appendChild(td);
    rows.push(tr);
  }
  tbody.replaceChildren(...rows);
}

// ---------------------------------------------------------------- chain status
/** Stake and emission on a subnet are its alpha, shown with the subnet's symbol; TAO alone is τ. */
function alphaOf(s) {
  return s?.status?.alphaSymbol ?? `α${s?.netuid ?? ''}`;
}

function renderStatus(s) {
  const st = s.status;
  const mechanisms = st.mechanismCount ?? 1;
  $('title-netuid').textContent = mechanisms > 1 ? `netuid ${s.netuid} · mechanism ${st.mechid ?? 0} of ${mechanisms}` : `netuid ${s.netuid}`;
  $('st-mechanisms').textContent = String(mechanisms);
  $('st-chain').textContent = st.chain;
  $('st-url').textContent = st.url;
  $('st-block').textContent = `#${s.block}`;
  $('st-hash').textContent = short(st.blockHash);
  $('st-hash').title = st.blockHash;
  $('st-tempo').textContent = `${st.tempo} blocks`;
  $('st-epoch').textContent = `${st.blocksUntilEpoch} blocks`;
  $('st-n').textContent = String(s.neurons.length);
  $('st-stake').textContent = `${fmtAmount(s.neurons.reduce((a, n) => a + n.stake, 0))} ${alphaOf(s)}`;
  // money shows its unit: the price is τ per alpha, the pool holds both
  const pool = st.pool;
  $('st-name').textContent = pool ? pool.name || '(unnamed)' : '–';
  $('st-price').textContent = pool ? `τ${fmtPrice(pool.price)} per ${alphaOf(s)}` : 'no pool on this runtime';
  $('st-pool').textContent = pool
    ? `τ${fmtAmount(pool.taoIn)} and ${fmtAmount(pool.alphaIn)} ${alphaOf(s)}, ${fmtAmount(pool.alphaOut)} ${alphaOf(s)} outstanding`
    : '–';
  $('st-emission-share').textContent = !pool
    ? '–'
    : pool.emissionShare === null
      ? 'not recorded by this runtime'
      : `${(pool.emissionShare * 100).toFixed(2)} %`;
  for (const el of document.querySelectorAll('.alpha-symbol')) el.textContent = alphaOf(s);
  const done = st.tempo > 0 ? 1 - st.blocksUntilEpoch / (st.tempo + 1) : 0;
  $('epoch-progress').style.width = `${Math.max(0, Math.min(1, done)) * 100}%`;
}

// ---------------------------------------------------------------- consensus diagnosis
// The same diagnosis as `subnet metagraph` (validator/consensus-reach.ts), computed by the server.
function renderConsensus(s) {
  const el = $('consensus');
  const d = s.consensus;
  if (!d) return;
  const kappa = `κ ${Math.round(d.kappa * 100)} %`;
  const lines = d.problems.length
    ? d.problems
    : d.validators.length
      ? [`the weights of every validator that sets them can form consensus (uids ${d.validators.map((v) => v.uid).join(', ')})`]
      : ['no validator holds a permit yet'];
  el.dataset.problems = String(d.problems.length);
  el.className = d.problems.length ? 'consensus consensus-problem' : 'consensus';
  el.replaceChildren(
    ...lines.map((line) => {
      const p = document.createElement('p');
      p.textContent = `consensus (${kappa}): ${line}`;
      return p;
    }),
  );
}

// ---------------------------------------------------------------- metagraph table
function renderTable(s) {
  const { key, dir } = state.sort;
  const rows = s.neurons.map((n) => ({ ...n, label: labelOf(n) }));
  // subtensor dropped trust from Yuma: where the runtime does not compute it, its 0 is no value
  const trustComputed = s.status.trustComputed !== false;
  rows.sort((a, b) => {
    const x = a[key];
    const y = b[key];
    const c = typeof x === 'string' ? x.localeCompare(y) : Number(x) - Number(y);
    return c !== 0 ? c * dir : a.uid - b.uid;
  });
  const tbody = document.querySelector('#metagraph tbody');
  const frag = document.createDocumentFragment();
  for (const n of rows) {
    const tr = document.createElement('tr');
    tr.dataset.uid = String(n.uid);
    tr.dataset.hotkey = n.hotkey;
    const cells = [
      ['uid', String(n.uid)],
      ['label', n.label],
      ['hotkey', short(n.hotkey)],
      ['stake', fmtAmount(n.stake)],
      ['trust', trustComputed ? fmtProp(n.trust) : '—'],
      ['consensus', fmtProp(n.consensus)],
      ['incentive', fmtProp(n.incentive)],
      ['dividends', fmtProp(n.dividends)],
      ['emission', fmtAmount(n.emission)],
      ['validatorTrust', fmtProp(n.validatorTrust)],
      ['validatorPermit', n.validatorPermit ? '✓' : ''],
      ['active', n.active ? '✓' : ''],
      ['lastUpdate', String(n.lastUpdate)],
      ['axon', n.axon],
    ];
    for (const [col, text] of cells) {
      const td = document.createElement('td');
      td.dataset.col = col;
      td.textContent = text;
      if (col === 'hotkey') td.title = n.hotkey;
      if (col === 'trust' && !trustComputed) td.title = 'not computed by this runtime';
      if (col === 'uid') td.style.borderLeft = `4px solid ${colorOf(n.uid)}`;
      tr.appendChild(td);
    }
    frag.appendChild(tr);
  }
  tbody.replaceChildren(frag);
  for (const th of document.querySelectorAll('#metagraph th')) {
    th.dataset.sorted = th.dataset.key === key ? (dir > 0 ? 'asc' : 'desc') : '';
  }
}

function setupSorting() {
  for (const th of document.querySelectorAll('#metagraph th')) {
    th.addEventListener('click', () => {
      const key = th.dataset.key;
      if (state.sort.key === key) state.sort.dir = -state.sort.dir;
      else state.sort = { key, dir: th.dataset.type === 'num' && key !== 'uid' ? -1 : 1 };
      if (state.snapshot) renderTable(state.snapshot);
    });
  }
}

// ---------------------------------------------------------------- charts
function renderChart(field, elementId, fmt, fmtTick, range) {
  const el = $(elementId);
  const n = state.snapshot ? state.snapshot.neurons.length : 0;
  const xs = state.history.map((p) => p.block);
  const data = [xs];
  for (let uid = 0; uid < n; uid++) data.push(state.history.map((p) => p[field][uid] ?? null));
  let chart = state.charts[field];
  if (!chart || chart.series.length !== n + 1) {
    if (chart) chart.destroy();
    const series = [{ label: 'block' }];
    for (let uid = 0; uid < n; uid++) {
      const neuron = state.snapshot.neurons[uid];
      const label = labelOf(neuron);
      series.push({ label: label ? `${uid} ${label}` : `uid ${uid}`, stroke: colorOf(uid), width: 2, value: (_u, v) => (v == null ? '–' : fmt(v)) });
    }
    const opts = {
      width: Math.max(300, el.clientWidth - 8),
      height: 220,
      series,
      scales: { x: { time: false }, y: range ? { range: () => range } : {} },
      axes: [{ label: 'block' }, { size: 60, values: (_u, ticks) => ticks.map(fmtTick) }],
      legend: { live: true },
      // the y range drawn, for whoever reads the page (tests, scrapers)
      hooks: {
        setScale: [
          (u, key) => {
            if (key !== 'y') return;
            el.dataset.yMin = String(u.scales.y.min);
            el.dataset.yMax = String(u.scales.y.max);
          },
        ],
      },
    };
    el.replaceChildren();
    chart = new uPlot(opts, data, el);
    state.charts[field] = chart;
  } else {
    chart.setData(data);
  }
  el.dataset.points = String(xs.length);
  el.dataset.lastBlock = xs.length ? String(xs[xs.length - 1]) : '';
}

/** The subnet's alpha price over the blocks seen: one series, τ per alpha. */
function renderPriceChart() {
  const el = $('chart-price');
  const points = state.history.filter((p) => typeof p.price === 'number');
  const data = [points.map((p) => p.block), points.map((p) => p.price)];
  let chart = state.charts.price;
  if (!chart) {
    const opts = {
      width: Math.max(300, el.clientWidth - 8),
      height: 220,
      series: [
        { label: 'block' },
        { label: `τ per ${alphaOf(state.snapshot)}`, stroke: colorOf(0), width: 2, value: (_u, v) => (v == null ? '–' : fmtPrice(v)) },
      ],
      scales: { x: { time: false } },
      axes: [{ label: 'block' }, { size: 70, values: (_u, ticks) => ticks.map(fmtAxis) }],
      legend: { live: true },
    };
    el.replaceChildren();
    chart = new uPlot(opts, data, el);
    state.charts.price = chart;
  } else {
    chart.setData(data);
  }
  el.dataset.points = String(points.length);
  el.dataset.lastBlock = points.length ? String(points[points.length - 1].block) : '';
  el.dataset.lastPrice = points.length ? String(points[points.length - 1].price) : '';
}

window.addEventListener('resize', () => {
  for (const [field, chart] of Object.entries(state.charts)) {
    const el = $(`chart-${field}`);
    chart.setSize({ width: Math.max(300, el.clientWidth - 8), height: 220 });
  }
});

// ---------------------------------------------------------------- weights heat map
function renderWeights(s) {
  const canvas = $('weights');
  const ctx = canvas.getContext('2d');
  const n = s.neurons.length;
  const setters = [];
  s.weights.forEach((row, uid) => {
    if (row && row.length) setters.push(uid);
  });
  const dpr = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 480;
  const labelW = 48;
  const headerH = 18;
  const rowH = setters.length ? Math.min(36, Math.max(14, Math.floor((200 - headerH) / setters.length))) : 20;
  const height = headerH + Math.max(1, setters.length) * rowH + 4;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.height = `${height}px`;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillStyle = '#556';
  canvas.dataset.rows = String(setters.length);
  if (!setters.length || !n) {
    ctx.fillText('no weights set yet', 8, 14);
    $('weights-legend').textContent = '';
    return;
  }
  const cellW = (width - labelW) / n;
  for (let col = 0; col < n; col++) ctx.fillText(String(col), labelW + col * cellW + cellW / 2 - 4, 12);
  setters.forEach((uid, r) => {
    const y = headerH + r * rowH;
    ctx.fillStyle = '#556';
    ctx.fillText(`uid ${uid}`, 4, y + rowH / 2 + 4);
    const row = s.weights[uid];
    const total = row.reduce((a, [, w]) => a + w, 0) || 1;
    const byCol = new Map(row.map(([c, w]) => [c, w / total]));
    for (let col = 0; col < n; col++) {
      const w = byCol.get(col) ?? 0;
      ctx.fillStyle = heat(w);
      ctx.fillRect(labelW + col * cellW + 1, y + 1, cellW - 2, rowH - 2);
      if (cellW > 34 && w > 0) {
        ctx.fillStyle = w > 0.5 ? '#fff' : '#223';
        ctx.fillText(w.toFixed(2), labelW + col * cellW + 4, y + rowH / 2 + 4);
      }
    }
  });
  $('weights-legend').textContent = "cell = share of the validator's weight (row-normalised); darker is more";
}

function heat(w) {
  // white -> deep blue
  const t = Math.max(0, Math.min(1, w));
  const r = Math.round(245 - t * (245 - 25));
  const g = Math.round(247 - t * (247 - 60));
  const b = Math.round(250 - t * (250 - 140));
  return `rgb(${r},${g},${b})`;
}

// ---------------------------------------------------------------- stake distribution
function renderStake(s) {
  const total = s.neurons.reduce((a, n) => a + n.stake, 0);
  const max = Math.max(1e-12, ...s.neurons.map((n) => n.stake));
  const el = $('stake-bars');
  const frag = document.createDocumentFragment();
  for (const n of [...s.neurons].sort((a, b) => b.stake - a.stake)) {
    const row = document.createElement('div');
    row.className = 'bar-row';
    row.dataset.uid = String(n.uid);
    const name = document.createElement('span');
    name.className = 'bar-name';
    const label = labelOf(n);
    name.textContent = label ? `${n.uid} ${label}` : `uid ${n.uid}`;
    const track = document.createElement('span');
    track.className = 'bar-track';
    const bar = document.createElement('span');
    bar.className = 'bar';
    bar.style.width = `${(n.stake / max) * 100}%`;
    bar.style.background = colorOf(n.uid);
    track.appendChild(bar);
    const value = document.createElement('span');
    value.className = 'bar-value';
    value.textContent = `${fmtAmount(n.stake)} ${alphaOf(state.snapshot)} (${total > 0 ? ((n.stake / total) * 100).toFixed(1) : '0.0'}%)`;
    row.append(name, track, value);
    frag.appendChild(row);
  }
  el.replaceChildren(frag);
}

// ---------------------------------------------------------------- validators' rounds
function renderValidators() {
  const el = $('validators');
  if (!state.validators.length) return;
  const frag = document.createDocumentFragment();
  for (const v of state.validators) {
    const box = document.createElement('div');
    box.className = 'validator';
    box.dataset.url = v.url;
    const h = document.createElement('h3');
    h.textContent = v.url;
    box.appendChild(h);
    if (!v.ok) {
      const p = document.createElement('p');
      p.className = 'muted';
      p.textContent = `unavailable: ${v.error ?? 'unknown error'}`;
      box.appendChild(p);
      frag.appendChild(box);
      continue;
    }
    const stats = Object.entries(v.stats)
      .filter(([k]) => /round|weights|blocks|responses/.test(k))
      .slice(0, 8);
    if (stats.length) {
      const p = document.createElement('p');
      p.className = 'stats';
      p.textContent = stats.map(([k, val]) => `${k}: ${Number.isInteger(val) ? val : val.toFixed(3)}`).join(' · ');
      box.appendChild(p);
    }
    const table = document.createElement('table');
    table.className = 'round';
    table.innerHTML = '<thead><tr><th>uid</th><th>role</th><th>latency ms</th><th>score</th><th>score EMA</th><th>latency, relative</th></tr></thead>';
    const tbody = document.createElement('tbody');
    const maxLatency = Math.max(1, ...v.miners.map((m) => m.latencyMs ?? 0));
    for (const m of v.miners) {
      const neuron = state.snapshot?.neurons[m.uid];
      // validators query every uid; those that serve no axon (validators, the owner) are not miners
      if (neuron && !neuron.axon && m.latencyMs === undefined && !m.score) continue;
      const tr = document.createElement('tr');
      tr.dataset.uid = String(m.uid);
      const cells = [
        String(m.uid),
        neuron ? labelOf(neuron) : '',
        m.latencyMs === undefined ? '–' : m.latencyMs.toFixed(1),
        m.score === undefined ? '–' : m.score.toFixed(3),
        m.ema === undefined ? '–' : m.ema.toFixed(3),
      ];
      for (const text of cells) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.appendChild(td);
      }
      const barCell = document.createElement('td');
      const bar = document.createElement('span');
      bar.className = 'latency-bar';
      bar.style.width = `${((m.latencyMs ?? 0) / maxLatency) * 120}px`;
      barCell.appendChild(bar);
      tr.appendChild(barCell);
      tbody.appendChild(tr);
    }
    table.appendChild(tbody);
    box.appendChild(table);
    frag.appendChild(box);
  }
  el.replaceChildren(frag);
}

setupSorting();
connect();
