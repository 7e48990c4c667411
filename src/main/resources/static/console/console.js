/*
 * The operators' console: plain JavaScript over the gateway's REST API. The token lives in this tab's session
 * storage and travels only as the Authorization header. Everything that came from users (names, messages,
 * reasons) is put on the page as text (textContent, never parsed as markup), so a message "<script>…" stays text.
 * Live: GET /api/changes every second says which conversations changed on any instance; only those are read again.
 */
'use strict';

(function () {
  const TOKEN_KEY = 'wa-gateway.console.token';
  const POLL_MS = 1000;
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const PROVIDERS = { twilio: 'Twilio', meta: 'Meta', kommo: 'Kommo' };

  const state = {
    view: null,
    conversationId: null,
    conversation: null,
    cursor: null,
    pollTimer: null,
    media: new Map(),
    mediaTimer: null,
    listTimer: null,
    listSignature: null,
    listShownAt: 0,
    failuresSignature: null,
    numbersLoadedAt: 0
  };

  const $ = (id) => document.getElementById(id);

  /** An element with attributes and children; strings become text nodes, never markup. */
  function el(tag, attributes, ...children) {
    const element = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([key, value]) => {
      if (value === null || value === undefined || value === false) {
        return;
      }
      if (key === 'class') {
        element.className = value;
      } else if (key === 'text') {
        element.textContent = value;
      } else if (key.startsWith('on')) {
        element.addEventListener(key.substring(2), value);
      } else {
        element.setAttribute(key, value === true ? '' : String(value));
      }
    });
    children.flat().forEach((child) => {
      if (child !== null && child !== undefined && child !== false) {
        element.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
      }
    });
    return element;
  }

  /** Replaces a node's children, leaving out the absent ones (replaceChildren would write "null"). */
  function fill(node, ...children) {
    node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  }

  // ---------------------------------------------------------------- API

  class ApiError extends Error {
    constructor(status, body) {
      super((body && (body.detail || body.error)) || 'HTTP ' + status);
      this.status = status;
      this.body = body || {};
    }
  }

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  async function call(method, path, body, asBlob) {
    const headers = { Authorization: 'Bearer ' + token() };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    let response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' });
    } catch (e) {
      throw new ApiError(0, { error: 'network', detail: 'the gateway cannot be reached' });
    }
    if (response.status === 401) {
      signOut('The token was refused. Sign in again.');
      throw new ApiError(401, { error: 'unauthorized' });
    }
    if (asBlob && response.ok) {
      return response.blob();
    }
    let answer = null;
    const text = await response.text();
    try {
      answer = text ? JSON.parse(text) : null;
    } catch (e) {
      answer = { error: 'unreadable answer', detail: text.substring(0, 200) };
    }
    if (!response.ok) {
      throw new ApiError(response.status, answer);
    }
    return { status: response.status, body: answer };
  }

  const get = async (path) => (await call('GET', path)).body;

  // ---------------------------------------------------------------- words

  function nameOf(conversation) {
    return conversation.contactName || (conversation.username ? '@' + conversation.username : null)
      || conversation.phone || conversation.userId || conversation.kommoChatId || 'Unknown contact';
  }

  function reachOf(conversation) {
    return [conversation.phone, conversation.userId, conversation.username ? '@' + conversation.username : null,
      conversation.kommoChatId ? 'chat ' + conversation.kommoChatId : null].filter(Boolean).join(' · ');
  }

  function duration(ms) {
    const minutes = Math.max(0, Math.round(ms / 60000));
    if (minutes < 60) {
      return minutes + ' min';
    }
    const hours = Math.floor(minutes / 60);
    return hours + ' h' + (minutes % 60 ? ' ' + (minutes % 60) + ' min' : '');
  }

  function age(iso) {
    if (!iso) {
      return '';
    }
    const seconds = (Date.now() - new Date(iso).getTime()) / 1000;
    if (seconds < 60) {
      return 'just now';
    }
    if (seconds < 3600) {
      return Math.floor(seconds / 60) + ' min ago';
    }
    if (seconds < 86400) {
      return Math.floor(seconds / 3600) + ' h ago';
    }
    return Math.floor(seconds / 86400) + ' d ago';
  }

  function clock(iso) {
    const date = new Date(iso);
    const today = new Date().toDateString() === date.toDateString();
    return today ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
      : date.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  }

  function windowOpen(conversation) {
    return Boolean(conversation.windowClosesAt) && new Date(conversation.windowClosesAt).getTime() > Date.now();
  }

  /** {text, open}: the 24-hour window as words. */
  function windowState(conversation) {
    if (!conversation.windowApplies) {
      return { text: 'No 24-hour window (Kommo)', open: true, none: true };
    }
    if (windowOpen(conversation)) {
      const left = new Date(conversation.windowClosesAt).getTime() - Date.now();
      return { text: 'Window open · ' + duration(left) + ' left (closes ' + clock(conversation.windowClosesAt) + ')',
        short: 'open · ' + duration(left) + ' left', open: true };
    }
    return { text: conversation.windowClosesAt ? 'Window closed since ' + clock(conversation.windowClosesAt)
      : 'Window closed (the user has not written)', short: 'window closed', open: false };
  }

  function authorOf(message) {
    if (message.role === 'user') {
      return 'User';
    }
    if (message.role === 'system') {
      return 'System';
    }
    const author = message.metadata && message.metadata.author;
    return author === 'agent' ? 'Agent' : author === 'system' ? 'System' : 'Assistant';
  }

  const STATUS_WORDS = {
    pending: 'pending', accepted: 'sent to the provider', sent: 'sent', delivered: 'delivered', read: 'read',
    failed: 'failed', expired: 'expired', dry_run: 'dry run (not sent)', queued: 'queued for the window'
  };

  /** What a message written now becomes: {kind: text|template|queued|blocked, text}. */
  function forecast(conversation) {
    if (conversation.status === 'closed') {
      return { kind: 'blocked', text: 'This conversation is closed: hand it back or take it over to write.' };
    }
    if (conversation.status === 'merged') {
      return { kind: 'blocked', text: 'This conversation was merged into another one: write there.' };
    }
    if (!conversation.windowApplies) {
      return { kind: 'text', text: 'Goes out as text (Kommo has no 24-hour window).' };
    }
    if (windowOpen(conversation)) {
      return { kind: 'text', text: 'Goes out as text: the window is open for ' + duration(
        new Date(conversation.windowClosesAt).getTime() - Date.now()) + '.' };
    }
    if (conversation.optedOut) {
      return { kind: 'blocked', text: 'The window is closed and the user opted out: nothing can be sent until they '
        + 'write again.' };
    }
    if (conversation.outsideWindow === 'template') {
      return { kind: 'template', text: 'The window is closed: it goes out as the fallback template carrying your '
        + 'text (a text too long for a template is queued instead).' };
    }
    if (conversation.outsideWindow === 'invitation') {
      return { kind: 'queued', text: 'The window is closed: it is queued, and one template invites the user back; '
        + 'it goes out when they answer.' };
    }
    return { kind: 'queued', text: 'The window is closed and no template is configured: it is queued until the '
      + 'user writes again.' };
  }

  /** The API's refusals, said in words. */
  function refusal(error) {
    const words = {
      'conversation closed': 'Not sent: the conversation is closed.',
      'user opted out': 'Not sent: the user opted out, and the 24-hour window is closed.',
      'conversation merged': 'Not sent: this conversation was merged into another one.',
      'conversation not found': 'Not sent: the conversation no longer exists.'
    };
    return words[error.body.error] || ('Not sent: ' + error.message + '.');
  }

  // ---------------------------------------------------------------- sign-in and views

  function showSignIn(message) {
    stopPolling();
    ['nav', 'sign-out', 'live', 'view-conversations', 'view-failures', 'view-numbers'].forEach((id) => {
      $(id).hidden = true;
    });
    $('sign-in').hidden = false;
    $('sign-in-status').textContent = message || '';
    $('token').value = '';
    $('token').focus();
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    releaseMedia(null);
    state.conversation = null;
    showSignIn(message);
  }

  async function signIn(event) {
    event.preventDefault();
    const candidate = $('token').value.trim();
    if (!candidate) {
      $('sign-in-status').textContent = 'Enter the token.';
      return;
    }
    $('sign-in-status').textContent = 'Checking the token…';
    sessionStorage.setItem(TOKEN_KEY, candidate);
    try {
      await get('/api/stats/providers');
      $('token').value = '';
      start();
    } catch (e) {
      if (e.status !== 401) {
        sessionStorage.removeItem(TOKEN_KEY);
        $('sign-in-status').textContent = 'Could not check the token: ' + e.message + '.';
      }
    }
  }

  function start() {
    $('sign-in').hidden = true;
    $('nav').hidden = false;
    $('sign-out').hidden = false;
    $('live').hidden = false;
    setLive(null);
    route();
    startPolling();
  }

  function route() {
    if (!token()) {
      showSignIn();
      return;
    }
    const parts = location.hash.replace(/^#\/?/, '').split('/');
    const view = ['conversations', 'failures', 'numbers'].includes(parts[0]) ? parts[0] : 'conversations';
    const id = view === 'conversations' && UUID.test(parts[1] || '') ? parts[1].toLowerCase() : null;
    const changedView = state.view !== view;
    state.view = view;
    document.querySelectorAll('#nav a').forEach((link) => {
      if (link.dataset.view === view) {
        link.setAttribute('aria-current', 'page');
      } else {
        link.removeAttribute('aria-current');
      }
    });
    ['conversations', 'failures', 'numbers'].forEach((name) => {
      $('view-' + name).hidden = name !== view;
    });
    if (view === 'conversations') {
      if (changedView || !$('conversation-list').childElementCount) {
        loadList();
      }
      openConversation(id);
    } else if (view === 'failures') {
      loadFailures();
    } else {
      loadNumbers();
    }
  }

  // ---------------------------------------------------------------- live

  function setLive(ok) {
    const live = $('live');
    live.className = 'live ' + (ok === null ? 'connecting' : ok ? 'on' : 'off');
    live.textContent = ok === null ? 'Connecting…' : ok ? 'Live' : 'Offline: retrying';
  }

  function startPolling() {
    stopPolling();
    state.cursor = null;
    state.pollTimer = setTimeout(poll, 0);
  }

  function stopPolling() {
    if (state.pollTimer) {
      clearTimeout(state.pollTimer);
      state.pollTimer = null;
    }
  }

  async function poll() {
    let next = POLL_MS;
    try {
      const changes = await get('/api/changes' + (state.cursor ? '?after=' + encodeURIComponent(state.cursor) : ''));
      setLive(true);
      if (changes.reset) {
        // load again what is shown: the changes since the last cursor are not known (a first poll, another
        // instance, a lost connection); while the instance starts watching there is no cursor yet
        state.cursor = changes.cursor;
        if (changes.cursor === null) {
          next = 200;
        } else {
          refreshEverything();
        }
      } else {
        state.cursor = changes.cursor;
        if (changes.conversations.length) {
          changed(changes.conversations);
        }
      }
    } catch (e) {
      if (e.status === 401) {
        return;
      }
      setLive(false);
      state.cursor = null;
    }
    if (token()) {
      state.pollTimer = setTimeout(poll, next);
    }
  }

  function refreshEverything() {
    if (state.view === 'conversations') {
      scheduleList();
      if (state.conversationId) {
        loadConversation(state.conversationId);
      }
    } else if (state.view === 'failures') {
      loadFailures();
    } else if (state.view === 'numbers') {
      loadNumbers();
    }
  }

  function changed(ids) {
    if (state.view === 'conversations') {
      scheduleList();
      if (state.conversationId && ids.includes(state.conversationId)) {
        loadConversation(state.conversationId);
      }
    } else if (state.view === 'failures') {
      loadFailures();
    } else if (state.view === 'numbers' && Date.now() - state.numbersLoadedAt > 5000) {
      loadNumbers();
    }
  }

  // ---------------------------------------------------------------- conversation list

  function scheduleList() {
    clearTimeout(state.listTimer);
    state.listTimer = setTimeout(loadList, 100);
  }

  async function loadList() {
    const list = $('conversation-list');
    const status = $('list-state');
    const query = new URLSearchParams({ sort: 'escalated-first', limit: '100' });
    const q = $('filter-q').value.trim();
    if (q) {
      query.set('q', q);
    }
    if ($('filter-provider').value) {
      query.set('provider', $('filter-provider').value);
    }
    if ($('filter-status').value) {
      query.set('status', $('filter-status').value);
    }
    if (!list.childElementCount) {
      status.textContent = 'Loading conversations…';
    }
    try {
      const page = await get('/api/conversations?' + query);
      const signature = JSON.stringify([state.conversationId, page.conversations]);
      if (signature === state.listSignature && list.childElementCount && Date.now() - state.listShownAt < 60000) {
        return;
      }
      state.listSignature = signature;
      state.listShownAt = Date.now();
      const focused = document.activeElement && document.activeElement.dataset
        ? document.activeElement.dataset.conversation : null;
      list.replaceChildren(...page.conversations.map(row));
      status.textContent = page.conversations.length ? ''
        : (q || query.has('provider') || query.has('status') ? 'No conversation matches these filters.'
          : 'No conversations yet. They appear here as soon as a user writes.');
      if (focused) {
        const again = list.querySelector('[data-conversation="' + focused + '"]');
        if (again) {
          again.focus();
        }
      }
    } catch (e) {
      if (e.status !== 401) {
        status.textContent = 'Could not load the conversations: ' + e.message + '. Retrying with the next change.';
      }
    }
  }

  function row(conversation) {
    const windowInfo = windowState(conversation);
    const last = conversation.lastMessage;
    const lastText = last ? (last.role === 'user' ? '' : (last.author === 'agent' ? 'Agent: '
      : last.role === 'system' || last.author === 'system' ? 'System: ' : 'Assistant: ')) + last.content : 'No messages';
    const link = el('a', {
      href: '#/conversations/' + conversation.id,
      class: 'row' + (conversation.id === state.conversationId ? ' selected' : ''),
      'data-conversation': conversation.id,
      'aria-current': conversation.id === state.conversationId ? 'true' : null
    },
    el('span', { class: 'row-top' },
      el('span', { class: 'provider provider-' + conversation.provider, text: PROVIDERS[conversation.provider] }),
      el('span', { class: 'name', text: nameOf(conversation) }),
      conversation.status === 'escalated' ? el('span', { class: 'badge escalated', text: 'Escalated' }) : null,
      conversation.status === 'closed' ? el('span', { class: 'badge closed', text: 'Closed' }) : null,
      conversation.optedOut ? el('span', { class: 'badge opted-out', text: 'Opted out' }) : null,
      el('span', { class: 'age', text: last ? age(last.createdAt) : age(conversation.lastMessageAt) })),
    el('span', { class: 'last', text: lastText }),
    windowInfo.none ? null : el('span', { class: 'window ' + (windowInfo.open ? 'open' : 'closed'),
      text: windowInfo.open ? 'Window ' + windowInfo.short : 'Window closed' }));
    return el('li', { class: conversation.status === 'escalated' ? 'escalated' : null }, link);
  }

  // ---------------------------------------------------------------- one conversation

  function openConversation(id) {
    const changedConversation = state.conversationId !== id;
    state.conversationId = id;
    document.body.classList.toggle('detail-open', Boolean(id));
    document.querySelectorAll('#conversation-list a.row').forEach((link) => {
      const selected = link.dataset.conversation === id;
      link.classList.toggle('selected', selected);
      if (selected) {
        link.setAttribute('aria-current', 'true');
      } else {
        link.removeAttribute('aria-current');
      }
    });
    if (changedConversation) {
      releaseMedia(null);
      clearTimeout(state.mediaTimer);
    }
    if (!id) {
      state.conversation = null;
      $('detail').replaceChildren(el('p', { class: 'state placeholder',
        text: 'Choose a conversation to see its messages.' }));
      return;
    }
    if (changedConversation) {
      state.conversation = null;
      $('detail').replaceChildren(el('p', { class: 'state', role: 'status', text: 'Loading the conversation…' }));
      loadConversation(id, true);
    }
  }

  async function loadConversation(id, focus) {
    try {
      const [conversation, messages] = await Promise.all([get('/api/conversations/' + id),
        get('/api/conversations/' + id + '/messages')]);
      if (state.conversationId !== id) {
        return;
      }
      renderConversation(conversation, messages.messages, focus);
    } catch (e) {
      if (e.status === 401 || state.conversationId !== id) {
        return;
      }
      $('detail').replaceChildren(el('p', { class: 'state error', role: 'alert', text: e.status === 404
        ? 'This conversation does not exist (any more).'
        : 'Could not load the conversation: ' + e.message + '. Retrying with the next change.' }));
    }
  }

  function renderConversation(conversation, messages, focus) {
    const detail = $('detail');
    const first = !state.conversation || state.conversation.id !== conversation.id;
    state.conversation = conversation;
    if (first || !detail.querySelector('.thread')) {
      detail.replaceChildren(...conversationSkeleton());
    }
    const windowInfo = windowState(conversation);
    detail.querySelector('.detail-name').textContent = nameOf(conversation);
    fill(detail.querySelector('.detail-meta'),
      el('span', { class: 'provider provider-' + conversation.provider, text: PROVIDERS[conversation.provider] }),
      el('span', { class: 'badge status-' + conversation.status, text: conversation.status }),
      conversation.optedOut ? el('span', { class: 'badge opted-out', text: 'Opted out' }) : null,
      el('span', { class: 'reach', text: reachOf(conversation) }));
    const windowLine = detail.querySelector('.detail-window');
    windowLine.textContent = windowInfo.text;
    windowLine.className = 'detail-window ' + (windowInfo.open ? 'open' : 'closed');
    detail.querySelectorAll('.actions button').forEach((button) => {
      const current = button.dataset.status === conversation.status;
      button.disabled = current || conversation.status === 'merged';
      button.setAttribute('aria-pressed', current ? 'true' : 'false');
    });
    renderThread(detail.querySelector('.thread'), messages);
    updateForecast();
    if (focus) {
      detail.querySelector('.detail-name').focus();
    }
  }

  function conversationSkeleton() {
    const statusButton = (status, label) => el('button', { type: 'button', 'data-status': status,
      onclick: () => changeStatus(status, label) }, label);
    const text = el('textarea', { id: 'compose-text', rows: 3, maxlength: 4096, 'aria-describedby': 'forecast',
      placeholder: 'Write as the agent…', oninput: updateForecast, onkeydown: (event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          send();
        }
      } });
    return [
      el('div', { class: 'detail-head' },
        el('a', { href: '#/conversations', class: 'back', text: '← Conversations' }),
        el('h2', { class: 'detail-name', tabindex: '-1' }),
        el('p', { class: 'detail-meta' }),
        el('p', { class: 'detail-window' }),
        el('div', { class: 'actions', role: 'group', 'aria-label': 'Who answers' },
          statusButton('escalated', 'Take over'),
          statusButton('active', 'Hand back to the assistant'),
          statusButton('closed', 'Close')),
        el('p', { class: 'action-state', role: 'status', 'aria-live': 'polite' })),
      el('ol', { class: 'thread', 'aria-label': 'Messages' }),
      el('form', { class: 'compose', onsubmit: (event) => {
        event.preventDefault();
        send();
      } },
      el('label', { for: 'compose-text', class: 'visually-hidden', text: 'Message as the agent' }),
      text,
      el('p', { id: 'forecast', class: 'forecast' }),
      el('div', { class: 'compose-row' },
        el('button', { type: 'submit', class: 'primary', id: 'compose-send', text: 'Send as agent' }),
        el('span', { class: 'compose-state', role: 'status', 'aria-live': 'polite' })))
    ];
  }

  /** The message (as JSON) each bubble on the page was drawn from. */
  const renderedFrom = new WeakMap();

  function renderThread(thread, messages) {
    const signature = JSON.stringify(messages);
    scheduleMediaCheck(messages);
    if (thread.dataset.signature === signature) {
      return;
    }
    thread.dataset.signature = signature;
    // blob: URLs of media no longer on the page are given back; those still shown are kept (no second download)
    releaseMedia(new Set(messages.flatMap((m) => attachmentsOf(m).map((a) => String(a.id)))));
    const nearBottom = thread.scrollHeight - thread.scrollTop - thread.clientHeight < 80;
    if (!messages.length) {
      thread.replaceChildren(el('li', { class: 'state', text: 'No messages in this conversation yet.' }));
      return;
    }
    // a message that did not change keeps its element: a voice note being played goes on playing
    const shown = new Map([...thread.querySelectorAll(':scope > li.bubble')].map((li) => [li.dataset.message, li]));
    thread.replaceChildren(...messages.map((message) => {
      const own = JSON.stringify(message);
      const previous = shown.get(String(message.id));
      if (previous && renderedFrom.get(previous) === own) {
        return previous;
      }
      const li = bubble(message);
      renderedFrom.set(li, own);
      return li;
    }));
    if (nearBottom || !thread.dataset.shown) {
      thread.scrollTop = thread.scrollHeight;
    }
    thread.dataset.shown = 'yes';
  }

  /** Every attachment of a message, in order ({@code media} alone from an older gateway). */
  function attachmentsOf(message) {
    return message.attachments || (message.media ? [message.media] : []);
  }

  /**
   * What the user wrote with the media, if anything: a text that only describes them ("[image: image/png]") is
   * left out, and a voice note's transcript, which the transcription puts in the content, is shown with the note.
   */
  function writtenText(message, attachments) {
    if (!attachments.length) {
      return message.content;
    }
    const transcribed = attachments.some((a) => a.transcript);
    const before = message.metadata && message.metadata.contentBeforeTranscript;
    const text = ((transcribed && typeof before === 'string' ? before : message.content) || '').trim();
    const onlyDescribes = /^\[[^[\]]*\]$/.test(text) || attachments.some((a) => a.filename && a.filename === text);
    return onlyDescribes ? null : text;
  }

  function bubble(message) {
    const author = authorOf(message);
    const outgoing = message.role === 'assistant';
    const meta = el('span', { class: 'bubble-meta' },
      el('span', { class: 'author', text: author }),
      el('time', { datetime: message.createdAt, text: clock(message.createdAt) }));
    const attachments = attachmentsOf(message);
    const written = writtenText(message, attachments);
    const content = el('div', { class: 'content' }, attachments.map(mediaOf),
      written ? el('p', { class: 'text', text: written }) : null);
    const statuses = [];
    if (outgoing && message.deliveryStatus) {
      statuses.push(el('span', { class: 'delivery delivery-' + message.deliveryStatus,
        'data-delivery': message.deliveryStatus, text: STATUS_WORDS[message.deliveryStatus] || message.deliveryStatus }));
    }
    if (message.metadata && message.metadata.template) {
      statuses.push(el('span', { class: 'delivery template', text: message.metadata.reengagement
        ? 'template inviting the user back' : 'template' }));
    }
    if (message.deliveryStatus === 'failed' && (message.deliveryError || message.deliveryErrorCode)) {
      statuses.push(el('span', { class: 'delivery-error', text: 'Reason: ' + [message.deliveryErrorCode,
        message.deliveryError].filter(Boolean).join(' — ') }));
    }
    return el('li', { class: 'bubble ' + (outgoing ? 'out ' : 'in ') + author.toLowerCase(),
      'data-message': message.id },
    meta, content, statuses.length ? el('div', { class: 'statuses' }, statuses) : null);
  }

  const MEDIA_STATES = {
    pending: 'still being downloaded from the provider…',
    failed: 'could not be downloaded from the provider',
    too_large: 'too large to keep (over MEDIA_MAX_BYTES)'
  };

  /**
   * One attachment: stored images, audio and video inline from GET /api/media/{id} fetched with the token and
   * shown through a blob: URL (an element's own request would carry no token); other files as a download; a file
   * not stored says why; a voice note's transcript as text.
   */
  function mediaOf(media) {
    const type = String(media.contentType || '');
    const label = (media.filename || type || 'file') + (media.size ? ' (' + size(media.size) + ')' : '');
    const box = el('div', { class: 'media', 'data-media': media.id, 'data-media-status': media.status });
    const transcript = media.transcript ? el('p', { class: 'transcript', text: 'Transcript: ' + media.transcript })
      : null;
    const kind = ['image', 'audio', 'video'].find((k) => type.startsWith(k + '/'));
    if (media.status !== 'stored' || !UUID.test(String(media.id || ''))) {
      box.classList.add('media-missing');
      box.appendChild(el('span', { class: 'media-state', text: label + ': ' + (MEDIA_STATES[media.status]
        || 'not available (' + (media.status || 'unknown') + ')') }));
    } else if (kind) {
      const loading = el('span', { class: 'media-state', text: 'Loading ' + label + '…' });
      box.appendChild(loading);
      mediaUrl(media.id).then((url) => {
        loading.replaceWith(kind === 'image' ? el('img', { src: url, alt: media.filename || 'Image from the user' })
          : el(kind, { src: url, controls: true, preload: 'metadata', 'aria-label': label }));
      }).catch((e) => {
        box.classList.add('media-missing');
        loading.textContent = label + ': could not be loaded (' + e.message + ')';
      });
    } else {
      box.appendChild(el('button', { type: 'button', class: 'link download', onclick: () => download(media, label),
        text: 'Download ' + label }));
    }
    if (transcript) {
      box.appendChild(transcript);
    }
    return box;
  }

  /** The blob: URL of a stored file, downloaded once while it is shown. */
  function mediaUrl(id) {
    let entry = state.media.get(id);
    if (!entry) {
      entry = { url: null, released: false };
      entry.promise = call('GET', '/api/media/' + encodeURIComponent(id), undefined, true).then((blob) => {
        if (entry.released) {
          throw new Error('no longer shown');
        }
        entry.url = URL.createObjectURL(blob);
        return entry.url;
      });
      entry.promise.catch(() => {
        if (state.media.get(id) === entry) {
          state.media.delete(id); // tried again with the next rendering
        }
      });
      state.media.set(id, entry);
    }
    return entry.promise;
  }

  /** Gives back the blob: URLs of every file but {@code keep}'s ids (all when none). */
  function releaseMedia(keep) {
    state.media.forEach((entry, id) => {
      if (!keep || !keep.has(id)) {
        entry.released = true;
        if (entry.url) {
          URL.revokeObjectURL(entry.url);
        }
        state.media.delete(id);
      }
    });
  }

  /** While a shown file is still being downloaded, the conversation is read again (its row sends no change). */
  function scheduleMediaCheck(messages) {
    clearTimeout(state.mediaTimer);
    const id = state.conversationId;
    if (messages.some((m) => attachmentsOf(m).some((a) => a.status === 'pending'))) {
      state.mediaTimer = setTimeout(() => {
        if (state.conversationId === id) {
          loadConversation(id);
        }
      }, 2000);
    }
  }

  async function download(media, label) {
    try {
      const subtype = String(media.contentType || '').split(/[/;]/)[1] || '';
      const name = media.filename || 'attachment' + (/^[a-z0-9]{1,5}$/.test(subtype) ? '.' + subtype : '');
      const link = el('a', { href: await mediaUrl(media.id), download: name });
      document.body.appendChild(link);
      link.click();
      link.remove();
    } catch (e) {
      alertState('Could not download ' + label + ': ' + e.message + '.');
    }
  }

  function size(bytes) {
    return bytes < 1024 ? bytes + ' B' : bytes < 1048576 ? Math.round(bytes / 1024) + ' KB'
      : (bytes / 1048576).toFixed(1) + ' MB';
  }

  function alertState(text) {
    const target = document.querySelector('.compose-state');
    if (target) {
      target.textContent = text;
    }
  }

  function updateForecast() {
    const conversation = state.conversation;
    const line = $('forecast');
    if (!conversation || !line) {
      return;
    }
    const outcome = forecast(conversation);
    line.textContent = outcome.text;
    line.className = 'forecast forecast-' + outcome.kind;
    line.dataset.kind = outcome.kind;
    $('compose-send').disabled = outcome.kind === 'blocked' || !$('compose-text').value.trim();
  }

  async function changeStatus(status, label) {
    const id = state.conversationId;
    const note = document.querySelector('.action-state');
    note.textContent = label + '…';
    try {
      await call('PATCH', '/api/conversations/' + id, { status });
      note.textContent = { escalated: 'You have taken over: the assistant stays silent.',
        active: 'Handed back: the assistant answers again.', closed: 'Closed.' }[status];
      loadConversation(id);
      scheduleList();
    } catch (e) {
      if (e.status !== 401) {
        note.textContent = 'Not changed: ' + e.message + '.';
      }
    }
  }

  async function send() {
    const id = state.conversationId;
    const text = $('compose-text');
    const note = document.querySelector('.compose-state');
    if (!text.value.trim() || $('compose-send').disabled) {
      return;
    }
    $('compose-send').disabled = true;
    note.textContent = 'Sending…';
    try {
      const answer = await call('POST', '/api/conversations/' + id + '/messages', { text: text.value,
        author: 'agent' });
      note.textContent = { sent: 'Sent as text.', template: 'Going out as the template.',
        queued: 'Queued until the user writes again.' }[answer.body.delivery] || 'Stored.';
      text.value = '';
      loadConversation(id);
    } catch (e) {
      if (e.status !== 401) {
        note.textContent = e.status === 409 ? refusal(e) : 'Not sent: ' + e.message + '.';
      }
    }
    updateForecast();
  }

  // ---------------------------------------------------------------- failures

  async function loadFailures() {
    const list = $('failure-list');
    const status = $('failures-state');
    if (!list.childElementCount) {
      status.textContent = 'Loading failures…';
    }
    try {
      const page = await get('/api/failures?limit=100');
      const signature = JSON.stringify(page.failures);
      if (signature === state.failuresSignature && list.childElementCount) {
        return;
      }
      state.failuresSignature = signature;
      list.replaceChildren(...page.failures.map(failure));
      status.textContent = page.failures.length ? '' : 'No failed messages. Everything went out.';
    } catch (e) {
      if (e.status !== 401) {
        status.textContent = 'Could not load the failures: ' + e.message + '. Retrying with the next change.';
      }
    }
  }

  function failure(item) {
    const note = el('span', { class: 'retry-state', role: 'status', 'aria-live': 'polite' });
    const retry = el('button', { type: 'button', class: 'primary', 'data-retry': item.messageId,
      onclick: async () => {
        retry.disabled = true;
        note.textContent = 'Retrying…';
        try {
          const answer = await call('POST', '/api/failures/' + item.messageId + '/retry');
          note.textContent = 'Back in the send queue (operator retry ' + answer.body.operatorRetries + ').';
        } catch (e) {
          retry.disabled = false;
          if (e.status !== 401) {
            note.textContent = 'Not retried: ' + e.message + '.';
          }
        }
      } }, 'Retry');
    const who = item.phone || item.userId || (item.kommoChatId ? 'chat ' + item.kommoChatId : 'unknown');
    return el('li', { class: 'failure', 'data-failure': item.messageId },
      el('div', { class: 'failure-head' },
        el('span', { class: 'provider provider-' + item.provider, text: PROVIDERS[item.provider] }),
        el('span', { class: 'who', text: who }),
        el('time', { datetime: item.failedAt, text: item.failedAt ? clock(item.failedAt) : '' })),
      el('p', { class: 'reason' }, el('strong', { text: item.errorCode || 'failed' }),
        item.reason ? ': ' + item.reason : ''),
      el('p', { class: 'failure-content', text: item.content }),
      el('p', { class: 'failure-meta', text: (item.author || 'assistant') + ' · ' + item.attempts + ' attempt'
        + (item.attempts === 1 ? '' : 's') + (item.operatorRetries ? ' · retried ' + item.operatorRetries
          + ' time' + (item.operatorRetries === 1 ? '' : 's') + ' by an operator' : '') }),
      el('div', { class: 'failure-actions' }, retry,
        el('a', { href: '#/conversations/' + item.conversationId, text: 'Open the conversation' }), note));
  }

  // ---------------------------------------------------------------- numbers

  async function loadNumbers() {
    const status = $('numbers-state');
    state.numbersLoadedAt = Date.now();
    if (!$('charts').childElementCount) {
      status.textContent = 'Loading the numbers…';
    }
    try {
      const [providers, traffic, replies, daily] = await Promise.all([get('/api/stats/providers'),
        get('/api/stats/traffic'), get('/api/stats/replies'), get('/api/stats/daily')]);
      status.textContent = '';
      $('provider-cards').replaceChildren(...providers.map((p) => el('div', { class: 'card' },
        el('h2', { text: PROVIDERS[p.provider] }),
        el('dl', {},
          el('dt', { text: 'Active' }), el('dd', { text: String(p.active) }),
          el('dt', { text: 'Escalated' }), el('dd', { text: String(p.escalated) }),
          el('dt', { text: 'User wrote within 24 h' }), el('dd', { text: String(p.within24h) }),
          el('dt', { text: 'Opted out' }), el('dd', { text: String(p.optedOut) })))));
      const hour = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      const seconds = (ms) => (ms < 1000 ? Math.round(ms) + ' ms' : ms < 10000 ? (ms / 1000).toFixed(1) + ' s'
        : Math.round(ms / 1000) + ' s');
      const narrow = window.innerWidth < 1000;
      const width = narrow ? $('charts').clientWidth - 26 : Math.min(640, ($('charts').clientWidth - 16) / 2 - 26);
      const every = narrow ? 6 : 4;
      const withReplies = replies.filter((r) => r.replies > 0);
      $('charts').replaceChildren(
        Charts.bars({ caption: 'Conversations per provider', width, labels: providers.map((p) => PROVIDERS[p.provider]),
          series: [{ name: 'Active', cls: 's1', values: providers.map((p) => p.active) },
            { name: 'Escalated', cls: 's3', values: providers.map((p) => p.escalated) },
            { name: 'Within 24 h', cls: 's2', values: providers.map((p) => p.within24h) }] }),
        Charts.bars({ caption: 'Messages per hour, last 24 hours', labels: traffic.map((t) => hour(t.hour)), every, width,
          series: [{ name: 'In (users)', cls: 's1', values: traffic.map((t) => t.in) },
            { name: 'Out (sent)', cls: 's2', values: traffic.map((t) => t.out) }] }),
        Charts.lines({ caption: 'Reply time, from the user\'s message to the send, last 24 hours',
          labels: replies.map((r) => hour(r.hour)), every, width, format: seconds,
          summary: withReplies.length ? withReplies.reduce((a, r) => a + r.replies, 0) + ' replies; median of the '
            + 'last hour with replies ' + seconds(withReplies[withReplies.length - 1].medianMs)
            : 'no replies in the last 24 hours',
          series: [{ name: 'Median', cls: 's1', values: replies.map((r) => r.medianMs) },
            { name: '95th percentile', cls: 's3', values: replies.map((r) => r.p95Ms) }] }),
        Charts.bars({ caption: 'Templates and failures per day (UTC), last 14 days',
          labels: daily.map((d) => d.day.substring(5)), every: narrow ? 3 : 2, width,
          series: [{ name: 'Templates', cls: 's2', values: daily.map((d) => d.templates) },
            { name: 'Failures', cls: 's3', values: daily.map((d) => d.failures) }] }));
    } catch (e) {
      if (e.status !== 401) {
        status.textContent = 'Could not load the numbers: ' + e.message + '.';
      }
    }
  }

  // ---------------------------------------------------------------- start

  document.addEventListener('DOMContentLoaded', () => {
    $('sign-in-form').addEventListener('submit', signIn);
    $('sign-out').addEventListener('click', () => signOut('Signed out.'));
    let searchTimer = null;
    $('filter-q').addEventListener('input', () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(loadList, 250);
    });
    $('filters').addEventListener('submit', (event) => {
      event.preventDefault();
      loadList();
    });
    $('filter-provider').addEventListener('change', loadList);
    $('filter-status').addEventListener('change', loadList);
    window.addEventListener('hashchange', route);
    // the charts are drawn at the width they are shown at
    let resizeTimer = null;
    let drawnWidth = window.innerWidth;
    window.addEventListener('resize', () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => {
        if (state.view === 'numbers' && token() && window.innerWidth !== drawnWidth) {
          drawnWidth = window.innerWidth;
          loadNumbers();
        }
      }, 150);
    });
    // the window's time left moves on without any change
    setInterval(() => {
      if (state.conversation) {
        const line = document.querySelector('.detail-window');
        if (line) {
          line.textContent = windowState(state.conversation).text;
        }
        updateForecast();
      }
    }, 30000);
    if (token()) {
      start();
    } else {
      showSignIn();
    }
  });
})();
