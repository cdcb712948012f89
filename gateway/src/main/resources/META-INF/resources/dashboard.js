/*
 * Multivector dashboard: reads only the public API under /api/v1 (anonymous GETs) and the live SSE
 * stream. Each view keeps data-state (idle | loading | ready | empty | error) and data-* lists of
 * what it drew, so tests and assistive tools need not read the canvas.
 */
(function () {
  'use strict';

  const API = '/api/v1';
  const FIRST_YEAR = 1991;
  const PARTNER_LIMIT = 15;
  const FEED_MAX = 50;
  const EVENT_TYPES = ['treaty.signed', 'treaty.terminated', 'membership.joined', 'membership.left', 'visit.made',
    'summit.held', 'mediation.hosted', 'statement.made', 'sanctions.imposed', 'sanctions.lifted', 'aid.provided',
    'election.held', 'office.assumed', 'exercise.held', 'cooperation.reported', 'route.registered',
    'route.status.changed', 'shipment.delivered', 'trade.reported', 'export.share.reported', 'interaction.coded',
    'event.retracted'];
  // bloc colours, each distinguishable and readable against white
  const BLOC_COLOURS = {
    'russia': '#b42318', 'china': '#c4320a', 'west': '#0b57d0', 'turkic': '#0e7c86', 'central-asia': '#6f42c1',
    'south-asia': '#8a6d00', 'middle-east': '#7a5230', 'multilateral': '#1a7f37', 'other': '#5f6b76'
  };

  const $ = (id) => document.getElementById(id);
  const enc = encodeURIComponent;
  const charts = {};

  // ---------- helpers ----------

  async function getJson(path) {
    let r;
    try {
      r = await fetch(API + path, { headers: { Accept: 'application/json' } });
    } catch (e) {
      throw new Error('the gateway could not be reached');
    }
    if (!r.ok) {
      let detail = r.status + ' ' + (r.statusText || '');
      try {
        const problem = await r.json();
        detail = problem.detail || problem.title || detail;
      } catch (ignored) { /* not JSON */ }
      const err = new Error(detail);
      err.status = r.status;
      throw err;
    }
    return r.json();
  }

  function setState(view, state, message) {
    const section = $(view);
    section.dataset.state = state;
    section.setAttribute('aria-busy', state === 'loading' ? 'true' : 'false');
    const status = $(view + '-status');
    if (status) {
      status.textContent = message || '';
      status.classList.toggle('error', state === 'error');
    }
  }

  function chart(id) {
    if (!window.echarts) {
      throw new Error('the chart library did not load');
    }
    if (!charts[id]) {
      charts[id] = window.echarts.init($(id), null, { renderer: 'canvas' });
    }
    return charts[id];
  }

  function clearChart(id) {
    if (charts[id]) {
      charts[id].clear();
    }
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (k === 'class') e.className = v;
      else if (k === 'dataset') Object.assign(e.dataset, v);
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    });
    children.flat(Infinity).forEach(c => { if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c)); });
    return e;
  }

  const fmt = (x, digits = 2) => (typeof x === 'number' ? x.toFixed(digits) : '—');
  const pct = (x) => (typeof x === 'number' ? Math.round(x * 1000) / 10 + '%' : '—');

  function actor() {
    return ($('actor').value || 'KZ').trim().toUpperCase();
  }

  function year() {
    return Number($('asof').value);
  }

  /** The query parameter of the "known at" control: its time read as UTC; nothing when empty (now). */
  function knownAt() {
    const v = $('knownat').value;
    if (!v) return '';
    return '&knownAt=' + enc(v.length === 16 ? v + ':00Z' : v + 'Z');
  }

  /** One line saying what an event is about, from the fields its type has. */
  function describe(ev) {
    const d = (ev && ev.data) || {};
    const text = d.summary || d.title || d.topic || d.purpose || d.scope || d.name || d.note;
    if (text) return text;
    const who = [d.member, d.organization, d.speaker, d.target, d.visitor, d.host, d.donor, d.recipient, d.imposer,
      d.country, d.office, d.person, d.exporter, d.importer, d.reporter, d.partner, d.routeId]
      .filter(Boolean);
    const lists = [d.parties, d.participants, d.actors].filter(Array.isArray).flat();
    return who.concat(lists).join(', ') || '';
  }

  // ---------- relations graph ----------

  let relationsSeq = 0;

  async function loadRelations() {
    const seq = ++relationsSeq;
    const a = actor();
    const y = year();
    const graph = $('relations-graph');
    graph.dataset.actor = a;
    graph.dataset.asOf = String(y);
    graph.dataset.knownAt = $('knownat').value;
    setState('relations', 'loading', 'Loading the partners of ' + a + ' as of ' + y + '…');
    try {
      const page = await getJson('/relations/' + enc(a) + '?asOf=' + y + '&limit=' + PARTNER_LIMIT + knownAt());
      if (seq !== relationsSeq) return;
      const items = page.items || [];
      const dyads = await Promise.all(items.map(it =>
        getJson('/relations/' + enc(a) + '/' + enc(it.partner) + '?asOf=' + y + knownAt()).catch(() => null)));
      if (seq !== relationsSeq) return;
      drawRelations(a, y, items, dyads);
      if (!items.length) {
        setState('relations', 'empty', 'No relations recorded for ' + a + ' as of ' + y + '.');
      } else {
        setState('relations', 'ready', items.length + ' partners of ' + a + ' as of ' + y + '.');
      }
    } catch (e) {
      if (seq !== relationsSeq) return;
      graph.dataset.nodes = '';
      $('partner-list').replaceChildren();
      clearChart('relations-graph');
      setState('relations', 'error', 'Could not load relations: ' + e.message);
    }
  }

  function drawRelations(a, y, items, dyads) {
    const graph = $('relations-graph');
    graph.dataset.nodes = items.map(it => it.partner).join(',');
    graph.setAttribute('aria-label', 'Relations graph of ' + a + ' as of ' + y + ': '
      + (items.length ? items.map(it => it.partner + ' ' + fmt(it.score)).join(', ') : 'no partners'));
    const list = $('partner-list');
    list.replaceChildren(...items.map((it, i) => {
      const d = dyads[i];
      const detail = d ? ' (cooperation ' + fmt(d.cooperation) + ', conflict ' + fmt(d.conflict) + ')' : '';
      return el('li', { dataset: { partner: it.partner } },
        el('button', {
          type: 'button', class: 'link', 'aria-label': 'Recent events of ' + a + ' and ' + it.partner,
          onclick: () => showDyad(a, it.partner, y, d)
        }, it.partner),
        ' ', el('span', { class: it.score < 0 ? 'neg' : 'pos' }, fmt(it.score)), detail);
    }));
    if (!items.length) {
      clearChart('relations-graph');
      return;
    }
    const max = Math.max(...items.map(it => Math.abs(it.score)), 1e-9);
    const n = items.length;
    const nodes = [{
      name: a, x: 0, y: 0, symbolSize: 46, fixed: true,
      itemStyle: { color: '#0b57d0' }, label: { show: true, color: '#fff', fontWeight: 'bold' }
    }].concat(items.map((it, i) => {
      const angle = (2 * Math.PI * i) / n - Math.PI / 2;
      const r = 100 + 60 * (1 - Math.abs(it.score) / max);
      const d = dyads[i];
      return {
        name: it.partner, x: r * Math.cos(angle), y: r * Math.sin(angle),
        symbolSize: 18 + 22 * Math.abs(it.score) / max,
        value: it.score,
        cooperation: d ? d.cooperation : null, conflict: d ? d.conflict : null,
        itemStyle: { color: it.score < 0 ? '#b42318' : '#1a7f37' },
        label: { show: true, position: 'right', color: '#1b1f24' }
      };
    }));
    const links = items.map((it) => {
      return {
        source: a, target: it.partner, value: it.score,
        lineStyle: {
          width: 1 + 9 * Math.abs(it.score) / max,
          color: it.score < 0 ? '#b42318' : '#1a7f37',
          opacity: 0.85
        }
      };
    });
    chart('relations-graph').setOption({
      animation: false,
      tooltip: {
        formatter: (p) => p.dataType === 'edge'
          ? p.data.source + ' – ' + p.data.target + ': score ' + fmt(p.data.value)
          : p.data.name + (p.data.value !== undefined ? '<br>score ' + fmt(p.data.value)
            + '<br>cooperation ' + fmt(p.data.cooperation) + '<br>conflict ' + fmt(p.data.conflict) : '')
      },
      series: [{
        type: 'graph', layout: 'none', roam: true, data: nodes, links: links,
        label: { show: true }, emphasis: { focus: 'adjacency' }
      }]
    }, true);
    const c = chart('relations-graph');
    c.off('click');
    c.on('click', (p) => {
      if (p.dataType === 'node' && p.data.name !== a) {
        const i = items.findIndex(it => it.partner === p.data.name);
        showDyad(a, p.data.name, y, dyads[i]);
      }
    });
  }

  /** The dyad's recent events in the detail panel, each opening its stored event. */
  async function showDyad(a, b, y, known) {
    setState('detail', 'loading', 'Loading ' + a + ' – ' + b + ' as of ' + y + '…');
    try {
      const d = known || await getJson('/relations/' + enc(a) + '/' + enc(b) + '?asOf=' + y + knownAt());
      const recent = d.recent || [];
      const body = $('detail-body');
      body.dataset.eventId = '';
      body.dataset.dyad = a + '-' + b;
      body.replaceChildren(
        el('h3', {}, a + ' – ' + b + ' as of ' + y),
        el('dl', {},
          el('dt', {}, 'Score'), el('dd', {}, fmt(d.score)),
          el('dt', {}, 'Cooperation'), el('dd', {}, fmt(d.cooperation)),
          el('dt', {}, 'Conflict'), el('dd', {}, fmt(d.conflict)),
          el('dt', {}, 'Shared memberships'), el('dd', {}, (d.sharedMemberships || []).join(', ') || 'none'),
          el('dt', {}, 'Treaties in force'),
          el('dd', {}, (d.treatiesInForce || []).map(t => t.title || t.treatyId).join('; ') || 'none')),
        el('h3', {}, 'Recent events'),
        recent.length
          ? el('ul', { class: 'recent' }, recent.map(ev => el('li', {},
            el('button', { type: 'button', class: 'link', dataset: { eventId: ev.id }, onclick: () => showEvent(ev.id) },
              (ev.type || 'event') + ' ' + ((ev.data && ev.data.occurredOn) || '')),
            ' ', describe(ev))))
          : el('p', { class: 'summary' }, 'No recent events.'));
      setState('detail', 'ready', '');
    } catch (e) {
      setState('detail', 'error', 'Could not load ' + a + ' – ' + b + ': ' + e.message);
    }
  }

  // ---------- event detail ----------

  let detailSeq = 0;

  async function showEvent(id) {
    const seq = ++detailSeq;
    setState('detail', 'loading', 'Loading event ' + id + '…');
    $('detail-title').focus();
    try {
      const ev = await getJson('/events/' + enc(id));
      if (seq !== detailSeq) return;
      renderEvent(ev);
      setState('detail', 'ready', '');
    } catch (e) {
      if (seq !== detailSeq) return;
      setState('detail', 'error', e.status === 404 ? 'Event ' + id + ' is not stored.' : 'Could not load event: ' + e.message);
    }
  }

  function renderEvent(ev) {
    const d = ev.data || {};
    const sources = Array.isArray(d.sources) ? d.sources : [];
    const body = $('detail-body');
    body.dataset.eventId = ev.id || '';
    body.dataset.dyad = '';
    body.dataset.sources = String(sources.length);
    const fields = Object.entries(d).filter(([k, v]) => k !== 'sources' && v !== null
      && (typeof v !== 'object' || (Array.isArray(v) && v.every(x => typeof x !== 'object'))));
    body.replaceChildren(
      el('h3', {}, ev.type || 'event'),
      el('p', { class: 'summary' }, describe(ev)),
      el('dl', {},
        el('dt', {}, 'Id'), el('dd', {}, el('code', {}, ev.id || '')),
        fields.map(([k, v]) => [el('dt', {}, k), el('dd', {}, Array.isArray(v) ? v.join(', ') : String(v))])),
      el('h3', {}, 'Sources'),
      sources.length
        ? el('ul', { id: 'detail-sources' }, sources.map(s => el('li', {},
          s.url ? el('a', { href: s.url, rel: 'noopener noreferrer' }, s.ref || s.url) : el('code', {}, s.ref || ''),
          s.note ? ' — ' + s.note : '')))
        : el('p', { class: 'summary' }, 'No sources given.'));
  }

  // ---------- balance ----------

  let balanceSeq = 0;

  async function loadBalance() {
    const seq = ++balanceSeq;
    const a = actor();
    const y = year();
    const view = $('balance-chart');
    setState('balance', 'loading', 'Loading the balance of ' + a + ', ' + FIRST_YEAR + '–' + y + '…');
    try {
      const b = await getJson('/actors/' + enc(a) + '/balance?from=' + FIRST_YEAR + '&to=' + y + knownAt());
      if (seq !== balanceSeq) return;
      const series = continuousYears(b.series || [], y);
      const blocs = Object.keys(BLOC_COLOURS).filter(k => series.some(s => (s.shares || {})[k] > 0));
      view.dataset.years = series.map(s => s.year).join(',');
      view.dataset.emptyYears = series.filter(s => !s.shares).map(s => s.year).join(',');
      view.dataset.blocs = blocs.join(',');
      view.dataset.entropy = String(b.entropy);
      if (!series.some(s => s.shares)) {
        clearChart('balance-chart');
        $('balance-summary').textContent = '';
        setState('balance', 'empty', 'No positive relations of ' + a + ' between ' + FIRST_YEAR + ' and ' + y + '.');
        return;
      }
      const years = series.map(s => String(s.year));
      const entropy = series.map(s => s.shares ? yearEntropy(s.shares) : null);
      chart('balance-chart').setOption({
        animation: false,
        tooltip: { trigger: 'axis', valueFormatter: (v) => fmt(v) },
        legend: { type: 'scroll', top: 0, textStyle: { color: '#1b1f24' } },
        grid: { left: 40, right: 16, top: 36, bottom: 28 },
        xAxis: { type: 'category', data: years, boundaryGap: false, axisLabel: { color: '#1b1f24' } },
        yAxis: { type: 'value', min: 0, max: 1, axisLabel: { color: '#1b1f24' } },
        series: blocs.map(k => ({
          name: k, type: 'line', stack: 'shares', areaStyle: { opacity: 0.75 }, symbol: 'none',
          lineStyle: { width: 1 }, color: BLOC_COLOURS[k],
          data: series.map(s => s.shares ? s.shares[k] || 0 : null)
        })).concat([{
          name: 'entropy', type: 'line', data: entropy, color: '#1b1f24', symbolSize: 5,
          lineStyle: { width: 2, type: 'dashed' }
        }])
      }, true);
      $('balance-summary').textContent = 'Over ' + b.from + ' to ' + b.to + ': dominant bloc ' + (b.dominant || 'none')
        + ', normalised entropy ' + fmt(b.entropy) + ' (1 = evenly spread across all blocs). Shares: '
        + Object.entries(b.shares || {}).map(([k, v]) => k + ' ' + pct(v)).join(', ') + '.';
      setState('balance', 'ready', series.filter(s => s.shares).length + ' years with positive relations.');
    } catch (e) {
      if (seq !== balanceSeq) return;
      clearChart('balance-chart');
      view.dataset.years = '';
      view.dataset.blocs = '';
      setState('balance', 'error', 'Could not load the balance: ' + e.message);
    }
  }

  /**
   * The answer's years and every year between them and up to the slider's, so the axis is continuous: a year
   * without positive relations is on it, with no shares (null: a gap in the areas, not a fall to zero).
   */
  function continuousYears(series, lastYear) {
    if (!series.length) return [];
    const byYear = new Map(series.map(s => [Number(s.year), s]));
    const out = [];
    for (let y = Number(series[0].year); y <= Math.max(lastYear, Number(series[series.length - 1].year)); y++) {
      out.push(byYear.get(y) || { year: y, shares: null });
    }
    return out;
  }

  /** Shannon entropy of one year's shares, normalised by ln(9 blocs) as the balance's own entropy is. */
  function yearEntropy(shares) {
    let h = 0;
    Object.values(shares).forEach(p => { if (p > 0) h -= p * Math.log(p); });
    return Math.round(h / Math.log(Object.keys(BLOC_COLOURS).length) * 1000) / 1000;
  }

  // ---------- routes ----------

  let routesSeq = 0;

  async function loadRoutes() {
    const seq = ++routesSeq;
    const a = actor();
    const sankey = $('routes-sankey');
    setState('routes', 'loading', 'Loading the crude exports of ' + a + '…');
    setState('transit', 'loading', '');
    try {
      const [exports, routeList] = await Promise.all([
        getJson('/trade/exports/' + enc(a) + '/routes?commodity=2709' + knownAt()),
        getJson('/trade/routes?limit=500' + knownAt())]);
      if (seq !== routesSeq) return;
      const byId = {};
      (routeList.items || []).forEach(r => { byId[r.routeId] = r; });
      const routes = exports.routes || [];
      const reported = exports.reported || [];
      sankey.dataset.routes = routes.map(r => r.routeId).join(',');
      drawTransit(exports.transit || [], reported);
      if (routes.length) {
        drawSankey(a, routes, byId, exports.unit);
        sankey.dataset.mode = 'shipments';
        $('routes-summary').textContent = 'Total ' + exports.totalVolume + ' ' + (exports.unit || '')
          + ' over ' + routes.length + ' route(s); concentration (HHI) ' + fmt(exports.hhi) + '. '
          + routes.map(r => (byId[r.routeId] ? byId[r.routeId].name : r.routeId) + ' ' + pct(r.share)).join(', ') + '.';
        setState('routes', 'ready', 'Shipments of crude (2709) by route.');
      } else if (reported.length) {
        drawReported(reported);
        sankey.dataset.mode = 'reported';
        sankey.dataset.links = '';
        $('routes-summary').textContent = 'Reported shares: ' + reported.map(r => r.dimension + ' ' + r.key + ' '
          + pct(r.share) + (r.period ? ' (' + r.period + ')' : '')).join(', ') + '.';
        setState('routes', 'empty', 'No shipments recorded for ' + a + '; showing the shares reported instead.');
      } else {
        clearChart('routes-sankey');
        sankey.dataset.mode = 'empty';
        sankey.dataset.links = '';
        $('routes-summary').textContent = '';
        setState('routes', 'empty', 'No crude shipments or reported shares for ' + a + '.');
      }
    } catch (e) {
      if (seq !== routesSeq) return;
      clearChart('routes-sankey');
      clearChart('transit-bars');
      sankey.dataset.mode = 'error';
      sankey.dataset.routes = '';
      sankey.dataset.links = '';
      setState('routes', 'error', 'Could not load the routes: ' + e.message);
      setState('transit', 'error', '');
    }
  }

  function drawSankey(a, routes, byId, unit) {
    // node names are prefixed so an actor that is both exporter and destination stays two nodes
    const label = {};
    const nodes = [];
    const links = [];
    const hooks = [];
    const node = (key, text) => {
      if (!label[key]) {
        label[key] = text;
        nodes.push({ name: key });
      }
      return key;
    };
    const from = node('exporter:' + a, a);
    routes.forEach(r => {
      const info = byId[r.routeId] || {};
      const via = node('route:' + r.routeId, info.name || r.routeId);
      const dest = info.destination || 'unknown';
      const to = node('destination:' + dest, dest === 'unknown' ? 'destination not recorded' : dest);
      links.push({ source: from, target: via, value: r.volume });
      links.push({ source: via, target: to, value: r.volume });
      hooks.push(a + '>' + r.routeId + '>' + dest);
    });
    $('routes-sankey').dataset.links = hooks.join(',');
    $('routes-sankey').setAttribute('aria-label', 'Crude exports: ' + hooks.join('; '));
    chart('routes-sankey').setOption({
      animation: false,
      tooltip: {
        formatter: (p) => p.dataType === 'edge'
          ? label[p.data.source] + ' → ' + label[p.data.target] + ': ' + p.data.value + ' ' + (unit || '')
          : label[p.name]
      },
      series: [{
        type: 'sankey', data: nodes, links: links, nodeAlign: 'justify', left: 10, right: 120,
        emphasis: { focus: 'adjacency' }, lineStyle: { color: 'gradient', opacity: 0.45 },
        label: { color: '#1b1f24', formatter: (p) => label[p.name] },
        levels: [
          { depth: 0, itemStyle: { color: '#0b57d0' } },
          { depth: 1, itemStyle: { color: '#0e7c86' } },
          { depth: 2, itemStyle: { color: '#6f42c1' } }]
      }]
    }, true);
  }

  function drawReported(reported) {
    const rows = reported.map(r => ({ name: r.dimension + ': ' + r.key + (r.period ? ' (' + r.period + ')' : ''), value: r.share }));
    chart('routes-sankey').setOption({
      animation: false,
      tooltip: { valueFormatter: pct },
      grid: { left: 150, right: 24, top: 10, bottom: 28 },
      xAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v) => v * 100 + '%', color: '#1b1f24' } },
      yAxis: { type: 'category', data: rows.map(r => r.name), axisLabel: { color: '#1b1f24' } },
      series: [{ type: 'bar', data: rows.map(r => r.value), color: '#0e7c86', label: { show: true, position: 'right', formatter: (p) => pct(p.value) } }]
    }, true);
  }

  function drawTransit(transit, reported) {
    const bars = $('transit-bars');
    let rows = transit.map(t => ({ name: t.actor, value: t.share }));
    let note = 'Share of shipped volume crossing each country.';
    if (!rows.length) {
      rows = reported.filter(r => r.dimension === 'transit').map(r => ({ name: r.key, value: r.share }));
      note = rows.length ? 'No shipments: transit shares as reported.' : 'No transit recorded.';
    }
    bars.dataset.actors = rows.map(r => r.name).join(',');
    if (!rows.length) {
      clearChart('transit-bars');
      setState('transit', 'empty', note);
      return;
    }
    chart('transit-bars').setOption({
      animation: false,
      tooltip: { valueFormatter: pct },
      grid: { left: 48, right: 56, top: 8, bottom: 24 },
      xAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v) => v * 100 + '%', color: '#1b1f24' } },
      yAxis: { type: 'category', data: rows.map(r => r.name), inverse: true, axisLabel: { color: '#1b1f24' } },
      series: [{ type: 'bar', data: rows.map(r => r.value), color: '#b35900', barMaxWidth: 18,
        label: { show: true, position: 'right', color: '#1b1f24', formatter: (p) => pct(p.value) } }]
    }, true);
    setState('transit', 'ready', note);
  }

  // ---------- live feed ----------

  let source = null;

  function connectFeed() {
    if (source) {
      source.close();
    }
    const type = $('feed-type').value;
    const feed = $('feed');
    feed.dataset.filter = type;
    setState('feed', 'loading', 'Connecting to the live stream…');
    source = new EventSource(API + '/stream' + (type ? '?type=' + enc(type) : ''));
    const current = source;
    current.onopen = () => {
      if (current === source) setState('feed', 'open', 'Connected' + (type ? ' (' + type + ' only)' : '')
        + '; new events appear here as they are published.');
    };
    current.onerror = () => {
      if (current !== source) return;
      if (current.readyState === EventSource.CLOSED) {
        setState('feed', 'error', 'The live stream closed; choose a type again to reconnect.');
      } else {
        setState('feed', 'loading', 'The live stream was interrupted; reconnecting…');
      }
    };
    const onEvent = (m) => { if (current === source) addFeedItem(m); };
    EVENT_TYPES.concat(['unknown']).forEach(t => current.addEventListener(t, onEvent));
    current.onmessage = onEvent; // unnamed messages, should the stream send any
  }

  function addFeedItem(message) {
    let ev;
    try {
      ev = JSON.parse(message.data);
    } catch (e) {
      return;
    }
    const id = ev.id || message.lastEventId;
    const type = ev.type || message.type;
    const when = (ev.data && ev.data.occurredOn) || '';
    const list = $('feed-list');
    const item = el('li', { class: 'fresh', dataset: { eventId: id || '', type: type } },
      el('button', { type: 'button', class: 'link', dataset: { eventId: id || '' }, onclick: () => showEvent(id) },
        el('span', { class: 'type' }, type), el('span', { class: 'when' }, when)),
      el('div', {}, describe(ev)));
    list.prepend(item);
    setTimeout(() => item.classList.remove('fresh'), 4000);
    while (list.children.length > FEED_MAX) {
      list.lastElementChild.remove();
    }
    $('feed').dataset.count = String(list.children.length);
  }

  // ---------- wiring ----------

  let debounce = null;

  function onYear() {
    $('asof-value').textContent = $('asof').value;
    clearTimeout(debounce);
    debounce = setTimeout(() => { loadRelations(); loadBalance(); }, 150);
  }

  function loadAll() {
    loadRelations();
    loadBalance();
    loadRoutes();
  }

  async function loadActorCodes() {
    try {
      const page = await getJson('/actors?limit=500');
      $('actor-codes').replaceChildren(...(page.items || []).map(x => el('option', { value: x.code }, x.name || x.code)));
    } catch (ignored) {
      // suggestions only
    }
  }

  function start() {
    const now = new Date().getFullYear();
    const slider = $('asof');
    slider.max = String(now);
    slider.value = String(now);
    $('asof-value').textContent = String(now);
    slider.addEventListener('input', onYear);
    slider.addEventListener('change', onYear);
    const known = $('knownat');
    known.max = new Date().toISOString().slice(0, 23);
    known.addEventListener('change', () => {
      clearTimeout(debounce);
      debounce = setTimeout(loadAll, 150);
    });
    $('controls').addEventListener('submit', (e) => {
      e.preventDefault();
      if ($('actor').checkValidity()) loadAll();
    });
    const types = $('feed-type');
    EVENT_TYPES.forEach(t => types.append(el('option', { value: t }, t)));
    types.addEventListener('change', connectFeed);
    window.addEventListener('resize', () => Object.values(charts).forEach(c => c.resize()));
    if (!window.echarts) {
      ['relations', 'balance', 'routes'].forEach(v => setState(v, 'error', 'The chart library did not load.'));
    } else {
      loadAll();
    }
    loadActorCodes();
    connectFeed();
    document.body.dataset.ready = 'true';
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
