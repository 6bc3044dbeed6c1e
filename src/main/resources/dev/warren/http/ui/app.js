// Warren's web UI: plain JavaScript over the management API (same paths as RabbitMQ's).
'use strict';

const state = { auth: sessionStorage.getItem('warren-auth'), tab: 'overview', history: [], sort: 'name',
  sortDesc: false, queues: [], selected: null };

async function api(method, path, body) {
  const headers = { 'Authorization': 'Basic ' + state.auth, 'X-Requested-With': 'XMLHttpRequest' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 401 && path !== '/api/whoami') { logout(); }
  if (!res.ok) {
    let reason = res.statusText;
    try { reason = (await res.json()).reason; } catch (e) { /* no body */ }
    throw new Error(res.status + ' ' + reason);
  }
  return res.status === 204 || res.headers.get('Content-Length') === '0' ? null : res.json();
}

const $ = (id) => document.getElementById(id);
const enc = encodeURIComponent;
function cell(text) { const td = document.createElement('td'); td.textContent = text; return td; }
function fmtRate(r) { return (r || 0).toFixed(1); }

async function login(user, password) {
  state.auth = btoa(user + ':' + password);
  try {
    const me = await api('GET', '/api/whoami');
    sessionStorage.setItem('warren-auth', state.auth);
    $('who').textContent = me.name + ' (' + me.tags.join(', ') + ')';
    $('login').hidden = true;
    $('tabs').hidden = false;
    route(goto || location.hash || '#overview');
  } catch (e) {
    state.auth = null;
    $('login-error').textContent = 'Login failed';
  }
}

function logout() {
  sessionStorage.removeItem('warren-auth');
  state.auth = null;
  $('tabs').hidden = true;
  for (const s of document.querySelectorAll('main > section')) s.hidden = s.id !== 'login';
}

