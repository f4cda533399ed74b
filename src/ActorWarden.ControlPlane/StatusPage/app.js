// ActorWarden status page. No framework, no build step, no CDN.
// Security model: the token comes from the URL fragment (#token=..., never sent to the server) or the
// login box, is kept in sessionStorage only, and is sent as an Authorization header on every API call
// — including the event stream, which is read with fetch streaming because EventSource cannot set
// headers. No cookie is used, so there is nothing for another site to ride on (no CSRF).
// All data is inserted with textContent, never as HTML.
'use strict';

(() => {
  const TOKEN_KEY = 'actorwarden.token';
  const SAFETY_REFRESH_MS = 60000;
  // Events say what changed but not everything that follows from it (the restart counter, the
  // description, a group restart's siblings), so every instance event also triggers a re-read of
  // /v1/status shortly after; bursts of events share one re-read.
  const RECONCILE_MS = 150;
  const HISTORY_SIZE = 24;
  const EVENTS_SHOWN = 100;
  const EVENTS_KEPT = 500;
  const HISTORY_KINDS = { 'started': 'start', 'exited': 'exit', 'spawn-failed': 'exit', 'stopped': 'stop', 'fatal': 'fatal' };
  const STATES = ['stopped', 'starting', 'running', 'backoff', 'stopping', 'exited', 'fatal'];

  // events: what the page knows happened, oldest first — the recent list fetched on connecting, then
  // the live stream; the events pane and each instance's history strip are drawn from it.
  const model = { status: null, byName: new Map(), events: [], eventKeys: new Set(), shape: null };
  let token = null;
  let refreshTimer = null;
  let eventsAbort = null;

  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null) continue;
      if (key === 'class') node.className = value;
      else if (key.startsWith('data-')) node.setAttribute(key, value);
      else node[key] = value;
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function takeTokenFromFragment() {
    const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
    if (match) {
      sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
      history.replaceState(null, '', location.pathname + location.search);
    }
    return sessionStorage.getItem(TOKEN_KEY);
  }

  function showLogin(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    token = null;
    if (eventsAbort) eventsAbort.abort();
    setConnection(false, 'not connected');
    $('login').hidden = false;
    $('login-error').textContent = message || '';
    $('token-input').focus();
  }

  class Unauthorized extends Error {}

  async function api(path, options) {
    const response = await fetch(path, {
      ...options,
      headers: { 'Authorization': 'Bearer ' + token, 'Accept': 'application/json', ...((options && options.headers) || {}) },
      cache: 'no-store',
      credentials: 'omit',
    });
    if (response.status === 401) throw new Unauthorized('the token was rejected');
    return response;
  }

  let statusRequests = 0;
  let statusShown = 0;

  async function loadStatus() {
    // Reads may overlap (an event during a read schedules the next); only a newer read may replace the view.
    const request = ++statusRequests;
    const response = await api('/v1/status');
    if (!response.ok) throw new Error('status: HTTP ' + response.status);
    const status = await response.json();
    if (request < statusShown) return;
    statusShown = request;
    const now = performance.now();
    // Uptime ticks on the client from the moment the process started, so it never freezes between reads.
    for (const i of status.instances) i._startedAt = typeof i.uptime === 'number' ? now - i.uptime * 1000 : null;
    model.status = status;
    model.byName = new Map(status.instances.map((i) => [keyOf(i.node, i.name), i]));
    render();
  }

  // A throttle, not a debounce: a steady stream of events (a crash loop) must not postpone the re-read forever.
  function scheduleRefresh(delayMs) {
    if (refreshTimer) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      loadStatus().catch(handleError);
    }, delayMs);
  }

  function formatDuration(seconds) {
    if (seconds === null || seconds === undefined) return '';
    let s = Math.max(0, Math.floor(seconds));
    const d = Math.floor(s / 86400); s -= d * 86400;
    const h = Math.floor(s / 3600); s -= h * 3600;
    const m = Math.floor(s / 60); s -= m * 60;
    const pad = (n) => String(n).padStart(2, '0');
    return (d > 0 ? d + 'd ' : '') + pad(h) + ':' + pad(m) + ':' + pad(s);
  }

  function formatBytes(bytes) {
    if (bytes === null || bytes === undefined) return '';
    if (bytes >= 1073741824) return (bytes / 1073741824).toFixed(1) + 'G';
    if (bytes >= 1048576) return (bytes / 1048576).toFixed(1) + 'M';
    return Math.round(bytes / 1024) + 'K';
  }

  // Memory, CPU time and tasks of the whole tree (from its control group when contained).
  function treeUsage(instance) {
    const parts = [];
    if (instance.rssBytes !== null && instance.rssBytes !== undefined) parts.push(formatBytes(instance.rssBytes));
    if (typeof instance.cpuTime === 'number') parts.push(instance.cpuTime.toFixed(1) + 's cpu');
    if (typeof instance.tasks === 'number') parts.push(instance.tasks + (instance.tasks === 1 ? ' task' : ' tasks'));
    return parts.join(' · ');
  }

  function currentUptime(instance) {
    if (instance._startedAt === null || instance._startedAt === undefined) return null;
    return (performance.now() - instance._startedAt) / 1000;
  }

  function lastExit(instance) {
    if (instance.lastSignal !== null && instance.lastSignal !== undefined) return 'signal ' + instance.lastSignal;
    if (instance.lastExitCode !== null && instance.lastExitCode !== undefined) return 'code ' + instance.lastExitCode;
    return '';
  }

  function actionButtons(target) {
    return el('span', { class: 'actions' },
      ...['start', 'stop', 'restart'].map((action) =>
        el('button', { type: 'button', 'data-action': action, 'data-target': target, title: action + ' ' + target }, action)));
  }

  function historyMark(e) {
    const f = fieldsOf(e);
    const at = new Date(e.ts);
    const text = e.event === 'started' ? 'started pid ' + f.pid
      : e.event === 'exited' ? 'exited ' + exitText(f)
        : e.event === 'spawn-failed' ? 'spawn failed: ' + (f.error || '')
          : e.event === 'fatal' ? 'fatal: ' + (f.reason || '') : e.event;
    return el('i', { class: 'mark mark-' + HISTORY_KINDS[e.event], 'data-kind': HISTORY_KINDS[e.event],
      title: (isNaN(at) ? '' : at.toLocaleTimeString() + ' ') + text });
  }

  // One mark per start or end of a process, oldest first: a crash loop shows as a run of red marks.
  function historyStrip(name) {
    const marks = model.events.filter((e) => e.instance === name && HISTORY_KINDS[e.event]).slice(-HISTORY_SIZE);
    return el('span', { class: 'strip' }, ...marks.map(historyMark));
  }

  // The recent list and the live stream overlap around the moment of connecting; an event in both is
  // byte-for-byte the same object, so its JSON is its identity.
  function remember(e) {
    const key = JSON.stringify(e);
    if (model.eventKeys.has(key)) return false;
    model.eventKeys.add(key);
    model.events.push(e);
    while (model.events.length > EVENTS_KEPT) model.eventKeys.delete(JSON.stringify(model.events.shift()));
    return true;
  }

  // What a row shows, apart from the ticking uptime: a re-read replaces only the rows whose view changed,
  // so a button under the pointer is not swapped out by every re-read during a crash loop.
  function viewOf(instance) {
    const marks = model.events.filter((e) => e.instance === instance.name && HISTORY_KINDS[e.event]).length;
    return JSON.stringify([instance.state, instance.pid, instance.restarts, instance.health, instance.lastExitCode,
      instance.lastSignal, instance.description, marks, treeUsage(instance)]);
  }

  function instanceRow(instance) {
    const state = STATES.includes(instance.state) ? instance.state : 'stopped';
    return el('tr', { class: 'instance-row', 'data-instance': instance.name, 'data-node': instance.node ?? '', 'data-service': instance.service, 'data-view': viewOf(instance) },
      el('td', { class: 'name' }, instance.name),
      el('td', {}, el('span', { class: 'state state-' + state }, instance.state)),
      el('td', { class: 'num pid' }, instance.pid ?? ''),
      el('td', { class: 'num restarts' }, instance.restarts),
      el('td', { class: 'num uptime' }, formatDuration(currentUptime(instance))),
      el('td', { class: 'health health-' + (instance.health || 'none') }, instance.health === 'none' ? '' : instance.health),
      el('td', { class: 'last-exit' }, lastExit(instance)),
      el('td', { class: 'num tree' }, treeUsage(instance)),
      el('td', { class: 'history' }, historyStrip(instance.name)),
      el('td', { class: 'description' }, instance.description ?? ''),
      el('td', {}, actionButtons(instance.name)));
  }

  function shapeOf(status) {
    return JSON.stringify([status.groups, status.nodes ?? null, status.instances.map((i) => [i.name, i.service, i.node ?? null])]);
  }

  function tableHead() {
    return el('thead', {}, el('tr', {},
      ...['Instance', 'State', 'PID', 'Restarts', 'Uptime', 'Health', 'Last exit', 'Tree', 'History', 'Info', ''].map((h) => el('th', {}, h))));
  }

  // One service row (with the service's buttons) and its instances' rows, for each service named.
  function serviceRows(body, services, instances) {
    for (const service of services) {
      body.append(el('tr', { class: 'service-row', 'data-service-row': service },
        el('td', { colSpan: 10 }, service),
        el('td', {}, actionButtons(service))));
      for (const instance of instances.filter((i) => i.service === service)) {
        body.append(instanceRow(instance));
      }
    }
  }

  // A cluster node's status lists every member: one section per node, with the instances it runs, so a
  // lost node's instances are seen leaving it and arriving on the survivors.
  function renderByNode(status, tree) {
    const known = new Set(status.nodes.map((n) => n.address));
    const sections = status.nodes.map((n) => ({
      key: n.address,
      title: n.address,
      detail: n.status + (n.self ? ', this node' : '') + (n.reachable ? '' : ', unreachable') + (n.answered || n.self ? '' : ', did not answer'),
      instances: status.instances.filter((i) => i.node === n.address),
    }));
    const elsewhere = status.instances.filter((i) => !known.has(i.node));
    if (elsewhere.length > 0) sections.push({ key: '', title: 'not on a member', detail: 'no node answered for them', instances: elsewhere });
    for (const section of sections) {
      const body = el('tbody');
      serviceRows(body, [...new Set(section.instances.map((i) => i.service))], section.instances);
      tree.append(el('section', { class: 'group node', 'data-node': section.key },
        el('h2', {}, section.title, el('span', { class: 'strategy' }, section.detail)),
        el('table', {}, tableHead(), body)));
    }
  }

  function render() {
    const status = model.status;
    const tree = $('tree');
    if (!status) { tree.replaceChildren(); return; }
    const running = status.instances.filter((i) => i.state === 'running').length;
    $('summary').textContent = status.configFile + ' — ' + running + '/' + status.instances.length +
      ' running — up ' + formatDuration(status.uptime) + (status.containment ? ' — containment ' + status.containment : '');
    const shape = shapeOf(status);
    if (shape === model.shape && tree.children.length > 0) {
      for (const instance of status.instances) {
        const old = rowOf(instance);
        if (old && old.getAttribute('data-view') !== viewOf(instance)) rerenderInstance(instance);
      }
      return;
    }
    model.shape = shape;
    tree.replaceChildren();
    if (Array.isArray(status.nodes)) {
      renderByNode(status, tree);
      return;
    }
    for (const group of status.groups) {
      const body = el('tbody');
      serviceRows(body, group.services, status.instances);
      tree.append(el('section', { class: 'group', 'data-group': group.name },
        el('h2', {}, group.name, el('span', { class: 'strategy' }, group.strategy + (group.implicit ? ' (implicit)' : ''))),
        el('table', {}, tableHead(), body)));
    }
  }

  // In a cluster an every-node service has an instance of the same name on each node: the node is part of the key.
  function keyOf(node, name) {
    return (node ?? '') + '/' + name;
  }

  function rowOf(instance) {
    return document.querySelector('tr[data-instance="' + CSS.escape(instance.name) + '"][data-node="' + CSS.escape(instance.node ?? '') + '"]');
  }

  function rerenderInstance(instance) {
    const old = rowOf(instance);
    if (!old) { model.shape = null; render(); return; }
    const row = instanceRow(instance);
    row.classList.add('flash');
    old.replaceWith(row);
  }

  // The stream sends an event's own fields either nested under `fields` or beside ts/event (the
  // events.jsonl shape); both are read the same way.
  function fieldsOf(e) {
    if (e.fields && typeof e.fields === 'object') return e.fields;
    const { ts, event, service, instance, node, ...rest } = e;
    return rest;
  }

  function describe(value) {
    return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  }

  function eventItem(e) {
    const f = fieldsOf(e);
    const who = e.instance || e.service || '';
    const detail = Object.entries(f).filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([k, v]) => k + '=' + describe(v)).join(' ');
    const at = new Date(e.ts);
    return el('li', { class: 'event event-' + e.event, 'data-event': e.event, 'data-instance': e.instance },
      el('time', { dateTime: e.ts }, isNaN(at) ? '' : at.toLocaleTimeString()), ' ',
      el('span', { class: 'event-name' }, e.event), ' ',
      el('span', { class: 'event-who' }, who), ' ',
      el('span', { class: 'event-detail' }, detail));
  }

  function renderEvents() {
    $('events').replaceChildren(...model.events.slice(-EVENTS_SHOWN).reverse().map(eventItem));
  }

  async function loadRecentEvents() {
    const response = await api('/v1/events/recent?limit=' + EVENTS_KEPT);
    if (!response.ok) return;
    for (const e of await response.json()) remember(e);
    model.events.sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts));
    renderEvents();
    render();
  }

  function exitText(f) {
    if (f.signal !== null && f.signal !== undefined) return 'signal ' + f.signal;
    if (f.code !== null && f.code !== undefined) return 'code ' + f.code;
    return '';
  }

  // Applies what an instance event says at once, so the row changes without waiting for the re-read.
  function applyToInstance(instance, e, f) {
    switch (e.event) {
      case 'state':
        if (typeof f.to === 'string') instance.state = f.to.toLowerCase();
        if (typeof f.reason === 'string') instance.description = f.reason;
        if (instance.state !== 'running' && instance.state !== 'starting' && instance.state !== 'stopping') {
          instance.pid = null;
          instance._startedAt = null;
          // No process, no health verdict: a stale "healthy" beside a stopped or fatal instance misleads.
          instance.health = '';
        }
        break;
      case 'started':
        if (typeof f.pid === 'number') instance.pid = f.pid;
        instance._startedAt = performance.now();
        break;
      case 'main-pid':
        // A forking daemon's launcher exited after naming its main process: the instance runs on in it.
        if (typeof f.pid === 'number') instance.pid = f.pid;
        break;
      case 'exited':
        instance.pid = null;
        instance._startedAt = null;
        instance.lastExitCode = f.code ?? null;
        instance.lastSignal = f.signal ?? null;
        break;
      case 'stopped':
        instance.pid = null;
        instance._startedAt = null;
        break;
      case 'health':
        // `state` here is the health verdict (healthy, unhealthy, starting), not the instance state.
        if (typeof f.state === 'string') instance.health = f.state.toLowerCase();
        break;
      default:
        break;
    }
  }

  function applyEvent(e) {
    if (!remember(e)) return;
    renderEvents();
    const instance = e.instance ? model.byName.get(keyOf(e.node, e.instance)) : null;
    if (instance) {
      applyToInstance(instance, e, fieldsOf(e));
      rerenderInstance(instance);
    }
    scheduleRefresh(RECONCILE_MS);
  }

  function setConnection(up, text) {
    const badge = $('connection');
    badge.textContent = text;
    badge.className = 'connection ' + (up ? 'connection-up' : 'connection-down');
  }

  async function streamEvents() {
    let backoff = 1000;
    while (token) {
      eventsAbort = new AbortController();
      try {
        const response = await api('/v1/events', { signal: eventsAbort.signal, headers: { 'Accept': 'text/event-stream' } });
        if (!response.ok || !response.body) throw new Error('events: HTTP ' + response.status);
        await loadStatus();
        await loadRecentEvents();
        setConnection(true, 'live');
        backoff = 1000;
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
            if (data) applyEvent(JSON.parse(data));
          }
        }
      } catch (error) {
        if (error instanceof Unauthorized) { showLogin(error.message); return; }
        if (!token) return;
      }
      setConnection(false, 'reconnecting…');
      await new Promise((resolve) => setTimeout(resolve, backoff));
      backoff = Math.min(backoff * 2, 10000);
    }
  }

  function toast(message, isError) {
    const box = $('toast');
    box.textContent = message;
    box.className = 'toast' + (isError ? ' error' : '');
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { box.hidden = true; }, 4000);
  }

  function handleError(error) {
    if (error instanceof Unauthorized) showLogin(error.message);
    else toast(String(error.message || error), true);
  }

  async function runAction(button) {
    const action = button.getAttribute('data-action');
    const target = button.getAttribute('data-target');
    button.disabled = true;
    try {
      const response = await api('/v1/services/' + encodeURIComponent(target) + '/' + action, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ reason: 'status page' }),
      });
      const body = await response.json().catch(() => ({}));
      toast(response.ok ? (body.message || action + ' ' + target) : (body.error || 'HTTP ' + response.status), !response.ok);
    } catch (error) {
      handleError(error);
    } finally {
      button.disabled = false;
    }
  }

  function start() {
    $('login-error').textContent = '';
    $('login').hidden = true;
    streamEvents();
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('tree').addEventListener('click', (event) => {
      const button = event.target.closest('button[data-action]');
      if (button) runAction(button);
    });
    $('login').addEventListener('submit', (event) => {
      event.preventDefault();
      const value = $('token-input').value.trim();
      if (!value) return;
      $('token-input').value = '';
      sessionStorage.setItem(TOKEN_KEY, value);
      token = value;
      start();
    });
    setInterval(() => {
      for (const row of document.querySelectorAll('tr[data-instance]')) {
        const instance = model.byName.get(keyOf(row.getAttribute('data-node'), row.getAttribute('data-instance')));
        if (instance) row.querySelector('.uptime').textContent = formatDuration(currentUptime(instance));
      }
    }, 1000);
    setInterval(() => { if (token) loadStatus().catch(handleError); }, SAFETY_REFRESH_MS);
    token = takeTokenFromFragment();
    if (token) start(); else showLogin('');
  });
})();
