// Live connection of a consultation page: opens the page's WebSocket, shows its state, and
// reconnects with jittered exponential back-off. No build step; loaded as an ES module.
// Everything on the page works without it.

const article = document.querySelector("[data-consultation]");
const indicator = document.querySelector("[data-live-indicator]");
const label = indicator?.querySelector("[data-live-label]");

// Labels come from the server-rendered page so they are translated with the rest of it.
const LABELS = {
  connecting: indicator?.dataset.labelConnecting ?? "Connecting to live updates…",
  live: indicator?.dataset.labelLive ?? "Live: new activity appears as it happens",
  offline: indicator?.dataset.labelOffline ?? "Offline: reconnecting…",
};

const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 30000;

function setState(state) {
  if (!indicator || !label) return;
  indicator.hidden = false;
  indicator.dataset.state = state;
  // Only rewrite the text when it changes, so screen readers are not told the same thing twice.
  if (label.textContent !== LABELS[state]) label.textContent = LABELS[state];
}

// Whether this person may take part can change while the page is open (a guardian decides).
function showParticipation(participation) {
  const note = document.querySelector("[data-participation]");
  if (!note || !participation) return;
  const state = participation.allowed ? "allowed" : participation.reason;
  if (note.dataset.participation === state) return;
  note.dataset.participation = state;
  note.textContent = participation.allowed ? note.dataset.labelAllowed : participation.message;
}

function socketUrl(path) {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${window.location.host}${path}`;
}

function connect(path, attempt = 0) {
  setState(attempt === 0 ? "connecting" : "offline");
  const socket = new WebSocket(socketUrl(path));
  let opened = false;

  socket.addEventListener("message", (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    if (message.type === "hello") {
      opened = true;
      setState("live");
      showParticipation(message.participation);
    } else if (message.type === "participation") {
      showParticipation(message);
    }
    article.dispatchEvent(new CustomEvent("youthvoice:event", { detail: message }));
  });

  socket.addEventListener("close", (event) => {
    setState("offline");
    // 4404: the consultation is gone or unpublished; retrying cannot help.
    if (event.code === 4404) return;
    const next = opened ? 0 : attempt + 1;
    const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** next);
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    window.setTimeout(() => connect(path, next), delay);
  });
}

if (article && "WebSocket" in window) {
  connect(article.dataset.wsPath);
}
