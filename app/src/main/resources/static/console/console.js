// Pulse admin console: plain JavaScript over the REST API, one view per hash route.
// #/dashboard, #/processes/<id>, #/instances?filters, #/instances/<key>, #/incidents, #/deployments,
// #/rules, #/rules/<domain>, #/surveys, #/analytics
(function () {
  'use strict';

  const view = document.getElementById('view');

  // ---- helpers ----

  function esc(value) {
    return String(value == null ? '' : value).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }

  function when(instant) {
    return instant ? new Date(instant).toLocaleString() : '';
  }

  // the console calls the API with the admin's key (or token), kept for this tab only
  const KEY = 'pulse.console.key';

  function credentials() {
    const key = sessionStorage.getItem(KEY);
    return key ? { 'Authorization': 'Bearer ' + key } : {};
  }

  class Unauthorized extends Error {}

  async function api(path, options) {
    const headers = Object.assign({ 'Content-Type': 'application/json', 'Accept': 'application/json' }, credentials());
    const response = await fetch(path, Object.assign({ headers: headers }, options || {}));
    if (response.status === 401) {
      throw new Unauthorized('Sign in with an API key or a bearer token');
    }
    const text = await response.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch (e) { body = text; }
    if (!response.ok) {
      const detail = body && body.detail ? body.detail : response.status + ' ' + response.statusText;
      throw new Error(detail);
    }
    return body;
  }

  function toast(message, error) {
    const box = document.getElementById('toast');
    const line = document.createElement('div');
    line.textContent = message;
    if (error) { line.className = 'error'; }
    box.appendChild(line);
    setTimeout(() => line.remove(), 8000);
  }

  // a job's error often carries a stack trace: the first line, and the rest on demand
  function errorText(message) {
    const text = String(message == null ? '' : message);
    const cut = text.search(/\r?\n|\s+at [\w.$]+\(/);
    if (cut < 0) { return esc(text); }
    return esc(text.slice(0, cut)) + `<details><summary class="muted">details</summary><pre>${esc(text)}</pre></details>`;
  }

  function render(html) {
    view.innerHTML = html;
  }

  function rowLinks() {
    // rows that open something: click, or Enter when focused
    view.querySelectorAll('tr[data-href]').forEach(row => {
      row.classList.add('link');
      row.tabIndex = 0;
      row.addEventListener('click', () => { location.hash = row.dataset.href; });
      row.addEventListener('keydown', e => { if (e.key === 'Enter') { location.hash = row.dataset.href; } });
    });
  }

  function markNav(section) {
    document.querySelectorAll('nav a').forEach(a => a.classList.toggle('current', a.getAttribute('href') === '#/' + section));
  }

  // ---- instances ----

  const FILTERS = ['processId', 'state', 'incident', 'surveyId', 'contactId', 'conversationId', 'startedAfter'];

  async function instances(params) {
    markNav('instances');
    const page = Number(params.get('page') || 0);
    const processes = await api('/api/processes').catch(e => { if (e instanceof Unauthorized) { throw e; } return { processes: [] }; });
    const query = new URLSearchParams();
    FILTERS.forEach(f => { if (params.get(f)) { query.set(f, params.get(f)); } });
    query.set('page', page);
    query.set('size', 25);
    let result;
    try {
      result = await api('/api/process-instances?' + query);
    } catch (e) {
      if (e instanceof Unauthorized) { throw e; }
      result = { items: [], total: 0, error: e.message };
    }
    const option = (value, label, current) => `<option value="${esc(value)}"${value === current ? ' selected' : ''}>${esc(label)}</option>`;
    render(`
      <h1>Process instances</h1>
      <form class="filters" id="filters" aria-label="Filter instances">
        <label>Process<select name="processId"><option value="">any</option>
          ${processes.processes.map(p => option(p.processId, p.processId, params.get('processId'))).join('')}</select></label>
        <label>State<select name="state">${option('', 'any', params.get('state') || '')}${['ACTIVE', 'COMPLETED', 'CANCELED'].map(s => option(s, s, params.get('state'))).join('')}</select></label>
        <label>Incident<select name="incident">${option('', 'any', params.get('incident') || '')}${option('true', 'with incident', params.get('incident'))}${option('false', 'without', params.get('incident'))}</select></label>
        <label>Survey<input name="surveyId" value="${esc(params.get('surveyId'))}" size="12"></label>
        <label>Contact<input name="contactId" value="${esc(params.get('contactId'))}" size="12"></label>
        <label>Conversation<input name="conversationId" value="${esc(params.get('conversationId'))}" size="12"></label>
        <label>Started after<input name="startedAfter" placeholder="2026-11-22T00:00:00Z" value="${esc(params.get('startedAfter'))}" size="20"></label>
        <button type="submit" id="apply-filters">Filter</button>
        <button type="button" class="secondary" id="bulk-retry" title="Retry every active instance with an incident that these filters match">Retry all matching</button>
        <button type="button" class="danger" id="bulk-cancel" title="Cancel every active instance these filters match">Cancel all matching</button>
      </form>
      ${result.error ? `<p class="incident">${esc(result.error)}</p>` : ''}
      <p class="muted" id="instance-count">${result.total} instance(s)</p>
      <table id="instances"><thead><tr><th>Key</th><th>Process</th><th>Version</th><th>State</th><th>Incidents</th><th>Started</th><th>Business keys</th></tr></thead>
      <tbody>${result.items.map(i => `
        <tr data-href="#/instances/${i.key}" data-key="${i.key}">
          <td>${i.key}</td><td>${esc(i.processId)}</td><td>${i.version}</td><td class="state ${i.state}">${i.state}</td>
          <td class="${i.incidents ? 'incident' : 'muted'}">${i.incidents}</td><td>${when(i.startedAt)}</td>
          <td class="muted">${[['survey', i.surveyId], ['contact', i.contactId], ['conversation', i.conversationId], ['delivery', i.deliveryId]]
            .filter(k => k[1]).map(k => k[0] + ' ' + esc(k[1])).join(', ')}</td>
        </tr>`).join('')}</tbody></table>
      <p id="bulk-status" role="status" class="muted"></p>
      <div class="pager">
        <button class="secondary" id="previous" ${page === 0 ? 'disabled' : ''}>Previous</button>
        <span class="muted">page ${page + 1} of ${Math.max(1, Math.ceil(result.total / 25))}</span>
        <button class="secondary" id="next" ${(page + 1) * 25 >= result.total ? 'disabled' : ''}>Next</button>
      </div>`);
    rowLinks();
    const go = p => {
      const next = new URLSearchParams();
      new FormData(document.getElementById('filters')).forEach((v, k) => { if (v) { next.set(k, v); } });
      if (p) { next.set('page', p); }
      location.hash = '#/instances?' + next;
    };
    document.getElementById('filters').addEventListener('submit', e => { e.preventDefault(); go(0); });
    const bulk = async kind => {
      const filter = {};
      new FormData(document.getElementById('filters')).forEach((v, k) => { if (v && k !== 'state' && k !== 'incident') { filter[k] = v; } });
      if (!filter.processId) { toast('Choose a process first: a bulk action works on one process at a time', true); return; }
      if (!confirm((kind === 'retry' ? 'Retry' : 'Cancel') + ' every matching instance of ' + filter.processId + '?')) { return; }
      try {
        const op = await api('/api/process-instances/bulk/' + kind, { method: 'POST', body: JSON.stringify(filter) });
        const status = document.getElementById('bulk-status');
        const poll = async () => {
          const now = await api('/api/bulk-operations/' + op.id);
          status.textContent = `${kind}: ${now.done} done, ${now.failed} failed${now.failedAgain ? ' (' + now.failedAgain + ' failed again)' : ''} of ${now.total} — ${now.status}`;
          if (now.status === 'RUNNING') { setTimeout(poll, 1000); }
        };
        poll();
      } catch (e) { toast(e.message, true); }
    };
    document.getElementById('bulk-retry').addEventListener('click', () => bulk('retry'));
    document.getElementById('bulk-cancel').addEventListener('click', () => bulk('cancel'));
    document.getElementById('previous').addEventListener('click', () => go(page - 1));
    document.getElementById('next').addEventListener('click', () => go(page + 1));
  }

  // ---- one instance ----

  async function instance(key) {
    markNav('instances');
    const detail = await api('/api/process-instances/' + key);
    const i = detail.instance;
    const openIncidents = detail.incidents.filter(n => n.state === 'ACTIVE');
    render(`
      <h1>Instance ${i.key} <span class="state ${i.state}" id="instance-state">${i.state}</span></h1>
      <p>${esc(i.processId)} version ${i.version} · started ${when(i.startedAt)}${i.endedAt ? ' · ended ' + when(i.endedAt) : ''}
        ${[['survey', i.surveyId], ['contact', i.contactId], ['conversation', i.conversationId], ['delivery', i.deliveryId]].filter(k => k[1]).map(k => ' · ' + k[0] + ' ' + esc(k[1])).join('')}</p>
      <p>${i.state === 'ACTIVE' ? '<button class="danger" id="cancel-instance">Cancel instance</button>' : ''}
         <button class="secondary" id="refresh">Refresh</button></p>
      <div class="legend"><span><i style="background:#ddf4ff;border:2px solid #1f6feb"></i>active (tokens)</span>
        <span><i style="background:#dafbe1;border:2px solid #1a7f37"></i>completed</span><span><i style="background:#ffebe9;border:2px solid #cf222e"></i>incident</span></div>
      <div id="diagram" aria-label="Process diagram"></div>
      <h2>Incidents</h2>
      ${detail.incidents.length === 0 ? '<p class="muted">None.</p>' : `
      <table id="incidents"><thead><tr><th>Key</th><th>Element</th><th>Error</th><th>State</th><th>Raised</th><th></th></tr></thead><tbody>
        ${detail.incidents.map(n => `<tr><td>${n.key}</td><td>${esc(n.elementId)}</td><td>${esc(n.errorType)}: ${errorText(n.errorMessage)}</td>
          <td class="state ${n.state === 'ACTIVE' ? 'CANCELED' : 'COMPLETED'}">${n.state}</td><td>${when(n.createdAt)}</td>
          <td>${n.state === 'ACTIVE' ? `<button class="retry" data-incident="${n.key}">Retry</button>` : ''}</td></tr>`).join('')}
      </tbody></table>`}
      <p id="outcome" role="status"></p>
      ${i.state === 'ACTIVE' ? repairForms(i, detail.elements) : ''}
      <h2>Elements</h2>
      <table><thead><tr><th>Element</th><th>Type</th><th>State</th><th>Started</th><th>Ended</th></tr></thead><tbody>
        ${detail.elements.map(e => `<tr><td>${esc(e.elementId)}</td><td class="muted">${esc(e.elementType)}</td><td class="state ${e.state === 'TERMINATED' ? 'CANCELED' : e.state}">${e.state}</td>
          <td>${when(e.startedAt)}</td><td>${when(e.endedAt)}</td></tr>`).join('')}</tbody></table>
      <h2>Variables</h2>
      <table><thead><tr><th>Name</th><th>Value</th><th>Scope</th></tr></thead><tbody>
        ${detail.variables.map(v => `<tr><td>${esc(v.name)}</td><td><code>${esc(v.value)}</code></td><td class="muted">${v.scopeKey === i.key ? 'process' : v.scopeKey}</td></tr>`).join('')}</tbody></table>
      <h2>Timeline</h2>
      <table><tbody>${detail.timeline.map(t => `<tr><td class="muted">${when(t.at)}</td><td>${esc(t.event)}</td><td>${esc(t.element)}</td><td class="muted">${esc(t.detail)}</td></tr>`).join('')}</tbody></table>`);

    document.getElementById('refresh').addEventListener('click', () => instance(key));
    const cancel = document.getElementById('cancel-instance');
    if (cancel) {
      cancel.addEventListener('click', async () => {
        if (!confirm('Cancel instance ' + key + '?')) { return; }
        try { await api('/api/process-instances/' + key + '/cancel', { method: 'POST' }); toast('Instance ' + key + ' canceled'); } catch (e) { toast(e.message, true); }
        instance(key);
      });
    }
    repairHandlers(key);
    view.querySelectorAll('button.retry').forEach(b => b.addEventListener('click', async () => {
      b.disabled = true;
      b.textContent = 'Retrying…';
      try {
        const result = await api('/api/incidents/' + b.dataset.incident + '/resolve', { method: 'POST', body: '{}' });
        await instance(key);
        const outcome = document.getElementById('outcome');
        outcome.textContent = 'Retry of incident ' + result.incidentKey + ': ' + result.outcome + ' — ' + result.detail;
        outcome.className = result.outcome === 'RESOLVED' ? 'state COMPLETED' : 'incident';
      } catch (e) {
        toast(e.message, true);
        b.disabled = false;
        b.textContent = 'Retry';
      }
    }));
    await diagram(i, detail.elements, openIncidents);
  }

  // ---- repair: variables, moving tokens, migration (ADMIN) ----

  function repairForms(i, elements) {
    const activeElements = elements.filter(e => e.state === 'ACTIVE' && e.elementType !== 'PROCESS');
    const options = activeElements.map(e => `<option value="${e.key}">${esc(e.elementId)} (${e.key})</option>`).join('');
    return `
      <h2>Repair</h2>
      <p class="muted">Set a missing or wrong variable and retry the incident; move a token to another element; migrate to another version.
        Every change is checked against the diagram first and audited.</p>
      <form id="set-variable" class="repair">
        <label>Variable <input name="name" required maxlength="200"></label>
        <label>Value (JSON) <input name="value" required placeholder='50, "text", {"a": 1}'></label>
        <label>Scope <select name="scope"><option value="">the instance</option>${options}</select></label>
        <button type="submit">Set variable</button>
      </form>
      <form id="move-token" class="repair">
        <label>From <select name="terminate"><option value="">(add a token)</option>${options}</select></label>
        <label>To element <input name="activate" list="element-ids" placeholder="element id"></label>
        <datalist id="element-ids"></datalist>
        <button type="submit">Move token</button>
      </form>
      <form id="migrate" class="repair">
        <label>To version <input name="version" type="number" min="1" required></label>
        <label>Mapping, one <code>source = target</code> a line <textarea name="mappings" rows="2" required>${esc(activeElements.map(e => e.elementId + ' = ' + e.elementId).join('\n'))}</textarea></label>
        <button type="submit">Migrate</button>
      </form>`;
  }

  function repairHandlers(key) {
    const submit = (id, build) => {
      const form = document.getElementById(id);
      if (!form) { return; }
      form.addEventListener('submit', async e => {
        e.preventDefault();
        const data = new FormData(form);
        let body;
        try { body = build(data); } catch (problem) { toast(problem.message, true); return; }
        try {
          await api('/api/process-instances/' + key + '/' + body.path, { method: 'POST', body: JSON.stringify(body.payload) });
          await instance(key);
          toast(body.done); // after the page is drawn again, so what it says is on the page
        } catch (problem) { toast(problem.message, true); }
      });
    };
    submit('set-variable', data => {
      let value;
      try { value = JSON.parse(data.get('value')); } catch (e) { throw new Error('The value is not JSON: write 50, "text", true or {"a": 1}'); }
      const payload = { variables: { [data.get('name')]: value } };
      if (data.get('scope')) { payload.elementInstanceKey = Number(data.get('scope')); payload.local = true; }
      return { path: 'variables', payload: payload, done: 'Variable ' + data.get('name') + ' set; retry the incident to go on' };
    });
    submit('move-token', data => {
      const payload = { activate: [], terminate: [] };
      if (data.get('activate')) { payload.activate.push({ elementId: data.get('activate') }); }
      if (data.get('terminate')) { payload.terminate.push(Number(data.get('terminate'))); }
      return { path: 'modification', payload: payload, done: 'Token moved' };
    });
    submit('migrate', data => {
      const mappings = String(data.get('mappings')).split('\n').map(l => l.trim()).filter(l => l).map(l => {
        const parts = l.split('=').map(p => p.trim());
        if (parts.length !== 2 || !parts[0] || !parts[1]) { throw new Error('Each mapping line is "source = target": ' + l); }
        return { sourceElementId: parts[0], targetElementId: parts[1] };
      });
      return { path: 'migration', payload: { targetVersion: Number(data.get('version')), mappings: mappings }, done: 'Migrated to version ' + data.get('version') };
    });
  }

  /** The flow elements of the diagram's BPMN, offered where a token can be moved to. */
  function fillElementIds(xml) {
    const list = document.getElementById('element-ids');
    if (!list) { return; }
    const doc = new DOMParser().parseFromString(xml, 'application/xml');
    const ids = [...doc.getElementsByTagName('*')]
      .filter(n => /(Task|Event|Gateway|subProcess|callActivity)$/.test(n.localName) && n.localName !== 'definitions' && n.getAttribute('id'))
      .map(n => n.getAttribute('id'));
    list.innerHTML = ids.map(id => `<option value="${esc(id)}"></option>`).join('');
  }

  async function diagram(i, elements, openIncidents) {
    const container = document.getElementById('diagram');
    if (!window.BpmnJS) {
      container.textContent = 'The diagram viewer did not load.';
      return;
    }
    let xml;
    try {
      const response = await fetch('/api/processes/' + encodeURIComponent(i.processId) + '/versions/' + i.version + '/bpmn', { headers: credentials() });
      if (!response.ok) { throw new Error('no diagram recorded for this version'); }
      xml = await response.text();
    } catch (e) {
      container.textContent = e.message;
      return;
    }
    fillElementIds(xml);
    const viewer = new window.BpmnJS({ container: container });
    try {
      await viewer.importXML(xml);
    } catch (e) {
      container.textContent = 'The diagram cannot be drawn (' + e.message + '): this BPMN file has no diagram layout. The elements are listed below.';
      return;
    }
    const canvas = viewer.get('canvas');
    const overlays = viewer.get('overlays');
    const registry = viewer.get('elementRegistry');
    canvas.zoom('fit-viewport');
    const active = {};
    const completed = new Set();
    elements.forEach(e => {
      if (e.state === 'ACTIVE') { active[e.elementId] = (active[e.elementId] || 0) + 1; }
      if (e.state === 'COMPLETED') { completed.add(e.elementId); }
    });
    const failing = new Set(openIncidents.map(n => n.elementId));
    const mark = (id, marker) => { if (registry.get(id)) { canvas.addMarker(id, marker); } };
    completed.forEach(id => { if (!active[id] && !failing.has(id)) { mark(id, 'pulse-completed'); } });
    Object.keys(active).forEach(id => {
      mark(id, failing.has(id) ? 'pulse-incident' : 'pulse-active');
      if (registry.get(id)) {
        overlays.add(id, { position: { bottom: 10, right: 10 }, html: `<div class="pulse-tokens${failing.has(id) ? ' incident' : ''}" title="instances here">${active[id]}</div>` });
      }
    });
    failing.forEach(id => mark(id, 'pulse-incident'));
  }

  // ---- incidents ----

  /** An incident's error as one line to group by: the first line, each word with a digit in it (keys, ids, numbers) as #. */
  function errorGroup(message) {
    return String(message == null ? '' : message).split(/\r?\n/)[0].replace(/[A-Za-z0-9_.:-]*\d[A-Za-z0-9_.:-]*/g, '#').slice(0, 160);
  }

  function groupIncidents(open) {
    const groups = {};
    open.forEach(n => {
      const k = n.processId + '\u0000' + errorGroup(n.errorMessage);
      groups[k] = groups[k] || { processId: n.processId, error: errorGroup(n.errorMessage), count: 0, elements: new Set() };
      groups[k].count++;
      groups[k].elements.add(n.elementId);
    });
    return Object.values(groups).sort((a, b) => b.count - a.count);
  }

  async function incidents(params) {
    markNav('incidents');
    const processId = params ? params.get('processId') || '' : '';
    const all = await api('/api/incidents?state=ACTIVE' + (processId ? '&processId=' + encodeURIComponent(processId) : ''));
    const open = all;
    const grouped = groupIncidents(open);
    render(`
      <h1>Open incidents${processId ? ' of ' + esc(processId) : ''}</h1>
      <form class="filters" id="incident-filters"><label>Process<input name="processId" value="${esc(processId)}" size="20"></label>
        <button type="submit">Filter</button></form>
      ${grouped.length === 0 ? '' : `<h2>By error</h2>
      <table id="incident-groups"><thead><tr><th>Process</th><th>Error</th><th>Elements</th><th>Incidents</th></tr></thead><tbody>
        ${grouped.map(g => `<tr><td>${esc(g.processId)}</td><td>${esc(g.error)}</td><td>${esc([...g.elements].join(', '))}</td><td>${g.count}</td></tr>`).join('')}</tbody></table>`}
      <h2>Each incident</h2>
      ${open.length === 0 ? '<p class="muted">None.</p>' : `
      <table id="open-incidents"><thead><tr><th>Incident</th><th>Process</th><th>Element</th><th>Error</th><th>Raised</th><th></th></tr></thead><tbody>
        ${open.map(n => `<tr><td>${n.key}</td><td>${esc(n.processId)}</td><td>${esc(n.elementId)}</td><td>${errorText(n.errorMessage)}</td><td>${when(n.createdAt)}</td>
          <td><a href="#/instances/${n.instanceKey}">open</a> <button class="retry" data-incident="${n.key}">Retry</button>
          <button class="danger cancel" data-instance="${n.instanceKey}">Cancel</button></td></tr>`).join('')}</tbody></table>`}`);
    view.querySelectorAll('button.retry').forEach(b => b.addEventListener('click', async () => {
      b.disabled = true;
      try { const r = await api('/api/incidents/' + b.dataset.incident + '/resolve', { method: 'POST', body: '{}' }); toast('Incident ' + r.incidentKey + ': ' + r.outcome); } catch (e) { toast(e.message, true); }
      incidents(params);
    }));
    view.querySelectorAll('button.cancel').forEach(b => b.addEventListener('click', async () => {
      if (!confirm('Cancel instance ' + b.dataset.instance + '?')) { return; }
      try { await api('/api/process-instances/' + b.dataset.instance + '/cancel', { method: 'POST' }); toast('Canceled'); } catch (e) { toast(e.message, true); }
      incidents(params);
    }));
    document.getElementById('incident-filters').addEventListener('submit', e => {
      e.preventDefault();
      const p = new FormData(e.target).get('processId');
      location.hash = '#/incidents' + (p ? '?processId=' + encodeURIComponent(p) : '');
    });
  }

  // ---- dashboard: instances and incidents per process, incidents per error ----

  async function dashboard() {
    markNav('dashboard');
    const catalogue = await api('/api/processes');
    const counts = await Promise.all(catalogue.processes.map(async p => {
      const q = 'processId=' + encodeURIComponent(p.processId) + '&state=ACTIVE&size=1';
      const [active, failing] = await Promise.all([api('/api/process-instances?' + q), api('/api/process-instances?' + q + '&incident=true')]);
      return { processId: p.processId, version: p.latestVersion, active: active.total, incidents: failing.total };
    }));
    const open = await api('/api/incidents?state=ACTIVE');
    const grouped = groupIncidents(open);
    render(`
      <h1>Dashboard</h1>
      <p id="dashboard-totals">${counts.reduce((a, c) => a + c.active, 0)} active instances · ${open.length} open incidents ·
        ${catalogue.problems.length} refused file(s)</p>
      <h2>Processes</h2>
      <table id="dashboard-processes"><thead><tr><th>Process</th><th>Latest version</th><th>Active</th><th>With incident</th></tr></thead><tbody>
        ${counts.sort((a, b) => b.incidents - a.incidents || b.active - a.active).map(c => `<tr data-href="#/processes/${encodeURIComponent(c.processId)}">
          <td>${esc(c.processId)}</td><td>${c.version}</td><td>${c.active}</td>
          <td class="${c.incidents > 0 ? 'incident' : 'muted'}">${c.incidents}</td></tr>`).join('')}</tbody></table>
      <h2>Incidents by error</h2>
      ${grouped.length === 0 ? '<p class="muted">None.</p>' : `
      <table id="dashboard-errors"><thead><tr><th>Process</th><th>Error</th><th>Incidents</th></tr></thead><tbody>
        ${grouped.slice(0, 20).map(g => `<tr data-href="#/incidents?processId=${encodeURIComponent(g.processId)}"><td>${esc(g.processId)}</td><td>${esc(g.error)}</td>
          <td>${g.count}</td></tr>`).join('')}</tbody></table>`}
      ${catalogue.problems.length === 0 ? '' : `<h2>Refused files</h2><ul id="dashboard-refused">
        ${catalogue.problems.map(r => `<li><strong>${esc(r.resourceName)}</strong>: ${errorText(r.error)}</li>`).join('')}</ul>`}`);
    rowLinks();
  }

  // ---- one process: its diagram with instances and incidents per element ----

  async function processPage(processId) {
    markNav('dashboard');
    const catalogue = await api('/api/processes');
    const process = catalogue.processes.find(p => p.processId === processId);
    if (!process) { throw new Error('No process ' + processId); }
    const stats = await api('/api/processes/' + encodeURIComponent(processId) + '/statistics?version=' + process.latestVersion);
    render(`
      <h1>${esc(processId)} <span class="muted">version ${process.latestVersion}</span></h1>
      <p><a href="#/instances?processId=${encodeURIComponent(processId)}&state=ACTIVE">its active instances</a> ·
        <a href="#/incidents?processId=${encodeURIComponent(processId)}">its incidents</a> ·
        <button type="button" class="secondary" id="run-process-tests" title="Run the scenarios in processes/tests/ against this version">Run its scenarios</button></p>
      <div id="process-tests"></div>
      <div id="diagram" aria-label="Process diagram with instances per element"></div>
      <table id="element-statistics"><thead><tr><th>Element</th><th>Active</th><th>Completed</th><th>Terminated</th><th>Incidents</th></tr></thead><tbody>
        ${stats.elements.map(e => `<tr><td>${esc(e.elementId)}</td><td>${e.active}</td><td>${e.completed}</td><td>${e.terminated}</td>
          <td class="${e.incidents > 0 ? 'incident' : 'muted'}">${e.incidents}</td></tr>`).join('')}</tbody></table>`);
    document.getElementById('run-process-tests').addEventListener('click', () => runProcessTests(processId));
    const container = document.getElementById('diagram');
    if (!window.BpmnJS) { container.textContent = 'The diagram viewer did not load.'; return; }
    const response = await fetch('/api/processes/' + encodeURIComponent(processId) + '/versions/' + process.latestVersion + '/bpmn', { headers: credentials() });
    if (!response.ok) { container.textContent = 'No diagram recorded for this version.'; return; }
    const viewer = new window.BpmnJS({ container: container });
    try { await viewer.importXML(await response.text()); } catch (e) { container.textContent = 'The diagram cannot be drawn: ' + e.message; return; }
    viewer.get('canvas').zoom('fit-viewport');
    const overlays = viewer.get('overlays');
    const registry = viewer.get('elementRegistry');
    const most = Math.max(1, ...stats.elements.map(e => e.active));
    stats.elements.forEach(e => {
      if (!registry.get(e.elementId) || (e.active === 0 && e.incidents === 0)) { return; }
      const heat = Math.round(40 + 60 * e.active / most);
      overlays.add(e.elementId, { position: { bottom: 10, right: 10 }, html:
        `<div class="pulse-heat${e.incidents > 0 ? ' incident' : ''}" style="opacity:${heat / 100}" title="${e.active} active, ${e.incidents} incidents">${e.active}${e.incidents > 0 ? ' / ' + e.incidents + '!' : ''}</div>` });
    });
  }

  async function runProcessTests(processId) {
    const box = document.getElementById('process-tests');
    box.innerHTML = '<p class="muted">Running the scenarios on a throwaway engine…</p>';
    try {
      const run = await api('/api/processes/' + encodeURIComponent(processId) + '/test', { method: 'POST', body: '{}' });
      box.innerHTML = `<p id="process-tests-summary" class="${run.failed > 0 ? 'incident' : ''}">${esc(run.summary)}</p>
        <table><thead><tr><th>File</th><th>Case</th><th>Result</th><th>Took</th></tr></thead><tbody>
        ${run.results.map(r => `<tr><td>${esc(r.file)}</td><td>${esc(r.name)}</td>
          <td class="${r.passed ? 'state COMPLETED' : 'incident'}">${r.passed ? 'passed' : r.failures.map(esc).join('<br>')}</td><td class="muted">${r.millis} ms</td></tr>`).join('')}
        </tbody></table>`;
    } catch (e) {
      if (e instanceof Unauthorized) { throw e; }
      box.innerHTML = `<p class="incident" id="process-tests-summary">${esc(e.message)}</p>`;
    }
  }

  // ---- rules: each domain's live version, its history, diff, scenarios, dry-run, rollback ----

  async function rulesOverview() {
    markNav('rules');
    const domains = await api('/api/rules');
    render(`
      <h1>Rules</h1>
      <table id="rule-domains"><thead><tr><th>Domain</th><th>Live version</th><th>Since</th><th>Files</th><th>Rules</th><th>Last build</th><th>Failing while deciding</th></tr></thead><tbody>
        ${domains.map(d => `<tr data-href="#/rules/${encodeURIComponent(d.domain)}"><td>${esc(d.domain)}</td><td>${d.version == null ? '<span class="incident">none</span>' : d.version}</td>
          <td>${when(d.since)}</td><td>${d.files.length}</td><td>${d.rules.length}</td>
          <td class="${d.lastBuild && !d.lastBuild.ok ? 'incident' : 'muted'}">${d.lastBuild ? (d.lastBuild.ok ? 'ok' : esc(d.lastBuild.errors.length + ' error(s)')) : ''}</td>
          <td class="${d.failing.length > 0 ? 'incident' : 'muted'}">${d.failing.length}</td></tr>`).join('')}</tbody></table>`);
    rowLinks();
  }

  async function rulesDomain(domain) {
    markNav('rules');
    const [state, history] = await Promise.all([api('/api/rules/' + encodeURIComponent(domain)), api('/api/rules/' + encodeURIComponent(domain) + '/history')]);
    const build = state.lastBuild;
    render(`
      <h1>${esc(domain)} rules <span class="muted">version ${state.version == null ? 'none' : state.version}</span></h1>
      <p class="muted">From ${esc(state.source)} · ${state.rules.length} rules in ${state.files.length} file(s) · live since ${when(state.since)} (${esc(state.trigger)})</p>
      ${build && !build.ok ? `<div class="incident" id="rule-build-errors"><strong>The last build was refused</strong> (${esc(build.trigger)}${build.scenarios ? ', ' + esc(build.scenarios) : ''}):
        <ul>${build.errors.map(e => `<li>${esc(e.file)}${e.line > 0 ? ':' + e.line : ''}: ${esc(e.message)}</li>`).join('')}</ul></div>` : ''}
      ${state.failing.length === 0 ? '' : `<h2>Rules failing while deciding</h2><table id="rule-failing"><thead><tr><th>Rule</th><th>Where</th><th>Times</th><th>Last</th><th>Message</th></tr></thead><tbody>
        ${state.failing.map(f => `<tr><td>${esc(f.rule)}</td><td>${esc(f.file)}:${f.line}</td><td>${f.count}</td><td>${when(f.last)}</td><td>${esc(f.lastMessage)}</td></tr>`).join('')}</tbody></table>`}
      <p><button type="button" id="run-rule-tests" title="Run the scenarios in rules/tests/${esc(domain)}/ against the live version">Run the scenarios</button></p>
      <div id="rule-tests"></div>
      <h2>Versions</h2>
      <form class="filters" id="rollback-options" aria-label="Rollback options">
        <label>Reason, to let failing scenarios through (audited)<input name="reason" size="50" placeholder="only in an emergency"></label>
      </form>
      <table id="rule-versions"><thead><tr><th>Version</th><th>When</th><th>Trigger</th><th>By</th><th>Files</th><th>Rules</th><th></th></tr></thead><tbody>
        ${history.map(v => `<tr data-version="${v.version}"><td>${v.version}${v.live ? ' <span class="state COMPLETED">live</span>' : ''}</td><td>${when(v.createdAt)}</td>
          <td>${esc(v.trigger)}</td><td>${esc(v.createdBy || '')}</td><td>${v.files.map(f => esc(f.name)).join('<br>')}</td><td>${v.rules.length}</td>
          <td>${v.live ? '' : `<button type="button" class="secondary diff" data-version="${v.version}">Compare with live</button>
            <button type="button" class="danger rollback" data-version="${v.version}">Roll back to this</button>`}</td></tr>`).join('')}</tbody></table>
      <div id="rule-diff"></div>
      ${domain === 'recipients' ? `<h2>Dry-run a change</h2>
      <p class="muted">A candidate file (a new name adds it, an existing name replaces that file) decided against the stored contacts for every published survey; nothing is stored.</p>
      <form class="filters" id="dry-run" aria-label="Dry-run a recipients rule change">
        <label>File<input name="name" size="30" required placeholder="exclusions.drl" value="${esc((state.files[0] || {}).name || '')}"></label>
        <label>Survey (optional)<input name="surveyId" size="20"></label>
        <label>Contacts matching (optional)<input name="q" size="20" placeholder="name, email or id"></label>
        <label class="wide">Content<textarea name="text" rows="10" cols="100" required></textarea></label>
        <button type="submit" id="run-dry-run">Dry-run</button>
      </form>
      <div id="dry-run-result"></div>` : ''}`);
    document.getElementById('run-rule-tests').addEventListener('click', async () => {
      const box = document.getElementById('rule-tests');
      box.innerHTML = '<p class="muted">Running…</p>';
      try {
        const report = await api('/api/rules/' + encodeURIComponent(domain) + '/test', { method: 'POST' });
        box.innerHTML = `<p id="rule-tests-summary" class="${report.passed ? '' : 'incident'}">${report.total - report.failed} of ${report.total} scenarios passed on version ${report.version}</p>
          <table><thead><tr><th>File</th><th>Scenario</th><th>Result</th></tr></thead><tbody>
          ${report.files.flatMap(f => f.cases.map(c => `<tr><td>${esc(f.file)}</td><td>${esc(c.name)}</td>
            <td class="${c.passed ? 'state COMPLETED' : 'incident'}">${c.passed ? 'passed' : c.failures.map(esc).join('<br>')}</td></tr>`)).join('')}</tbody></table>`;
      } catch (e) {
        if (e instanceof Unauthorized) { throw e; }
        box.innerHTML = `<p class="incident" id="rule-tests-summary">${esc(e.message)}</p>`;
      }
    });
    view.querySelectorAll('button.diff').forEach(b => b.addEventListener('click', async () => {
      const box = document.getElementById('rule-diff');
      try {
        const diff = await api(`/api/deployments/diff?kind=DRL&domain=${encodeURIComponent(domain)}&from=${b.dataset.version}&to=${state.version}`);
        box.innerHTML = `<h2>Version ${diff.from} → ${diff.to} (live)</h2>${diff.identical ? '<p class="muted">Identical.</p>'
          : `<pre class="diff">${diff.diff.split('\n').map(line => `<span class="${line.startsWith('+') ? 'added' : line.startsWith('-') ? 'removed' : ''}">${esc(line)}</span>`).join('\n')}</pre>`}`;
      } catch (e) {
        if (e instanceof Unauthorized) { throw e; }
        box.innerHTML = `<p class="incident">${esc(e.message)}</p>`;
      }
    }));
    view.querySelectorAll('button.rollback').forEach(b => b.addEventListener('click', async () => {
      if (!window.confirm(`Make version ${b.dataset.version} of the ${domain} rules live again (as a new version)?`)) { return; }
      const reason = document.querySelector('#rollback-options [name=reason]').value.trim();
      const body = { version: Number(b.dataset.version) };
      if (reason) { body.override = true; body.reason = reason; }
      try {
        const result = await api('/api/rules/' + encodeURIComponent(domain) + '/rollback', { method: 'POST', body: JSON.stringify(body) });
        toast(`Version ${result.build.liveVersion} is live: the files of version ${result.restoredFrom}`);
        await rulesDomain(domain);
        view.dataset.ready = location.hash + '&rolled-back=' + result.build.liveVersion;
      } catch (e) {
        if (e instanceof Unauthorized) { throw e; }
        toast('Rollback refused: ' + e.message, true);
      }
    }));
    const dryRun = document.getElementById('dry-run');
    if (dryRun) {
      dryRun.addEventListener('submit', async e => {
        e.preventDefault();
        const form = new FormData(dryRun);
        const box = document.getElementById('dry-run-result');
        box.innerHTML = '<p class="muted">Deciding every stored contact with the live and the candidate rules…</p>';
        const request = { files: [{ name: form.get('name'), text: form.get('text') }], limit: 2000, sample: 20 };
        if (form.get('surveyId')) { request.surveyId = form.get('surveyId'); }
        if (form.get('q')) { request.q = form.get('q'); }
        try {
          const out = await api('/api/rules/recipients/dry-run', { method: 'POST', body: JSON.stringify(request) });
          const r = out.result;
          const rows = (list, kind) => list.map(c => `<tr><td>${kind}</td><td>${esc(c.surveyId)}</td><td>${esc(c.contact || c.contactId)}</td><td>${esc(c.now)}</td><td>${esc(c.after)}</td></tr>`).join('');
          box.innerHTML = `<p id="dry-run-summary">${r.scanned} of ${r.contacts} contacts decided for ${r.surveys.length} survey(s)${r.complete ? '' : ' (first slice; narrow it with a survey or a contact search)'}:
              ${Object.entries(r.counts).map(([k, v]) => `${esc(k)} ${v}`).join(' · ')}; scenarios: ${esc(out.scenarios || 'none')}</p>
            ${out.scenarioFailures.length ? `<ul class="incident">${out.scenarioFailures.map(f => `<li>${esc(f.file)}: ${esc(f.message)}</li>`).join('')}</ul>` : ''}
            <table id="dry-run-changes"><thead><tr><th>Change</th><th>Survey</th><th>Contact</th><th>Now</th><th>After</th></tr></thead><tbody>
              ${rows(r.entering, 'enters')}${rows(r.leaving, 'leaves')}${rows(r.failing, 'fails')}</tbody></table>`;
        } catch (err) {
          if (err instanceof Unauthorized) { throw err; }
          box.innerHTML = `<p class="incident" id="dry-run-summary">${esc(err.message)}</p>`;
        }
      });
    }
  }

  // ---- deployments ----

  async function deployments() {
    markNav('deployments');
    const items = await api('/api/deployments');
    render(`
      <h1>Deployments and rule versions</h1>
      <table id="deployments"><thead><tr><th>Kind</th><th>Name</th><th>Version</th><th>Status</th><th>Trigger</th><th>By</th><th>When</th><th>Checksum</th></tr></thead><tbody>
        ${items.map(d => `<tr><td>${d.kind}</td><td>${esc(d.name)}</td><td>${d.version == null ? '' : d.version}</td>
          <td class="state ${d.status === 'REJECTED' ? 'REJECTED' : d.current ? 'COMPLETED' : ''}">${esc(d.status)}${d.error ? `<pre>${esc(d.error)}</pre>` : ''}</td>
          <td>${esc(d.trigger)}</td><td>${esc(d.by || '')}</td><td>${when(d.at)}</td><td class="muted"><code>${esc((d.checksum || '').slice(0, 12))}</code></td></tr>`).join('')}
      </tbody></table>`);
  }

  // ---- surveys ----

  async function surveys() {
    markNav('surveys');
    const funnels = await api('/api/surveys/funnels');
    const max = Math.max(1, ...funnels.map(f => f.enrolled));
    const bar = (n, kind) => `<span class="bar ${kind}" style="width:${Math.round(120 * n / max)}px"></span> ${n}`;
    render(`
      <h1>Survey funnels</h1>
      <table id="funnels"><thead><tr><th>Survey</th><th>Type</th><th>Channel</th><th>Status</th><th>Enrolled</th><th>Sent</th><th>Answered</th><th>Expired</th><th>Skipped</th></tr></thead><tbody>
        ${funnels.map(f => `<tr><td>${esc(f.name)}</td><td>${f.type}</td><td>${f.delivery}</td><td>${f.status}</td><td>${bar(f.enrolled, '')}</td><td>${bar(f.sent, '')}</td>
          <td>${bar(f.answered, 'answered')}</td><td>${bar(f.expired, 'expired')}</td><td>${bar(f.skipped, 'skipped')}</td></tr>`).join('')}
      </tbody></table>`);
  }

  // ---- survey analytics ----

  function score(row, type) {
    return type === 'NPS' ? row.nps : type === 'CES' ? row.ces : row.csat;
  }

  function lineChart(points, label) {
    const w = 640, h = 180, pad = 30;
    const values = points.map(p => p.value).filter(v => v != null);
    const max = Math.max(1, ...values), min = Math.min(0, ...values);
    const x = i => pad + (points.length < 2 ? 0 : i * (w - 2 * pad) / (points.length - 1));
    const y = v => h - pad - (v - min) * (h - 2 * pad) / (max - min || 1);
    const dots = points.map((p, i) => p.value == null ? '' :
      `<circle class="point" cx="${x(i)}" cy="${y(p.value)}" r="4"><title>${esc(p.label)}: ${p.value}</title></circle>`).join('');
    const path = points.map((p, i) => p.value == null ? null : `${x(i)},${y(p.value)}`).filter(Boolean).join(' ');
    const labels = points.map((p, i) => `<text x="${x(i)}" y="${h - 8}" font-size="10" text-anchor="middle">${esc(p.label.slice(5))}</text>`).join('');
    return `<svg id="score-chart" role="img" aria-label="${esc(label)}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">
      <line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" stroke="#d8dee4"/>
      <text x="4" y="${y(max) + 4}" font-size="10">${max}</text><text x="4" y="${y(min) + 4}" font-size="10">${min}</text>
      <polyline points="${path}" fill="none" stroke="#1f6feb" stroke-width="2"/>${dots}${labels}</svg>`;
  }

  function barChart(id, entries, label) {
    const max = Math.max(1, ...entries.map(e => e[1]));
    return `<table id="${id}" aria-label="${esc(label)}"><tbody>${entries.map(e => `<tr><td>${esc(e[0])}</td>
      <td><span class="bar" style="width:${Math.round(240 * e[1] / max)}px"></span> ${e[1]}</td></tr>`).join('')}</tbody></table>`;
  }

  /** A score as a bar on its own scale (CSAT 0-100 %, NPS -100..100, CES 1-7), with the number. */
  function agentBar(value, type) {
    if (value == null) { return '–'; }
    const share = type === 'NPS' ? (value + 100) / 200 : type === 'CES' ? (value - 1) / 6 : value / 100;
    return `<span class="bar answered" style="width:${Math.round(160 * Math.max(0, Math.min(1, share)))}px"></span> ${value}`;
  }

  async function analytics(params) {
    markNav('analytics');
    // [from, to): to is tomorrow by default, so today's answers count
    const tomorrow = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
    const monthAgo = new Date(Date.now() - 30 * 86400000).toISOString().slice(0, 10);
    const from = params.get('from') || monthAgo, to = params.get('to') || tomorrow;
    const interval = params.get('interval') || 'week';
    const surveyId = params.get('surveyId') || '';
    const surveys = await api('/api/surveys');
    const chosen = surveys.find(s => s.id === surveyId);
    const type = chosen ? chosen.definition.type : 'CSAT';
    const base = 'from=' + encodeURIComponent(from) + '&to=' + encodeURIComponent(to) + (surveyId ? '&surveyId=' + encodeURIComponent(surveyId) : '')
      + (chosen ? '' : '&type=CSAT');
    const [overTime, total, byAgent] = await Promise.all([
      api('/api/analytics/surveys?' + base + '&interval=' + interval),
      api('/api/analytics/surveys?' + base),
      api('/api/analytics/surveys?' + base + '&groupBy=agent')]);
    const sums = total.rows[0] || { sent: 0, answered: 0, distribution: {} };
    const distribution = (sums.distribution || {})[type] || {};
    render(`
      <h1>Survey analytics</h1>
      <form class="filters" id="analytics-filters">
        <label>Survey<select name="surveyId"><option value="">all CSAT surveys</option>
          ${surveys.map(s => `<option value="${esc(s.id)}"${s.id === surveyId ? ' selected' : ''}>${esc(s.definition.name)} (${s.definition.type})</option>`).join('')}</select></label>
        <label>From<input name="from" value="${esc(from)}" size="10"></label>
        <label>To<input name="to" value="${esc(to)}" size="10"></label>
        <label>Interval<select name="interval">${['day', 'week', 'month'].map(i => `<option${i === interval ? ' selected' : ''}>${i}</option>`).join('')}</select></label>
        <button type="submit">Show</button>
      </form>
      <p id="totals">${sums.sent} sent · ${sums.answered} answered · response rate ${sums.responseRate == null ? '–' : sums.responseRate + ' %'} ·
        ${type} ${score(sums, type) == null ? '–' : score(sums, type)}</p>
      <h2>${type} over time</h2>
      ${lineChart(overTime.rows.map(r => ({ label: r.period, value: score(r, type), row: r })), type + ' over time')}
      <h2>Distribution</h2>
      ${barChart('distribution', Object.entries(distribution), 'answers per score')}
      <h2>By agent</h2>
      <table id="by-agent"><thead><tr><th>Agent</th><th>Sent</th><th>Answered</th><th>${type}</th></tr></thead><tbody>
        ${byAgent.rows.map(r => `<tr data-agent="${esc(r.group || '')}"><td>${esc(r.group || '(none)')}</td><td>${r.sent}</td><td>${r.answered}</td>
          <td>${agentBar(score(r, type), type)}</td></tr>`).join('')}</tbody></table>
      <h2>Answers per ${interval}</h2>
      <table id="periods"><thead><tr><th>From</th><th>Sent</th><th>Answered</th><th>${type}</th></tr></thead><tbody>
        ${overTime.rows.map(r => `<tr data-period="${r.period}"><td>${r.period}</td><td>${r.sent}</td><td>${r.answered}</td>
          <td>${score(r, type) == null ? '–' : score(r, type)}</td></tr>`).join('')}</tbody></table>
      <p class="muted">Enter or click a row to see the answers behind it.
        <a id="csv" href="#">Download the answers as CSV</a></p>
      <div id="drill-down"></div>`);
    document.getElementById('analytics-filters').addEventListener('submit', e => {
      e.preventDefault();
      const next = new URLSearchParams();
      new FormData(e.target).forEach((v, k) => { if (v) { next.set(k, v); } });
      location.hash = '#/analytics?' + next;
    });
    const drill = async (query, title) => {
      const result = await api('/api/analytics/surveys/responses?' + base + query + '&size=200');
      document.getElementById('drill-down').innerHTML = `<h2>${esc(title)}: ${result.total} answer(s)</h2>
        <table id="answers"><thead><tr><th>Answered</th><th>Survey</th><th>Score</th><th>Bucket</th><th>Comment</th><th>Agent</th></tr></thead><tbody>
        ${result.items.map(a => `<tr><td>${when(a.answeredAt)}</td><td>${esc(a.surveyName)}</td><td>${a.score}</td><td>${esc(a.bucket || '')}</td>
          <td>${esc(a.comment || '')}</td><td>${esc(a.agentId || '')}</td></tr>`).join('')}</tbody></table>`;
    };
    const clickable = (row, handler) => {
      row.tabIndex = 0;
      row.classList.add('link');
      row.addEventListener('click', handler);
      row.addEventListener('keydown', e => { if (e.key === 'Enter') { handler(); } });
    };
    view.querySelectorAll('#periods tr[data-period]').forEach(r => clickable(r, () =>
      drill('&interval=' + interval + '&period=' + r.dataset.period, 'Answers sent in the ' + interval + ' of ' + r.dataset.period)));
    view.querySelectorAll('#by-agent tr[data-agent]').forEach(r => { if (r.dataset.agent) {
      clickable(r, () => drill('&agentId=' + encodeURIComponent(r.dataset.agent), 'Answers credited to ' + r.dataset.agent)); } });
    document.getElementById('csv').addEventListener('click', async e => {
      e.preventDefault();
      const response = await fetch('/api/analytics/surveys/responses.csv?' + base, { headers: credentials() });
      const url = URL.createObjectURL(await response.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = 'survey-responses.csv';
      a.click();
    });
  }

  // ---- signing in ----

  function signIn(message) {
    render(`
      <h1>Sign in</h1>
      <p class="muted">${esc(message)}. The key stays in this browser tab only.</p>
      <form id="sign-in" class="filters">
        <label>API key or bearer token<input id="credential" name="credential" type="password" size="60" autocomplete="off" required></label>
        <button type="submit">Sign in</button>
      </form>`);
    const field = document.getElementById('credential');
    field.focus();
    document.getElementById('sign-in').addEventListener('submit', e => {
      e.preventDefault();
      sessionStorage.setItem(KEY, field.value.trim());
      route();
    });
  }

  // ---- routing ----

  async function route() {
    const hash = location.hash || '#/instances';
    const [path, query] = hash.slice(1).split('?');
    const params = new URLSearchParams(query || '');
    const parts = path.split('/').filter(Boolean);
    try {
      if (parts[0] === 'instances' && parts[1]) {
        await instance(parts[1]);
      } else if (parts[0] === 'dashboard') {
        await dashboard();
      } else if (parts[0] === 'processes' && parts[1]) {
        await processPage(decodeURIComponent(parts[1]));
      } else if (parts[0] === 'incidents') {
        await incidents(params);
      } else if (parts[0] === 'rules' && parts[1]) {
        await rulesDomain(decodeURIComponent(parts[1]));
      } else if (parts[0] === 'rules') {
        await rulesOverview();
      } else if (parts[0] === 'deployments') {
        await deployments();
      } else if (parts[0] === 'surveys') {
        await surveys();
      } else if (parts[0] === 'analytics') {
        await analytics(params);
      } else if (parts[0] === 'sign-out') {
        sessionStorage.removeItem(KEY);
        signIn('Signed out');
      } else {
        await instances(params);
      }
    } catch (e) {
      if (e instanceof Unauthorized) {
        signIn(e.message);
      } else {
        render(`<h1>Something went wrong</h1><p class="incident">${esc(e.message)}</p>`);
      }
    }
    view.dataset.ready = hash;
  }

  window.addEventListener('hashchange', route);
  route();
})();
