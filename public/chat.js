// crampbot web chat: our own client, no libraries. Every piece of user or bot text goes into the page with
// textContent, never parsed as HTML; links are built with createElement and only for tel: numbers and https URLs.
// Protocol: see src/web/protocol.ts.

const SOCKET_PATH = '/chat/socket';
const LEVELS = new Set(['emergency', 'urgent', 'gp', 'none']);
// The page's language is set by the server (<html lang>, from the browser or the page's switch).
const LANG = document.documentElement.lang === 'ru' ? 'ru' : 'en';
const TEXTS = {
  en: {
    emergency: 'Emergency: act now',
    urgent: 'Urgent: get seen today',
    youSaid: 'You said: ',
    botWarns: 'crampbot warns: ',
    botSaid: 'crampbot said: ',
    call: (number) => `Call ${number}`,
    callLabel: (number) => `Call the emergency number ${number}`,
    callIfWorse: (number) => `If it gets worse: call ${number}`,
    suggested: 'Suggested replies',
    offline: 'Not connected. Your message will be sent when the connection is back.',
    tooBig: 'That message was too big to send.',
    tooFast: 'Too many messages too quickly: please wait a moment.',
    reconnecting: 'Connection lost. Reconnecting…',
    startingOver: 'Starting over: I have forgotten your country choice and the last topic.',
  },
  ru: {
    emergency: 'Срочно: действуйте сейчас',
    urgent: 'Нужен врач сегодня',
    youSaid: 'Вы написали: ',
    botWarns: 'crampbot предупреждает: ',
    botSaid: 'crampbot ответил: ',
    call: (number) => `Позвонить ${number}`,
    callLabel: (number) => `Позвонить в экстренную службу ${number}`,
    callIfWorse: (number) => `Если станет хуже: ${number}`,
    suggested: 'Варианты ответа',
    offline: 'Нет соединения. Сообщение отправится, когда связь восстановится.',
    tooBig: 'Сообщение слишком большое.',
    tooFast: 'Слишком много сообщений подряд: подождите немного.',
    reconnecting: 'Соединение потеряно. Переподключаюсь…',
    startingOver: 'Начинаем заново: я забыл выбранную страну, язык и последнюю тему.',
    // The server's error notices by code (its own texts are English).
    errors: {
      too_long: 'Сообщение слишком длинное для меня. Пожалуйста, сократите его.',
      rate_limited: 'Вы пишете очень быстро. Подождите несколько секунд и попробуйте снова.',
      bad_frame: 'Извините, я не смог прочитать сообщение. Перезагрузите страницу.',
      server_error:
        'Извините, у меня что-то пошло не так. Попробуйте ещё раз. Если вам, возможно, угрожает опасность, звоните 112 (в России — 103 или 112).',
    },
  },
};
const T = TEXTS[LANG];
const BANNERS = { emergency: T.emergency, urgent: T.urgent };
const NUMBER = /^[0-9]{2,4}$/;
const URL_PATTERN = /https:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g;

const log = document.getElementById('log');
const form = document.getElementById('composer');
const input = document.getElementById('text');
const resetButton = document.getElementById('reset');
const status = document.getElementById('status');

let socket = null;
let retries = 0;
let retryTimer = null;
/** Frames typed while the socket was down, sent when it is back (a few at most). */
const outbox = [];
/** The first bot message in an empty log or after the person's own message is shown from its top. */
let scrollNextToTop = true;

const el = (tag, className, text) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};

const reducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

const scrollToShow = (node, toTop) => {
  const behavior = reducedMotion() ? 'auto' : 'smooth';
  // Only the transcript scrolls (never the page): node.offsetTop is relative to the positioned log.
  log.scrollTo({ top: toTop ? node.offsetTop - 12 : log.scrollHeight, behavior });
};

const setStatus = (text) => {
  status.textContent = text;
  status.hidden = text === '';
};

/** Appends text to `parent`, turning the emergency number into a tel: link and https URLs into links. */
const appendRich = (parent, text, number) => {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    parts.push({ text: text.slice(last, match.index) });
    parts.push({ url: match[0] });
    last = match.index + match[0].length;
  }
  parts.push({ text: text.slice(last) });
  for (const part of parts) {
    if (part.url) {
      const link = el('a', 'source', part.url);
      link.href = part.url;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      parent.append(link);
      continue;
    }
    if (!number) {
      parent.append(part.text);
      continue;
    }
    // The number as a whole word only ("112", not the "112" in "1120").
    const pieces = part.text.split(new RegExp(`(?<![0-9])(${number})(?![0-9])`));
    pieces.forEach((piece, index) => {
      if (index % 2 === 0) {
        parent.append(piece);
      } else {
        const link = el('a', 'tel', piece);
        link.href = `tel:${piece}`;
        parent.append(link);
      }
    });
  }
};

const appendParagraphs = (parent, text, number) => {
  for (const paragraph of text.split(/\n{2,}/)) {
    if (paragraph.trim() === '') continue;
    const p = el('p');
    appendRich(p, paragraph.trim(), number);
    parent.append(p);
  }
};

