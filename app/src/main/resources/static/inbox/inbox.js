// Pulse inbox for agents: their conversations (mine, unassigned, all they may work; open or
// closed; by team inbox and channel), the thread with replies and internal notes, reply / note, assign to me (an admin: reassign to anyone),
// close / reopen, the contact's other conversations, and the agent's own availability. Plain
// JavaScript over the REST API; the list and the open thread refresh every two seconds.
(function () {
  'use strict';

  const view = document.getElementById('view');
  const KEY = 'pulse.inbox.key';
  const state = { agents: [], me: null, agentId: null, filter: { who: 'mine', status: 'OPEN', channel: '', inbox: '' }, current: null, shown: '', inboxes: [] };
  let timer = null;

  function esc(value) {
    return String(value == null ? '' : value).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }

  function when(instant) {
    return instant ? new Date(instant).toLocaleString() : '';
  }

  class Unauthorized extends Error {}

  async function api(path, options) {
    const key = sessionStorage.getItem(KEY);
    const headers = Object.assign({ 'Content-Type': 'application/json', 'Accept': 'application/json' }, key ? { 'Authorization': 'Bearer ' + key } : {});
    const response = await fetch(path, Object.assign({ headers: headers }, options || {}));
    if (response.status === 401) { throw new Unauthorized('Sign in with your agent key or token'); }
    const text = await response.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch (e) { body = text; }
    if (!response.ok) { throw new Error(body && body.detail ? body.detail : response.status + ' ' + response.statusText); }
    return body;
  }

  function toast(message, error) {
    const line = document.createElement('div');
    line.textContent = message;
    if (error) { line.className = 'error'; }
    document.getElementById('toast').appendChild(line);
    setTimeout(() => line.remove(), 8000);
  }

  function signIn(message) {
    clearInterval(timer);
    view.innerHTML = `<section style="padding:20px"><h1>Sign in</h1><p class="muted">${esc(message)}. The key stays in this browser tab only.</p>
      <form id="sign-in"><label>API key or bearer token <input id="credential" type="password" size="60" autocomplete="off" required></label>
      <button type="submit">Sign in</button></form></section>`;
    const field = document.getElementById('credential');
    field.focus();
    document.getElementById('sign-in').addEventListener('submit', e => {
      e.preventDefault();
      sessionStorage.setItem(KEY, field.value.trim());
      start();
    });
  }

  function layout() {
    view.innerHTML = `
      <section class="list" aria-label="Conversations">
        <form id="filters" aria-label="Filter conversations">
          <select name="who" aria-label="Whose"><option value="mine">Mine</option><option value="unassigned">Unassigned</option><option value="all">All I may work</option></select>
          <select name="status" aria-label="Status"><option value="OPEN">Open</option><option value="CLOSED">Closed</option><option value="">Any</option></select>
          <select name="inbox" aria-label="Team inbox"><option value="">Every inbox</option>
            ${state.inboxes.map(i => `<option value="${esc(i.id)}">${esc(i.name || i.id)}</option>`).join('')}</select>
          <select name="channel" aria-label="Channel"><option value="">Any channel</option>
            ${['CHAT', 'TEAM_EMAIL', 'EMAIL', 'MESSENGER', 'WHATSAPP', 'FORM', 'CALL'].map(c => `<option value="${c}">${c}</option>`).join('')}</select>
        </form>
        <div id="conversations"></div>
      </section>
      <section class="conversation" id="conversation"><p class="muted" style="padding:12px">Choose a conversation.</p></section>
      <aside class="details" id="details"></aside>`;
    const form = document.getElementById('filters');
    form.who.value = state.filter.who;
    form.status.value = state.filter.status;
    form.channel.value = state.filter.channel;
    form.inbox.value = state.filter.inbox;
    form.addEventListener('change', () => {
      state.filter = { who: form.who.value, status: form.status.value, channel: form.channel.value, inbox: form.inbox.value };
      refreshList();
    });
  }

  async function refreshList() {
    const q = new URLSearchParams({ size: '50' });
    if (state.filter.status) { q.set('status', state.filter.status); }
    if (state.filter.channel) { q.set('channel', state.filter.channel); }
    if (state.filter.inbox) { q.set('inboxId', state.filter.inbox); }
    if (state.filter.who === 'mine' && state.agentId) { q.set('assigneeId', state.agentId); }
    if (state.filter.who === 'unassigned') { q.set('assigneeId', 'none'); }
    const page = await api('/api/conversations?' + q);
    const box = document.getElementById('conversations');
    // redraw only when the list changed: the row in focus (and the keyboard's place) stays
    const fingerprint = state.current + '|' + JSON.stringify(page.items);
    if (fingerprint === state.listed && box.childElementCount > 0) { return; }
    state.listed = fingerprint;
    box.innerHTML = page.items.length === 0 ? '<p class="muted" style="padding:12px">No conversations.</p>' : page.items.map(c => `
      <div class="item${c.id === state.current ? ' current' : ''}" tabindex="0" data-id="${esc(c.id)}">
        <div><strong>${esc(c.contactId)}</strong> <span class="muted">${esc(c.channel)}</span> <span class="state-${esc(c.status)}">${esc(c.status)}</span></div>
        <div class="snippet">${esc(c.lastMessage || '')}</div>
        <div class="muted">${esc(c.assigneeId || 'unassigned')} · ${when(c.updatedAt)}</div></div>`).join('');
    box.querySelectorAll('.item').forEach(item => {
      const open = () => { state.current = item.dataset.id; state.shown = ''; showConversation(); refreshList(); };
      item.addEventListener('click', open);
      item.addEventListener('keydown', e => { if (e.key === 'Enter') { open(); } });
    });
    view.dataset.listed = String(page.total);
  }

  async function showConversation() {
    if (!state.current) { return; }
    const c = await api('/api/conversations/' + encodeURIComponent(state.current));
    // redraw only when something changed, so what the agent is typing stays
    const fingerprint = c.status + '|' + c.assignee_id + '|' + c.messages.length;
    const box = document.getElementById('conversation');
    if (fingerprint === state.shown && box.querySelector('.thread')) { return; }
    const draft = box.querySelector('textarea') ? box.querySelector('textarea').value : '';
    state.shown = fingerprint;
    const closed = c.status === 'CLOSED';
    box.innerHTML = `
      <div class="bar"><strong>${esc(c.contact_id)}</strong> <span class="muted">${esc(c.channel_type)}</span>
        <span class="state-${esc(c.status)}" id="conversation-status">${esc(c.status)}</span>
        <span class="muted" id="conversation-assignee">${c.assignee_id ? 'with ' + esc(c.assignee_id) : 'unassigned'}</span>
        ${c.ticket_id ? `<span class="muted">ticket ${esc(c.ticket_id)}</span>` : ''}
        ${!closed && c.assignee_id !== state.agentId && state.agentId ? '<button type="button" class="secondary" id="assign-me">Assign to me</button>' : ''}
        ${!closed && state.me.roles.indexOf('ADMIN') >= 0 ? `<select id="reassign" aria-label="Reassign to"><option value="">Reassign to…</option>
          ${state.agents.filter(a => a.id !== c.assignee_id).map(a => `<option value="${esc(a.id)}">${esc(a.name || a.id)} (${esc(a.status)})</option>`).join('')}</select>` : ''}
        ${closed ? '<button type="button" class="secondary" id="reopen">Reopen</button>' : '<button type="button" class="secondary" id="close">Close</button>'}</div>
      <div class="thread" id="thread" aria-live="polite">
        ${c.messages.map(m => `<div class="msg ${esc(m.direction)}" data-id="${esc(m.id)}"><span class="who">${m.direction === 'NOTE' ? 'Note by ' + esc(m.author)
          : m.direction === 'OUT' ? esc(m.author) : 'Customer'} · ${when(m.created_at)}</span>${esc(m.body)}</div>`).join('')}</div>
      ${closed ? '' : `<form class="composer" id="composer">
        <textarea name="body" aria-label="Reply" placeholder="Reply to the customer (Enter sends, Shift+Enter for a new line)"></textarea>
        <div><button type="submit" id="send-reply">Reply</button><br><button type="button" class="secondary" id="send-note">Note</button></div></form>`}`;
    const thread = document.getElementById('thread');
    thread.scrollTop = thread.scrollHeight;
    const act = (id, path, body, done) => {
      const button = document.getElementById(id);
      if (button) {
        button.addEventListener('click', async () => {
          try { await api(path, { method: 'POST', body: JSON.stringify(body || {}) }); toast(done); state.shown = ''; await showConversation(); await refreshList(); } catch (e) { if (e instanceof Unauthorized) { signIn(e.message); } else { toast(e.message, true); } }
        });
      }
    };
    const base = '/api/conversations/' + encodeURIComponent(c.id);
    act('assign-me', base + '/assign', { agentId: state.agentId }, 'Assigned to you');
    const reassign = document.getElementById('reassign');
    if (reassign) {
      reassign.addEventListener('change', async () => {
        if (!reassign.value) { return; }
        try {
          await api(base + '/assign', { method: 'POST', body: JSON.stringify({ agentId: reassign.value }) });
          toast('Reassigned to ' + reassign.value);
          state.shown = '';
          await showConversation();
          await refreshList();
        } catch (e) { if (e instanceof Unauthorized) { signIn(e.message); } else { toast(e.message, true); } }
      });
    }
    act('close', base + '/close', {}, 'Closed');
    act('reopen', base + '/reopen', {}, 'Reopened');
    const composer = document.getElementById('composer');
    if (composer) {
      const text = composer.querySelector('textarea');
      text.value = draft;
      const send = async kind => {
        const body = text.value.trim();
        if (!body) { return; }
        try {
          await api(base + (kind === 'note' ? '/notes' : '/replies'), { method: 'POST', body: JSON.stringify({ agentId: state.agentId, body: body }) });
          text.value = '';
          state.shown = '';
          await showConversation();
        } catch (e) { if (e instanceof Unauthorized) { signIn(e.message); } else { toast(e.message, true); } }
      };
      composer.addEventListener('submit', e => { e.preventDefault(); send('reply'); });
      text.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send('reply'); } });
      document.getElementById('send-note').addEventListener('click', () => send('note'));
    }
    const history = await api('/api/contacts/' + encodeURIComponent(c.contact_id) + '/conversations?size=20').catch(() => ({ items: [] }));
    document.getElementById('details').innerHTML = `<h2 style="font-size:15px">${esc(c.contact_id)}</h2>
      <p class="muted">Opened ${when(c.opened_at)}${c.subject ? '<br>' + esc(c.subject) : ''}</p>
      <h3 style="font-size:13px">Conversations</h3><ul id="history">${history.items.map(h => `<li>${esc(h.channel)} · <span class="state-${esc(h.status)}">${esc(h.status)}</span>
        · ${when(h.openedAt)}${h.id === c.id ? ' (this one)' : ''}</li>`).join('')}</ul>`;
  }

  async function availability() {
    const agents = await api('/api/agents').catch(() => []);
    state.agents = Array.isArray(agents) ? agents : (agents.items || []);
    const box = document.getElementById('available');
    if (!state.agentId) { box.disabled = true; return; }
    const me = state.agents.find(a => a.id === state.agentId);
    box.checked = !!me && me.status === 'available';
    box.onchange = async () => {
      try {
        await api('/api/agents/' + encodeURIComponent(state.agentId) + '/status', { method: 'PUT', body: JSON.stringify({ status: box.checked ? 'available' : 'away' }) });
        toast(box.checked ? 'You are available for new conversations' : 'You are away: no new conversations are routed to you');
      } catch (e) { box.checked = !box.checked; toast(e.message, true); }
    };
  }

  async function start() {
    try {
      state.me = await api('/api/me');
      state.agentId = state.me.agentId;
      document.getElementById('me').textContent = state.agentId ? 'Signed in as ' + state.agentId : 'Signed in (' + state.me.roles.join(', ') + '); not an agent: replies need an agent key';
      if (!state.agentId) { state.filter.who = 'all'; }
      const inboxes = await api('/api/inboxes').catch(() => []);
      state.inboxes = Array.isArray(inboxes) ? inboxes : (inboxes.items || []);
      layout();
      await availability();
      await refreshList();
      clearInterval(timer);
      timer = setInterval(() => {
        refreshList().then(showConversation).catch(e => { if (e instanceof Unauthorized) { signIn(e.message); } });
      }, 2000);
      view.dataset.ready = 'true';
    } catch (e) {
      if (e instanceof Unauthorized) { signIn(e.message); } else { view.innerHTML = `<p style="padding:12px" class="state-CLOSED">${esc(e.message)}</p>`; }
    }
  }

  document.getElementById('sign-out').addEventListener('click', e => {
    e.preventDefault();
    sessionStorage.removeItem(KEY);
    signIn('Signed out');
  });
  start();
})();