// #overview, #queues, ...; #/queues/VHOST/NAME is a queue's own page.
function route(hash) {
  const q = hash.match(/^#\/queues\/([^/]+)\/(.+)$/);
  if (q) {
    state.selected = { vhost: decodeURIComponent(q[1]), name: decodeURIComponent(q[2]) };
    $('qd-messages').textContent = '';
    show('queue');
    return;
  }
  const tab = hash.replace(/^#\/?/, '');
  show(['overview', 'queues', 'exchanges', 'connections', 'redis'].includes(tab) ? tab : 'overview');
}

function show(tab) {
  state.tab = tab;
  for (const s of document.querySelectorAll('main > section')) s.hidden = s.id !== tab;
  const nav = tab === 'queue' ? 'queues' : tab;
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.tab === nav);
  refresh();
}

async function refresh() {
  if (!state.auth) return;
  try {
    if (state.tab === 'overview') await refreshOverview();
    if (state.tab === 'queues') await refreshQueues();
    if (state.tab === 'exchanges') await refreshExchanges();
    if (state.tab === 'connections') await refreshConnections();
    if (state.tab === 'queue') await refreshQueue();
    if (state.tab === 'redis') await refreshRedis();
  } catch (e) { console.warn(e); }
}

async function refreshOverview() {
  const o = await api('GET', '/api/overview');
  const q = o.queue_totals, t = o.object_totals, m = o.message_stats;
  $('t-messages').textContent = q.messages; $('t-ready').textContent = q.messages_ready;
  $('t-unacked').textContent = q.messages_unacknowledged; $('t-queues').textContent = t.queues;
  $('t-connections').textContent = t.connections; $('t-channels').textContent = t.channels;
  $('t-consumers').textContent = t.consumers;
  const point = { publish: m.publish_details.rate, deliver: m.deliver_get_details.rate, ack: m.ack_details.rate };
  $('r-publish').textContent = fmtRate(point.publish); $('r-deliver').textContent = fmtRate(point.deliver);
  $('r-ack').textContent = fmtRate(point.ack);
  state.history.push(point);
  if (state.history.length > 120) state.history.shift();
  drawChart();
}

function drawChart() {
  const c = $('rates'), g = c.getContext('2d'), h = state.history;
  g.clearRect(0, 0, c.width, c.height);
  const max = Math.max(1, ...h.map(p => Math.max(p.publish, p.deliver, p.ack)));
  g.fillStyle = '#888'; g.font = '11px sans-serif'; g.fillText(max.toFixed(1) + '/s', 4, 12);
  const series = [['publish', '#c60'], ['deliver', '#06c'], ['ack', '#090']];
  for (const [key, color] of series) {
    g.strokeStyle = color; g.lineWidth = 2; g.beginPath();
    h.forEach((p, i) => {
      const x = (i / 119) * (c.width - 10) + 5, y = c.height - 5 - (p[key] / max) * (c.height - 20);
      if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
    });
    g.stroke();
  }
}

async function refreshQueues() {
  state.queues = await api('GET', '/api/queues');
  renderQueues();
}

function renderQueues() {
  const filter = $('queue-filter').value.toLowerCase();
  const key = state.sort;
  const value = (q) => key === 'publish_rate' ? q.message_stats.publish_details.rate : q[key];
  const rows = state.queues.filter(q => q.name.toLowerCase().includes(filter))
    .sort((a, b) => (value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : 0) * (state.sortDesc ? -1 : 1));
  const body = $('queue-rows');
  body.replaceChildren();
  for (const q of rows) {
    const tr = document.createElement('tr');
    tr.className = 'clickable';
    tr.append(cell(q.vhost), cell(q.name), cell(q.messages_ready), cell(q.messages_unacknowledged),
      cell(q.messages), cell(q.consumers), cell(fmtRate(q.message_stats.publish_details.rate)), cell('›'));
    tr.onclick = () => selectQueue(q);
    body.append(tr);
  }
}

function selectQueue(q) {
  location.hash = '#/queues/' + enc(q.vhost) + '/' + enc(q.name);
}

async function refreshQueue() {
  const sel = state.selected;
  $('qd-title').textContent = 'Queue ' + sel.name + ' in virtual host ' + sel.vhost;
  let q;
  try { q = await api('GET', queuePath(sel)); } catch (e) {
    $('qd-messages').textContent = e.message;
    return;
  }
  $('qd-ready').textContent = q.messages_ready; $('qd-unacked').textContent = q.messages_unacknowledged;
  $('qd-total').textContent = q.messages; $('qd-consumers').textContent = q.consumers;
  const ms = q.message_stats || {};
  $('qd-publish-rate').textContent = fmtRate(ms.publish_details && ms.publish_details.rate);
  $('qd-deliver-rate').textContent = fmtRate(ms.deliver_get_details && ms.deliver_get_details.rate);
  $('qd-ack-rate').textContent = fmtRate(ms.ack_details && ms.ack_details.rate);
  const details = $('qd-details');
  details.replaceChildren();
  for (const [k, v] of [['Type', q.type], ['Durable', q.durable], ['Auto-delete', q.auto_delete],
      ['Exclusive', q.exclusive], ['State', q.state], ['Arguments', JSON.stringify(q.arguments)]]) {
    const tr = document.createElement('tr');
    tr.append(cell(k), cell(v === undefined ? '' : String(v)));
    details.append(tr);
  }
  const bindings = await api('GET', queuePath(sel) + '/bindings');
  const body = $('qd-bindings');
  body.replaceChildren();
  for (const b of bindings) {
    const tr = document.createElement('tr');
    tr.append(cell(b.source === '' ? '(AMQP default)' : b.source), cell(b.routing_key), cell(JSON.stringify(b.arguments)));
    body.append(tr);
  }
}

async function refreshRedis() {
  const r = await api('GET', '/api/warren/redis');
  $('redis-off').hidden = r.enabled;
  if (!r.enabled) return;
  $('rd-clients').textContent = r.clients.connected; $('rd-ops').textContent = fmtRate(r.ops_per_sec);
  $('rd-commands').textContent = r.commands_processed; $('rd-keys').textContent = r.keys;
  $('rd-expires').textContent = r.expires; $('rd-memory').textContent = fmtBytes(r.memory.used_bytes);
  const body = $('rd-databases');
  body.replaceChildren();
  for (const d of r.databases) {
    const tr = document.createElement('tr');
    tr.append(cell('db' + d.db), cell(d.keys), cell(d.expires), cell(fmtBytes(d.used_bytes)));
    body.append(tr);
  }
  const f = $('rd-key-form');
  await showKeys(f.db.value, f.pattern.value);
}

async function showKeys(db, pattern) {
  const r = await api('GET', '/api/warren/redis/keys?db=' + enc(db) + '&pattern=' + enc(pattern) + '&count=200');
  const body = $('rd-key-rows');
  body.replaceChildren();
  for (const k of r.keys) {
    const tr = document.createElement('tr');
    tr.append(cell(k.key), cell(k.type), cell(k.ttl < 0 ? '' : k.ttl));
    body.append(tr);
  }
}

function fmtBytes(n) {
  if (n < 1024) return n + ' B';
  if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KiB';
  return (n / 1024 / 1024).toFixed(1) + ' MiB';
}

function queuePath(q) { return '/api/queues/' + enc(q.vhost) + '/' + enc(q.name); }

async function queueAction(fn) {
  try { await fn(state.selected); } catch (e) { $('qd-messages').textContent = e.message; }
  if (state.tab === 'queue') refreshQueue();
}

async function refreshExchanges() {
  const xs = await api('GET', '/api/exchanges');
  const body = $('exchange-rows');
  body.replaceChildren();
  for (const x of xs) {
    const tr = document.createElement('tr');
    const ms = x.message_stats || {};
    tr.append(cell(x.vhost), cell(x.name === '' ? '(AMQP default)' : x.name), cell(x.type), cell(x.durable ? 'yes' : 'no'),
      cell(x.auto_delete ? 'yes' : 'no'), cell(fmtRate(ms.publish_in_details && ms.publish_in_details.rate)),
      cell(fmtRate(ms.publish_out_details && ms.publish_out_details.rate)));
    body.append(tr);
  }
}

async function refreshConnections() {
  const cs = await api('GET', '/api/connections');
  const body = $('connection-rows');
  body.replaceChildren();
  for (const c of cs) {
    const tr = document.createElement('tr');
    const close = document.createElement('button');
    close.textContent = 'Close';
    close.className = 'danger';
    close.onclick = async () => {
      if (!confirm('Close connection ' + c.name + '?')) return;
      await api('DELETE', '/api/connections/' + enc(c.name));
      refreshConnections();
    };
    const action = document.createElement('td');
    action.append(close);
    tr.append(cell(c.name), cell(c.user), cell(c.vhost), cell(c.state), cell(c.channels), action);
    body.append(tr);
  }
}

$('login-form').onsubmit = (e) => {
  e.preventDefault();
  const f = e.target;
  login(f.user.value, f.password.value);
};
for (const a of document.querySelectorAll('nav a')) a.onclick = () => show(a.dataset.tab);
for (const th of document.querySelectorAll('th[data-sort]')) {
  th.onclick = () => {
    state.sortDesc = state.sort === th.dataset.sort ? !state.sortDesc : false;
    state.sort = th.dataset.sort;
    renderQueues();
  };
}
$('queue-filter').oninput = renderQueues;
$('qd-get-form').onsubmit = (e) => {
  e.preventDefault();
  const f = e.target;
  queueAction(async (q) => {
    const msgs = await api('POST', queuePath(q) + '/get',
      { count: Number(f.count.value) || 1, ackmode: f.ackmode.value, encoding: 'auto', truncate: 50000 });
    $('qd-messages').textContent = msgs.length === 0 ? '(queue is empty)'
      : msgs.map(m => m.routing_key + ' | ' + m.payload).join('\n');
  });
};
$('qd-purge').onclick = () => queueAction(async (q) => {
  await api('DELETE', queuePath(q) + '/contents');
  $('qd-messages').textContent = 'Purged.';
});
$('qd-delete').onclick = () => queueAction(async (q) => {
  if (!confirm('Delete queue ' + q.name + '?')) return;
  await api('DELETE', queuePath(q));
  location.hash = '#queues';
});
$('qd-publish').onsubmit = (e) => {
  e.preventDefault();
  const payload = e.target.payload.value;
  const properties = e.target.persistent.checked ? { delivery_mode: 2 } : {};
  queueAction(async (q) => {
    const r = await api('POST', '/api/exchanges/' + enc(q.vhost) + '/amq.default/publish',
      { properties, routing_key: q.name, payload, payload_encoding: 'string' });
    $('qd-messages').textContent = r.routed ? 'Published.' : 'Not routed.';
  });
};
$('rd-key-form').onsubmit = (e) => {
  e.preventDefault();
  showKeys(e.target.db.value, e.target.pattern.value).catch(err => console.warn(err));
};

setInterval(refresh, 5000);
window.onhashchange = () => {
  if (state.auth) route(location.hash);
};
// As RabbitMQ's UI: #/login/USER/PASSWORD logs in directly (then the URL forgets the password).
// ?goto=HASH (Warren's own) opens that page after such a login, e.g. ?goto=%23%2Fqueues%2F%252F%2Forders.
const goto = new URLSearchParams(location.search).get('goto');
const direct = location.hash.match(/^#\/login\/([^/]+)\/(.+)$/);
if (direct) {
  history.replaceState(null, '', location.pathname + (goto || '#overview'));
  login(decodeURIComponent(direct[1]), decodeURIComponent(direct[2]));
} else if (state.auth) {
  login(...atob(state.auth).split(/:(.*)/s).slice(0, 2));
}
