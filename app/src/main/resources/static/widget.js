/*
 * Pulse chat widget. Embed with one tag, no build step:
 *   <script src="https://pulse.example.com/widget.js" data-site="your-site-id" async></script>
 * It opens a visitor session (kept across pages in localStorage), asks Pulse which chatflow this
 * page shows, draws the launcher when the chatflow's trigger fires, and chats live with the
 * team (server-sent events opened with a one-minute ticket; a reconnect catches up, skipping what it has). Everything the
 * visitor or the team wrote is put on the page as text, never as HTML.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.getAttribute('data-site')) { return; }
  var base = new URL(script.src, location.href).origin;
  var site = script.getAttribute('data-site');
  var api = base + '/api/widget/' + encodeURIComponent(site);
  var storeKey = 'pulse.widget.' + site;
  var mobile = window.matchMedia && window.matchMedia('(max-width: 640px)').matches;

  var state = { token: null, visitorId: null, flow: null, seen: {}, stream: null, open: false, conversation: null };
  var root, panel, thread, input, notice, launcher;

  function stored() { try { return localStorage.getItem(storeKey); } catch (e) { return null; } }
  function stored2(what) { try { return localStorage.getItem(storeKey + '.' + what) === 'yes'; } catch (e) { return false; } }
  function consented() { try { return localStorage.getItem(storeKey + '.consented') === 'yes'; } catch (e) { return false; } }
  function remember(what) { try { localStorage.setItem(storeKey + '.' + what, 'yes'); } catch (e) { /* private mode */ } }
  function store(token) { try { localStorage.setItem(storeKey, token); } catch (e) { /* private mode: one page at a time */ } }

  function call(method, path, body) {
    var headers = { 'Content-Type': 'application/json' };
    if (state.token) { headers['X-Pulse-Visitor'] = state.token; }
    return fetch(api + path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined })
      .then(function (r) {
        return r.text().then(function (text) {
          var json = null;
          try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
          if (!r.ok) { throw new Error(json && json.detail ? json.detail : 'The chat is not available (' + r.status + ')'); }
          return json;
        });
      });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text != null) { e.textContent = text; }
    return e;
  }

  var CSS = ':host{all:initial}*{box-sizing:border-box;font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif}' +
    '.launcher{position:fixed;right:20px;bottom:20px;border:0;border-radius:28px;padding:14px 20px;background:#1f6feb;color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.2)}' +
    '.prompt{position:fixed;right:20px;bottom:80px;max-width:280px;background:#fff;border:1px solid #d8dee4;border-radius:10px;padding:10px 12px;box-shadow:0 4px 14px rgba(0,0,0,.15)}' +
    '.panel{position:fixed;right:20px;bottom:80px;width:340px;max-width:calc(100vw - 40px);height:460px;max-height:calc(100vh - 110px);display:flex;flex-direction:column;background:#fff;border:1px solid #d8dee4;border-radius:12px;box-shadow:0 8px 28px rgba(0,0,0,.2);overflow:hidden}' +
    '.head{background:#1f6feb;color:#fff;padding:12px 14px}.head strong{display:block;font-size:15px}.head small{opacity:.9}' +
    '.thread{flex:1;overflow:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#f6f8fa}' +
    '.msg{max-width:80%;padding:8px 10px;border-radius:10px;white-space:pre-wrap;overflow-wrap:anywhere}.msg.visitor{align-self:flex-end;background:#1f6feb;color:#fff}' +
    '.msg.team{align-self:flex-start;background:#fff;border:1px solid #d8dee4}.msg.welcome{align-self:flex-start;background:#fff;border:1px dashed #d8dee4}' +
    '.who{display:block;font-size:11px;opacity:.7}.notice{padding:6px 12px;font-size:12px;color:#5b6670}.notice.error{color:#cf222e}' +
    'form{display:flex;gap:6px;padding:8px;border-top:1px solid #d8dee4}textarea{flex:1;resize:none;height:40px;padding:8px;border:1px solid #d8dee4;border-radius:8px}' +
    'button.send{border:0;border-radius:8px;background:#1f6feb;color:#fff;padding:0 14px;cursor:pointer}' +
    '.survey{align-self:stretch;background:#fff;border:1px solid #d8dee4;border-radius:10px;padding:10px}.survey p{margin:0 0 8px}' +
    '.web-survey{position:fixed;left:20px;bottom:20px;width:300px;background:#fff;border:1px solid #d8dee4;border-radius:12px;padding:12px 14px;box-shadow:0 8px 28px rgba(0,0,0,.2)}' +
    '.web-survey p{margin:0 8px 8px 0}.dismiss{position:absolute;top:6px;right:8px;border:0;background:none;font-size:18px;cursor:pointer;color:#5b6670}' +
    '.consent{display:block;padding:6px 12px;font-size:12px;color:#1d232a}.cookies{padding:8px 12px;font-size:12px;border-top:1px solid #d8dee4}.cookies p{margin:0 0 6px}.cookies button{margin-right:6px}' +
    'form.email{display:flex;flex-wrap:wrap;gap:6px;align-items:center;padding:8px 12px;border-top:1px solid #d8dee4;font-size:12px}form.email input{flex:1;padding:6px;border:1px solid #d8dee4;border-radius:6px}' +
    '.scale{display:flex;flex-wrap:wrap;gap:4px}.score{min-width:28px;border:1px solid #1f6feb;background:#fff;color:#1f6feb;border-radius:6px;padding:4px;cursor:pointer}';

  function build(withoutLauncher) {
    var host = el('div');
    host.id = 'pulse-chat-widget';
    document.body.appendChild(host);
    root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
    var style = el('style');
    style.textContent = CSS;
    root.appendChild(style);
    if (!withoutLauncher) { addLauncher(); }
  }

  function addLauncher() {
    launcher = el('button', 'launcher', 'Chat with us');
    launcher.setAttribute('aria-label', 'Open the chat');
    launcher.addEventListener('click', toggle);
    root.appendChild(launcher);
  }

  function showPrompt(text) {
    var p = el('div', 'prompt', text);
    p.addEventListener('click', function () { p.remove(); toggle(); });
    root.appendChild(p);
  }

  function toggle() {
    if (panel) { panel.hidden = !panel.hidden; state.open = !panel.hidden; return; }
    state.open = true;
    var prompt = root.querySelector('.prompt');
    if (prompt) { prompt.remove(); }
    panel = el('div', 'panel');
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', 'Chat');
    var head = el('div', 'head');
    var heading = state.flow.heading;
    head.appendChild(el('strong', null, heading && heading.brandName ? heading.brandName : state.flow.name));
    var availability = state.flow.availability || {};
    head.appendChild(el('small', 'availability', availability.message || (availability.state === 'available' ? 'We are online' : '')));
    panel.appendChild(head);
    thread = el('div', 'thread');
    thread.setAttribute('aria-live', 'polite');
    if (state.flow.welcomeMessage) { thread.appendChild(el('div', 'msg welcome', state.flow.welcomeMessage)); }
    panel.appendChild(thread);
    notice = el('div', 'notice');
    panel.appendChild(notice);
    var consent = state.flow.consent || {};
    if (consent.processing === 'EXPLICIT' && !consented()) {
      var ask = el('label', 'consent');
      var box = el('input');
      box.type = 'checkbox';
      box.name = 'consent';
      ask.appendChild(box);
      ask.appendChild(document.createTextNode(' ' + (consent.processingText || 'I agree that my messages are stored to answer me.')));
      box.addEventListener('change', function () { if (box.checked) { say(''); } });
      panel.appendChild(ask);
      state.consentBox = box;
    } else if (consent.processing === 'LEGITIMATE_INTEREST' && consent.processingText) {
      panel.appendChild(el('div', 'notice consent-text', consent.processingText));
    }
    var form = el('form');
    input = el('textarea');
    input.setAttribute('aria-label', 'Your message');
    input.placeholder = 'Write a message…';
    input.maxLength = 2000;
    input.addEventListener('keydown', function (e) { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
    var button = el('button', 'send', 'Send');
    button.type = 'submit';
    form.appendChild(input);
    form.appendChild(button);
    form.addEventListener('submit', function (e) { e.preventDefault(); send(); });
    panel.appendChild(form);
    root.appendChild(panel);
    listen();
    input.focus();
    if (state.cookieBanner === 'BEFORE_CHAT' && !stored2('cookies') && !stored2('cookies-declined')) { cookies(panel, 'cookies'); }
    if (captureWhen() === 'BEFORE_FIRST_MESSAGE' && !(state.conversationOpen)) { askEmail(true); }
  }

  // the chatflow's cookie banner: the visitor's id is kept across pages only once they accept
  function cookies(parent, cls) {
    if (root.querySelector('.cookies')) { return; }
    var box = el('div', cls === 'card' ? 'web-survey cookies' : 'cookies');
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', 'Cookies');
    box.appendChild(el('p', null, 'This chat remembers you from page to page with an id kept in your browser.'));
    var yes = el('button', 'score accept', 'Accept');
    yes.type = 'button';
    var no = el('button', 'score decline', 'Decline');
    no.type = 'button';
    yes.addEventListener('click', function () { remember('cookies'); store(state.token); box.remove(); });
    no.addEventListener('click', function () { remember('cookies-declined'); box.remove(); });
    box.appendChild(yes);
    box.appendChild(no);
    if (cls === 'card' || !notice) { parent.appendChild(box); } else { parent.insertBefore(box, notice); }
  }

  // the chatflow's email capture: before the first message, after it, or after it when the team is away
  function captureWhen() {
    var capture = state.flow.emailCapture || {};
    var away = (state.flow.availability || {}).state !== 'available';
    if (stored2('email')) { return 'NEVER'; }
    if (capture.when === 'WHEN_AWAY') { return away ? 'AFTER_FIRST_MESSAGE' : 'NEVER'; }
    return capture.when || 'NEVER';
  }

  function askEmail(blocking) {
    if (state.emailForm) { return; }
    var capture = state.flow.emailCapture || {};
    var form = el('form', 'email');
    form.appendChild(el('span', null, capture.text || 'Leave your email so we can reach you if you go.'));
    var field = el('input');
    field.type = 'email';
    field.name = 'email';
    field.required = true;
    field.placeholder = 'you@example.com';
    field.setAttribute('aria-label', 'Your email');
    var save = el('button', 'send', blocking ? 'Start the chat' : 'Save');
    save.type = 'submit';
    form.appendChild(field);
    form.appendChild(save);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      call('POST', '/contact', { email: field.value.trim() }).then(function () {
        remember('email');
        form.remove();
        state.emailForm = null;
        if (blocking) { input.disabled = false; input.focus(); }
        say('Thanks, we will write to you there if you leave.');
      }, function (err) { say(err.message, true); });
    });
    state.emailForm = form;
    panel.insertBefore(form, notice);
    if (blocking) { input.disabled = true; field.focus(); }
  }

  function say(text, error) {
    notice.textContent = text || '';
    notice.className = 'notice' + (error ? ' error' : '');
  }

  function render(m) {
    if (state.seen[m.id]) { return; }
    state.seen[m.id] = true;
    var bubble = el('div', 'msg ' + (m.from === 'visitor' ? 'visitor' : 'team'));
    bubble.setAttribute('data-id', m.id);
    if (m.from !== 'visitor' && m.author) { bubble.appendChild(el('span', 'who', m.author)); }
    bubble.appendChild(document.createTextNode(m.body));
    thread.appendChild(bubble);
    thread.scrollTop = thread.scrollHeight;
  }

  function send() {
    var body = input.value.trim();
    if (!body) { return; }
    if (state.consentBox && !state.consentBox.checked) { say('Please agree to the text above first.', true); return; }
    var messageId = 'w-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 10);
    input.value = '';
    say('Sending…');
    var message = { body: body, messageId: messageId };
    if (state.flow && state.flow.inboxId === state.inboxId) { message.chatflowId = state.flow.id; }
    if (state.consentBox) { message.consent = { processing: true }; }
    call('POST', '/messages', message).then(function () {
      say('');
      if (captureWhen() === 'AFTER_FIRST_MESSAGE') { askEmail(false); }
      if (state.consentBox) { remember('consented'); state.consentBox.parentNode.remove(); state.consentBox = null; }
    }, function (e) { input.value = body; say(e.message, true); });
  }

  // live: each (re)connect asks for a fresh ticket (the session token never goes in a URL) and starts
  // with the whole conversation; render() skips what is on the page
  function listen() {
    if (state.stream) { return; }
    state.stream = 'opening';
    call('POST', '/events/tickets').then(function (out) {
      var stream = new EventSource(api + '/events?ticket=' + encodeURIComponent(out.ticket));
      state.stream = stream;
      stream.addEventListener('message', function (e) { render(JSON.parse(e.data)); });
      stream.addEventListener('status', function (e) {
        var s = JSON.parse(e.data);
        state.conversation = s;
        panel.setAttribute('data-status', s.status);
        if (s.status === 'CLOSED') { say('This conversation is closed. Write again to start a new one.'); awaitSurvey(0); }
      });
      stream.addEventListener('open', function () { panel.setAttribute('data-live', 'true'); });
      stream.addEventListener('error', function () {
        // the ticket is good for a minute: reconnect with a new one rather than the browser's retry
        panel.setAttribute('data-live', 'false');
        stream.close();
        state.stream = null;
        setTimeout(listen, 2000);
      });
    }, function () { state.stream = null; setTimeout(listen, 2000); });
  }

  // the chat survey is sent shortly after the close: ask for it a few times, then show it once
  function awaitSurvey(attempt) {
    if (state.surveyShown || attempt > 15) { return; }
    call('GET', '/survey').then(function (out) {
      if (!out || !out.survey) { setTimeout(function () { awaitSurvey(attempt + 1); }, 1500); return; }
      if (!out.survey.answered) { showSurvey(out.survey); }
    }, function () { /* no survey: nothing to show */ });
  }

  function showSurvey(survey) {
    state.surveyShown = true;
    var box = el('div', 'survey');
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', 'Rate this conversation');
    box.appendChild(el('p', 'question', survey.question));
    var scale = el('div', 'scale');
    for (var score = survey.min; score <= survey.max; score++) {
      (function (value) {
        var b = el('button', 'score', String(value));
        b.type = 'button';
        b.setAttribute('data-score', String(value));
        b.addEventListener('click', function () {
          call('POST', '/survey', { score: value }).then(function (thanks) {
            box.textContent = '';
            box.appendChild(el('strong', null, thanks.heading));
            box.appendChild(el('p', null, thanks.body));
            box.setAttribute('data-answered', 'true');
          }, function (e) { say(e.message, true); });
        });
        scale.appendChild(b);
      })(score);
    }
    box.appendChild(scale);
    thread.appendChild(box);
    thread.scrollTop = thread.scrollHeight;
  }

  // a web survey served for this page: a card of its own, shown when its trigger fires
  function webSurvey(survey) {
    var t = String(survey.trigger || '');
    var m;
    var show = function () {
      if (!root) { build(true); }
      var card = el('div', 'web-survey');
      card.setAttribute('data-survey', survey.surveyId);
      card.setAttribute('role', 'group');
      card.setAttribute('aria-label', 'A short survey');
      card.appendChild(el('p', 'question', survey.question));
      var scale = el('div', 'scale');
      for (var score = survey.scale.min; score <= survey.scale.max; score++) {
        (function (value) {
          var b = el('button', 'score', String(value));
          b.type = 'button';
          b.setAttribute('data-score', String(value));
          b.addEventListener('click', function () {
            call('POST', '/web-survey/answer', { token: survey.token, score: value }).then(function (thanks) {
              card.textContent = '';
              card.appendChild(el('strong', null, thanks.heading));
              card.appendChild(el('p', null, thanks.body));
              card.setAttribute('data-answered', 'true');
              setTimeout(function () { card.remove(); }, 6000);
            }, function (e) { card.appendChild(el('p', 'notice error', e.message)); });
          });
          scale.appendChild(b);
        })(score);
      }
      card.appendChild(scale);
      var close = el('button', 'dismiss', '×');
      close.type = 'button';
      close.setAttribute('aria-label', 'Close the survey');
      close.addEventListener('click', function () { card.remove(); });
      card.appendChild(close);
      root.appendChild(card);
      call('POST', '/web-survey/shown', { token: survey.token }).catch(function () { /* counted or not, the card stays */ });
    };
    if ((m = /^AT_(\d+)_PERCENT_SCROLL$/.exec(t))) { trigger({ trigger: { type: 'PERCENT_SCROLLED', value: Number(m[1]) } }, show); }
    else if ((m = /^AFTER_(\d+)_SECONDS$/.exec(t))) { trigger({ trigger: { type: 'SECONDS_ON_PAGE', value: Number(m[1]) } }, show); }
    else if (t === 'EXIT_INTENT') { trigger({ trigger: { type: 'EXIT_INTENT' } }, show); }
    else { show(); }
  }

  function trigger(flow, fire) {
    var t = flow.trigger || { type: 'IMMEDIATE' };
    if (t.type === 'SECONDS_ON_PAGE') { setTimeout(fire, 1000 * (t.value || 0)); return; }
    if (t.type === 'PERCENT_SCROLLED') {
      var onScroll = function () {
        var doc = document.documentElement;
        var percent = 100 * (window.scrollY + window.innerHeight) / Math.max(1, doc.scrollHeight);
        if (percent >= (t.value || 0)) { window.removeEventListener('scroll', onScroll); fire(); }
      };
      window.addEventListener('scroll', onScroll, { passive: true });
      onScroll();
      return;
    }
    if (t.type === 'EXIT_INTENT') {
      var onLeave = function (e) { if (e.clientY <= 0) { document.removeEventListener('mouseout', onLeave); fire(); } };
      document.addEventListener('mouseout', onLeave);
      return;
    }
    fire();
  }

  function start() {
    state.token = stored();
    call('POST', '/sessions', state.token ? { token: state.token } : {}).then(function (session) {
      state.token = session.token;
      state.visitorId = session.visitorId;
      state.inboxId = session.inboxId;
      if (stored()) { store(session.token); } // already kept before: keep the renewed one
      var device = mobile ? 'mobile' : 'desktop';
      var zone;
      try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { zone = undefined; }
      return call('POST', '/targeting', { url: location.href, referrer: document.referrer || undefined, device: device, timeZone: zone })
        .then(function (page) {
          var banner = page.chatflow ? (page.chatflow.consent || {}).cookieBanner : null;
          state.cookieBanner = banner === 'BEFORE_CHAT' || banner === 'ON_EXIT_INTENT' ? banner : null;
          if (!state.cookieBanner || stored2('cookies')) { store(state.token); }
          if (page.webSurvey) { webSurvey(page.webSurvey); }
          if (!page.chatflow) {
            if (window.console) { console.info('Pulse chat: no chatflow shows on this page (see its targeting)'); }
            return;
          }
          state.flow = page.chatflow;
          if (state.cookieBanner === 'ON_EXIT_INTENT' && !stored2('cookies')) {
            trigger({ trigger: { type: 'EXIT_INTENT' } }, function () { if (!root) { build(true); } cookies(root, 'card'); });
          }
          var behaviour = (page.chatflow.display || {})[device] || 'LAUNCHER_ONLY';
          trigger(page.chatflow, function () {
            if (!root) { build(); } else if (!launcher) { addLauncher(); }
            state.conversationOpen = !!(session.conversation && session.conversation.status !== 'CLOSED');
            if (state.conversationOpen) { toggle(); return; } // an ongoing chat stays open from page to page
            if (behaviour === 'WELCOME_THEN_OPEN') { toggle(); } else if (behaviour === 'WELCOME_AS_PROMPT' && page.chatflow.welcomeMessage) { showPrompt(page.chatflow.welcomeMessage); }
          });
        });
    }).catch(function (e) {
      if (window.console) { console.warn('Pulse chat: ' + e.message); }
    });
  }

  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
})();