const addUserMessage = (text) => {
  const item = el('li', 'msg user');
  item.append(el('span', 'visually-hidden', T.youSaid));
  appendParagraphs(item, text, null);
  log.append(item);
  scrollNextToTop = true;
  scrollToShow(item, false);
};

const addNotice = (text) => {
  const item = el('li', 'msg notice');
  appendParagraphs(item, text, null);
  log.append(item);
  scrollToShow(item, false);
};

const callButton = (number, label, className) => {
  const call = el('a', className, label);
  call.href = `tel:${number}`;
  call.setAttribute('aria-label', T.callLabel(number));
  return call;
};

const addBotMessage = (frame) => {
  const level = LEVELS.has(frame.level) ? frame.level : 'none';
  const escalated = level === 'emergency' || level === 'urgent';
  const number =
    typeof frame.emergencyNumber === 'string' && NUMBER.test(frame.emergencyNumber)
      ? frame.emergencyNumber
      : null;
  const item = el('li', `msg bot level-${level}`);
  item.dataset.level = level;
  if (typeof frame.kind === 'string') item.dataset.kind = frame.kind;
  item.append(el('span', 'visually-hidden', escalated ? T.botWarns : T.botSaid));

  if (escalated) {
    // Announced at once, ahead of anything else the screen reader is saying.
    item.setAttribute('role', 'alert');
    item.append(el('p', 'banner', BANNERS[level]));
  }
  // An emergency's main action is the call: right under the banner, on screen when the reply arrives.
  if (level === 'emergency' && number) item.append(callButton(number, T.call(number), 'call'));
  const body = el('div', 'body');
  appendParagraphs(body, String(frame.text ?? ''), escalated || level === 'gp' ? number : null);
  item.append(body);

  // The diary's chart or /mydata file, served by this server under /chat/files/ (nothing from elsewhere).
  const attachment = frame.attachment;
  if (attachment && typeof attachment.url === 'string' && attachment.url.startsWith('/chat/files/')) {
    if (attachment.kind === 'image') {
      const image = el('img', 'attachment');
      image.src = attachment.url;
      image.alt = String(frame.text ?? 'Diary chart');
      item.append(image);
    } else {
      const link = el('a', 'attachment', `Download ${String(attachment.name ?? 'file')}`);
      link.href = attachment.url;
      link.download = String(attachment.name ?? 'crampbot-my-data.json');
      item.append(link);
    }
  }

  // An urgent reply's main action is getting seen today (its text says how); the number comes second.
  if (level === 'urgent' && number) item.append(callButton(number, T.callIfWorse(number), 'call secondary'));

  const buttons = Array.isArray(frame.buttons) ? frame.buttons : [];
  if (buttons.length > 0) {
    const group = el('div', 'quick');
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', T.suggested);
    for (const button of buttons) {
      if (typeof button?.label !== 'string' || typeof button?.data !== 'string') continue;
      const node = el('button', 'reply', button.label);
      node.type = 'button';
      node.addEventListener('click', () => {
        addUserMessage(button.label);
        send({ type: 'button', data: button.data });
      });
      group.append(node);
    }
    item.append(group);
  }

  log.append(item);
  scrollToShow(item, scrollNextToTop);
  scrollNextToTop = false;
};

const send = (frame) => {
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify(frame));
  } else if (outbox.length < 5) {
    outbox.push(frame);
    setStatus(T.offline);
  }
};

const onFrame = (event) => {
  let frame;
  try {
    frame = JSON.parse(event.data);
  } catch {
    return;
  }
  if (frame?.type === 'message') addBotMessage(frame);
  else if (frame?.type === 'error' && typeof frame.text === 'string')
    addNotice(T.errors?.[frame.code] ?? frame.text);
};

const connect = () => {
  retryTimer = null;
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  socket = new WebSocket(`${scheme}//${window.location.host}${SOCKET_PATH}`);
  socket.addEventListener('open', () => {
    retries = 0;
    setStatus('');
    document.body.dataset.connected = 'true';
    if (log.children.length === 0) socket.send(JSON.stringify({ type: 'hello', lang: LANG }));
    while (outbox.length > 0) socket.send(JSON.stringify(outbox.shift()));
  });
  socket.addEventListener('message', onFrame);
  socket.addEventListener('close', (event) => {
    document.body.dataset.connected = 'false';
    if (event.code === 1009) addNotice(T.tooBig);
    if (event.code === 1008) addNotice(T.tooFast);
    const delay = Math.min(15_000, 1000 * 2 ** retries);
    retries += 1;
    setStatus(T.reconnecting);
    retryTimer = window.setTimeout(connect, delay);
  });
};

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (text === '') return;
  input.value = '';
  addUserMessage(text);
  send({ type: 'message', text });
});

resetButton.addEventListener('click', () => {
  log.replaceChildren();
  scrollNextToTop = true;
  outbox.length = 0;
  addNotice(T.startingOver);
  send({ type: 'reset', lang: LANG });
  input.focus();
});

document.addEventListener('visibilitychange', () => {
  // Come back quickly from a phone's background tab instead of waiting out the back-off.
  if (document.visibilityState === 'visible' && retryTimer !== null) {
    window.clearTimeout(retryTimer);
    connect();
  }
});

connect();
