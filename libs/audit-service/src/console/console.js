// The support console: plain browser JavaScript over audit-log's HTTP API. Every value from the
// log is put on the page as text (textContent), never as HTML: bodies come from outside.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const state = { token: sessionStorage.getItem('audit-token') || '', cursor: undefined, filters: {}, selected: undefined };

  function el(tag, props, children) {
    const e = document.createElement(tag);
    Object.assign(e, props || {});
    for (const c of children || []) e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
    return e;
  }

  async function api(path, options) {
    const res = await fetch(path, { ...options, headers: { Authorization: 'Bearer ' + state.token, ...(options && options.headers) } });
    if (res.status === 401) { signOut('Your token was refused. Sign in again.'); throw new Error('unauthorized'); }
    if (!res.ok) {
      const body = await res.json().catch(() => ({}));
      const fields = (body.fields || []).map((f) => f.field + ': ' + f.messages.join(', ')).join('; ');
      throw new Error(fields || body.message || res.status + ' ' + res.statusText);
    }
    return res;
  }

  // ---- pretty printing ------------------------------------------------------------------------
  function prettyJson(text) {
    try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return undefined; }
  }

  function prettyXml(text) {
    const t = text.trim();
    if (!t.startsWith('<')) return undefined;
    const tokens = t.replace(/>\s*</g, '><').split(/(?=<)|(?<=>)/).filter((s) => s.length);
    let depth = 0;
    const lines = [];
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i];
      if (/^<\//.test(tok)) { depth = Math.max(0, depth - 1); lines.push('  '.repeat(depth) + tok); continue; }
      const opening = /^<[^!?]/.test(tok) && !/\/>$/.test(tok);
      // <a>text</a> stays on one line
      if (opening && tokens[i + 1] && !tokens[i + 1].startsWith('<') && tokens[i + 2] && /^<\//.test(tokens[i + 2])) {
        lines.push('  '.repeat(depth) + tok + tokens[i + 1] + tokens[i + 2]);
        i += 2;
        continue;
      }
      lines.push('  '.repeat(depth) + tok);
      if (opening) depth++;
    }
    return lines.join('\n');
  }

  function prettyForm(text) {
    if (!/^[^\s<{[]+=[^\s]*(&[^\s=]+=[^\s]*)+$/.test(text)) return undefined;
    return text.split('&').map((pair) => {
      const [k, v = ''] = pair.split('=');
      try { return decodeURIComponent(k.replace(/\+/g, ' ')) + ' = ' + decodeURIComponent(v.replace(/\+/g, ' ')); } catch { return pair; }
    }).join('\n');
  }

  function pretty(text) {
    if (text == null || text === '') return '(none)';
    return prettyJson(text) || prettyXml(text) || prettyForm(text) || text;
  }

  // ---- sign in --------------------------------------------------------------------------------
  async function signIn(token) {
    state.token = token;
    const res = await api('/transmissions?limit=1');
    await res.json();
    sessionStorage.setItem('audit-token', token);
    $('sign-in').hidden = true;
    $('app').hidden = false;
    $('sign-out').hidden = false;
    $('who').textContent = 'signed in';
    await search();
  }

  function signOut(message) {
    sessionStorage.removeItem('audit-token');
    state.token = '';
    $('app').hidden = true;
    $('sign-out').hidden = true;
    $('who').textContent = '';
    $('sign-in').hidden = false;
    $('sign-in-error').textContent = message || '';
  }

  // ---- the list -------------------------------------------------------------------------------
  function readFilters() {
    const data = new FormData($('filters'));
    const f = {};
    for (const [k, v] of data.entries()) {
      if (!v) continue;
      f[k] = (k === 'from' || k === 'to') ? new Date(v + 'Z').toISOString() : String(v).trim();
    }
    return f;
  }

  function query(extra) {
    return new URLSearchParams({ ...state.filters, ...extra }).toString();
  }

  async function search() {
    state.filters = readFilters();
    state.cursor = undefined;
    $('records').tBodies[0].replaceChildren();
    await loadPage();
  }

  async function loadPage() {
    $('list-error').textContent = '';
    try {
      const res = await api('/transmissions?' + query(state.cursor ? { cursor: state.cursor, limit: 50 } : { limit: 50 }));
      const page = await res.json();
      const body = $('records').tBodies[0];
      for (const r of page.items) body.append(row(r));
      state.cursor = page.nextCursor;
      $('more').hidden = !page.nextCursor;
      $('empty').hidden = body.rows.length > 0;
    } catch (err) {
      $('list-error').textContent = err.message;
    }
  }

  function statusBadge(status) {
    return el('span', { className: 'status ' + status }, [status]);
  }

  function time(iso) {
    return new Date(iso).toISOString().replace('T', ' ').slice(0, 19);
  }

  function row(r) {
    const tr = el('tr', {}, [
      el('td', {}, [time(r.occurredAt)]),
      el('td', {}, [statusBadge(r.status)]),
      el('td', {}, [r.integration]),
      el('td', {}, [r.type + (r.direction === 'inbound' ? ' ⇠' : ' ⇢')]),
      el('td', {}, [r.orderId || '']),
      el('td', { className: 'desc', title: r.description }, [r.description]),
    ]);
    tr.dataset.id = r.id;
    tr.addEventListener('click', () => {
      for (const s of document.querySelectorAll('#records tr.selected')) s.classList.remove('selected');
      tr.classList.add('selected');
      void showDetail(r.id);
    });
    return tr;
  }

  // ---- detail, timeline, replay ---------------------------------------------------------------
  async function showDetail(id) {
    const panel = $('detail');
    panel.hidden = false;
    panel.parentElement.classList.add('open');
    panel.replaceChildren(el('p', { className: 'muted' }, ['Loading…']));
    try {
      const r = await (await api('/transmissions/' + encodeURIComponent(id))).json();
      const facts = [
        ['Status', statusBadge(r.status)], ['Time', time(r.occurredAt)], ['Integration', r.integration], ['Type', r.type],
        ['Direction', r.direction], ['Order', r.orderId], ['Email', r.customerEmail], ['Request', [r.method, r.url].filter(Boolean).join(' ')],
        ['HTTP status', r.httpStatus], ['Fault', r.fault], ['Duration', r.durationMs + ' ms'], ['Attempt', r.attempt], ['Correlation id', r.correlationId], ['Record id', r.id],
      ].filter(([, v]) => v !== undefined && v !== null && v !== '');
      const dl = el('dl');
      for (const [k, v] of facts) dl.append(el('dt', {}, [k]), el('dd', {}, [v]));
      panel.replaceChildren(
        el('h2', {}, [r.description]),
        dl,
        el('h3', {}, ['Request body']),
        el('pre', { className: 'body', id: 'request-body' }, [pretty(r.requestBody)]),
        el('h3', {}, ['Response body']),
        el('pre', { className: 'body', id: 'response-body' }, [pretty(r.responseBody)]),
      );
      if (r.orderId) panel.append(el('h3', {}, ['Order timeline']), await timeline(r));
      if (r.correlationId) {
        const parked = await parkedList({ correlationId: r.correlationId });
        if (parked.length) panel.append(el('h3', {}, ['Parked commands of this story']), parkedTable(parked));
      }
    } catch (err) {
      panel.replaceChildren(el('p', { className: 'error' }, [err.message]));
    }
  }

  async function timeline(current) {
    const { items } = await (await api('/orders/' + encodeURIComponent(current.orderId) + '/timeline')).json();
    const list = el('ol', { className: 'timeline', id: 'timeline' });
    for (const t of items) {
      const li = el('li', { className: t.id === current.id ? 'current' : '' }, [
        time(t.occurredAt) + '  ', statusBadge(t.status), '  ' + t.integration + ' · ' + t.type + ' — ' + t.description,
      ]);
      list.append(li);
    }
    return list;
  }

  async function parkedList(filter) {
    const res = await api('/parked?' + new URLSearchParams(filter || {}).toString());
    return (await res.json()).items;
  }

  function parkedTable(items) {
    const table = el('table', { className: 'parked' }, [el('thead', {}, [el('tr', {}, ['Parked at', 'Service', 'Message', 'Order', 'Reason', ''].map((h) => el('th', {}, [h])))])]);
    const body = el('tbody');
    for (const m of items) body.append(parkedRow(m));
    table.append(body);
    return table;
  }

  function parkedRow(m) {
    const button = el('button', { type: 'button', className: 'replay' }, ['Replay']);
    const tr = el('tr', {}, [
      el('td', {}, [m.parkedAt ? time(m.parkedAt) : '']),
      el('td', {}, [m.service]),
      el('td', {}, [m.routingKey]),
      el('td', {}, [m.orderId || '']),
      el('td', {}, [(m.errorCode ? m.errorCode + ': ' : '') + (m.error || '')]),
      el('td', {}, [button]),
    ]);
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await api('/parked/' + encodeURIComponent(m.service) + '/' + encodeURIComponent(m.messageId) + '/replay', { method: 'POST' });
        tr.lastChild.replaceChildren(el('span', { className: 'notice' }, ['Replayed']));
      } catch (err) {
        button.disabled = false;
        tr.lastChild.append(el('div', { className: 'error' }, [err.message]));
      }
    });
    return tr;
  }

  async function showParked() {
    $('parked-error').textContent = '';
    const body = $('parked').tBodies[0];
    body.replaceChildren();
    try {
      const items = await parkedList({});
      for (const m of items) body.append(parkedRow(m));
      $('parked-empty').hidden = items.length > 0;
    } catch (err) {
      $('parked-error').textContent = err.message;
    }
  }

  async function exportCsv() {
    try {
      const blob = await (await api('/transmissions/export.csv?' + query({}))).blob();
      const a = el('a', { href: URL.createObjectURL(blob), download: 'transmissions.csv' });
      document.body.append(a);
      a.click();
      a.remove();
    } catch (err) {
      $('list-error').textContent = err.message;
    }
  }

  function tab(which) {
    $('log-view').hidden = which !== 'log';
    $('parked-view').hidden = which !== 'parked';
    $('tab-log').classList.toggle('active', which === 'log');
    $('tab-parked').classList.toggle('active', which === 'parked');
    if (which === 'parked') void showParked();
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('sign-in').addEventListener('submit', (e) => {
      e.preventDefault();
      $('sign-in-error').textContent = '';
      signIn($('token').value.trim()).catch((err) => { if (err.message !== 'unauthorized') $('sign-in-error').textContent = err.message; });
    });
    $('sign-out').addEventListener('click', () => signOut());
    $('filters').addEventListener('submit', (e) => { e.preventDefault(); void search(); });
    $('more').addEventListener('click', () => void loadPage());
    $('export').addEventListener('click', () => void exportCsv());
    $('tab-log').addEventListener('click', () => tab('log'));
    $('tab-parked').addEventListener('click', () => tab('parked'));
    if (state.token) signIn(state.token).catch(() => signOut());
  });
})();
