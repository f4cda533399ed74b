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
  const STATES = ['stopped', 'starting', 'running', 'backoff', 'stopping', 'exited', 'fatal'];

  const model = { status: null, byName: new Map(), receivedAt: 0 };
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

  async function loadStatus() {
    const response = await api('/v1/status');
    if (!response.ok) throw new Error('status: HTTP ' + response.status);
    const status = await response.json();
    model.status = status;
    model.byName = new Map(status.instances.map((i) => [i.name, i]));
    model.receivedAt = performance.now();
    for (const i of status.instances) i._base = performance.now();
    render();
  }

  function scheduleRefresh(delayMs) {
    if (refreshTimer) clearTimeout(refreshTimer);
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

  function currentUptime(instance) {
    if (instance.uptime === null || instance.uptime === undefined) return null;
    if (instance.state !== 'running') return instance.uptime;
    return instance.uptime + (performance.now() - (instance._base || model.receivedAt)) / 1000;
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

  function instanceRow(instance) {
    const state = STATES.includes(instance.state) ? instance.state : 'stopped';
    return el('tr', { class: 'instance-row', 'data-instance': instance.name, 'data-service': instance.service },
      el('td', { class: 'name' }, instance.name),
      el('td', {}, el('span', { class: 'state state-' + state }, instance.state)),
      el('td', { class: 'num pid' }, instance.pid ?? ''),
      el('td', { class: 'num restarts' }, instance.restarts),
      el('td', { class: 'num uptime' }, formatDuration(currentUptime(instance))),
      el('td', { class: 'health health-' + (instance.health || 'none') }, instance.health === 'none' ? '' : instance.health),
      el('td', { class: 'last-exit' }, lastExit(instance)),
      el('td', { class: 'description' }, instance.description ?? ''),
      el('td', {}, actionButtons(instance.name)));
  }

  function render() {
    const status = model.status;
    const tree = $('tree');
    tree.replaceChildren();
    if (!status) return;
    const running = status.instances.filter((i) => i.state === 'running').length;
    $('summary').textContent = status.configFile + ' — ' + running + '/' + status.instances.length +
      ' running — up ' + formatDuration(status.uptime);
    for (const group of status.groups) {
      const body = el('tbody');
      for (const service of group.services) {
        body.append(el('tr', { class: 'service-row', 'data-service-row': service },
          el('td', { colSpan: 8 }, service),
          el('td', {}, actionButtons(service))));
        for (const instance of status.instances.filter((i) => i.service === service)) {
          body.append(instanceRow(instance));
        }
      }
      const head = el('thead', {}, el('tr', {},
        ...['Instance', 'State', 'PID', 'Restarts', 'Uptime', 'Health', 'Last exit', 'Info', ''].map((h) => el('th', {}, h))));
      tree.append(el('section', { class: 'group', 'data-group': group.name },
        el('h2', {}, group.name, el('span', { class: 'strategy' }, group.strategy + (group.implicit ? ' (implicit)' : ''))),
        el('table', {}, head, body)));
    }
  }

  function rerenderInstance(instance) {
    const old = document.querySelector('tr[data-instance="' + CSS.escape(instance.name) + '"]');
    if (!old) { render(); return; }
    const row = instanceRow(instance);
    row.classList.add('flash');
    old.replaceWith(row);
  }

  // Events arrive in the events.jsonl shape: every property besides these four is a field.
  function fieldsOf(e) {
    const { ts, event, service, instance, ...fields } = e;
    return fields;
  }

  function logEvent(e) {
    const who = [e.service, e.instance].filter(Boolean).join('/');
    const fields = Object.entries(fieldsOf(e)).map(([k, v]) => k + '=' + (typeof v === 'object' ? JSON.stringify(v) : v)).join(' ');
    const list = $('events');
    list.prepend(el('li', {}, new Date(e.ts).toLocaleTimeString() + ' ' + e.event + ' ' + who + ' ' + fields));
    while (list.children.length > 50) list.lastChild.remove();
  }

  function applyEvent(e) {
    logEvent(e);
    const instance = e.instance ? model.byName.get(e.instance) : null;
    if (!instance) {
      // Warden-, group- or service-level event (reload, new instance...): the shape may have changed.
      scheduleRefresh(300);
      return;
    }
    const f = fieldsOf(e);
    if (typeof f.state === 'string') instance.state = f.state.toLowerCase();
    if ('pid' in f) instance.pid = f.pid;
    if (e.event === 'started') {
      if (typeof f.state !== 'string') instance.state = 'running';
      instance.uptime = 0;
      instance._base = performance.now();
    }
    if (e.event === 'exited') {
      instance.pid = null;
      instance.uptime = null;
      if ('code' in f) instance.lastExitCode = f.code;
      if ('signal' in f) instance.lastSignal = f.signal;
    }
    if (typeof f.restarts === 'number') instance.restarts = f.restarts;
    if (typeof f.health === 'string') instance.health = f.health;
    if (typeof f.reason === 'string') instance.description = f.reason;
    rerenderInstance(instance);
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
        const instance = model.byName.get(row.getAttribute('data-instance'));
        if (instance && instance.state === 'running') row.querySelector('.uptime').textContent = formatDuration(currentUptime(instance));
      }
    }, 1000);
    setInterval(() => { if (token) loadStatus().catch(handleError); }, SAFETY_REFRESH_MS);
    token = takeTokenFromFragment();
    if (token) start(); else showLogin('');
  });
})();
