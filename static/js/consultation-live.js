// Live consultation page: one WebSocket per page (protocol: docs/websocket-protocol.md).
// Shows the connection state, inserts new comments without moving what the reader is reading,
// updates tallies, posts and votes in place, and resumes from the last sequence number after a
// reconnect (jittered exponential back-off). Everything on the page also works without it.
// Its own words come from Django's JavaScript catalogue (gettext, ngettext, interpolate: loaded by
// base.html before this module); the indicator's and the language names come with the page.

const article = document.querySelector("[data-consultation]");
const indicator = document.querySelector("[data-live-indicator]");
const label = indicator?.querySelector("[data-live-label]");
const discussion = document.querySelector("[data-question]");
const list = discussion?.querySelector("[data-comment-list]");
const template = discussion?.querySelector("[data-comment-template]");
const announcer = discussion?.querySelector("[data-announcer]");
const newBar = discussion?.querySelector("[data-new-comments]");
const newButton = newBar?.querySelector("[data-show-new]");
const questionId = Number(discussion?.dataset.question);
const languageFilter = discussion?.dataset.language || ""; // ?lang=: only top-level comments in it
const i18n = JSON.parse(document.getElementById("live-i18n")?.textContent || "{}");

const LABELS = {
  connecting: indicator?.dataset.labelConnecting,
  live: indicator?.dataset.labelLive,
  offline: indicator?.dataset.labelOffline,
};
const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 30000;
const GAP_WAIT_MS = 1500;

let socket = null;
// The last numbered event applied. It starts at the one the page was rendered with, so that
// whatever was published between the render (perhaps a shared copy a few seconds old) and the
// socket's hello is resumed, not missed.
const renderedSeq = Number.parseInt(discussion?.dataset.seq ?? "", 10);
let lastSeq = Number.isInteger(renderedSeq) ? renderedSeq : null;
const early = new Map(); // seq -> event that came before an earlier one (see holdEarly)
let gapTimer = null;
let waiting = []; // new top-level comments held back while the reader is reading
const pending = new Map(); // message key -> {form, kind}

function t(key, fallback) {
  return i18n[key] ?? fallback;
}

function setState(state) {
  if (!indicator || !label) return;
  indicator.hidden = false;
  indicator.dataset.state = state;
  if (label.textContent !== LABELS[state]) label.textContent = LABELS[state];
}

function announce(text) {
  if (!announcer) return;
  announcer.textContent = "";
  window.setTimeout(() => (announcer.textContent = text), 50);
}

function showParticipation(participation) {
  const note = document.querySelector("[data-participation]");
  if (!note || !participation) return;
  const state = participation.allowed ? "allowed" : participation.reason;
  if (note.dataset.participation === state) return;
  note.dataset.participation = state;
  note.textContent = participation.allowed ? note.dataset.labelAllowed : participation.message;
}

// --- Rendering ---------------------------------------------------------------------------------

function field(node, name) {
  return node.querySelector(`[data-field="${name}"]`);
}

function fillComment(node, comment) {
  node.id = `comment-${comment.id}`;
  node.dataset.comment = comment.id;
  node.className = `comment comment--${comment.status}${comment.parent ? " comment--reply" : ""}`;
  field(node, "author").textContent = comment.author;
  const time = field(node, "time");
  time.dateTime = comment.created_at;
  time.textContent = new Date(comment.created_at).toLocaleString(document.documentElement.lang, {
    day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
  });
  field(node, "edited").hidden = !comment.edited;
  field(node, "pending").hidden = comment.status !== "pending";
  const visible = comment.status === "published" || comment.status === "pending";
  // The server escaped the text and only added links: this HTML is safe to insert.
  field(node, "html").innerHTML = visible ? comment.html : "";
  field(node, "html").hidden = !visible;
  // Screen readers pronounce the text in its own language; a label says which when it differs.
  if (comment.language) field(node, "html").lang = comment.language;
  else field(node, "html").removeAttribute("lang");
  const language = field(node, "language");
  if (language) {
    const differs = Boolean(comment.language) && comment.language !== document.documentElement.lang;
    language.hidden = !differs;
    language.querySelector("[data-language-name]").textContent = differs ? t(`language:${comment.language}`, comment.language) : "";
  }
  field(node, "removed").hidden = comment.status !== "removed";
  // "withheld": the author's guardian withdrew consent; the text is gone until they decide.
  field(node, "withheld").hidden = comment.status !== "withheld";
  field(node, "hidden").hidden = comment.status !== "hidden";
  const votes = field(node, "votes");
  if (votes) {
    if (comment.parent || comment.status !== "published") votes.remove();
    else {
      votes.action = votes.action.replace(/\/0\/vote\/$/, `/${comment.id}/vote/`);
      setCounts(node, comment);
    }
  }
  if (comment.parent) node.querySelector("[data-replies]")?.remove();
  else node.querySelector("[data-replies]").dataset.replies = comment.id;
}

function setCounts(node, tally) {
  for (const choice of ["agree", "disagree", "pass"]) {
    const count = node.querySelector(`:scope > article > .votes [data-count="${choice}"]`);
    if (count && tally[choice] !== undefined) count.textContent = tally[choice];
  }
}

function newCommentNode(comment) {
  const node = template.content.firstElementChild.cloneNode(true);
  fillComment(node, comment);
  return node;
}

function readerIsAtTop() {
  return !list || list.getBoundingClientRect().top > -40;
}

function showWaiting() {
  if (!newBar || !newButton) return;
  newBar.hidden = waiting.length === 0;
  newButton.textContent = interpolate(
    ngettext("%s new comment — show", "%s new comments — show", waiting.length), [waiting.length],
  );
}

function insertTop(comment) {
  discussion.querySelector("[data-empty]")?.remove();
  list.prepend(newCommentNode(comment));
}

function onCommentCreated(comment) {
  if (!list || !template || comment.question !== questionId) return;
  if (document.getElementById(`comment-${comment.id}`)) return;
  if (!comment.parent && languageFilter && comment.language !== languageFilter) return;
  if (comment.parent) {
    const replies = document.querySelector(`[data-replies="${comment.parent}"]`);
    if (replies) replies.append(newCommentNode(comment));
    announce(interpolate(gettext("New reply by %s"), [comment.author]));
    return;
  }
  if (discussion.dataset.order !== "newest") {
    waiting.push(comment);
    showWaiting();
    return;
  }
  if (readerIsAtTop() && waiting.length === 0) insertTop(comment);
  else {
    waiting.push(comment);
    showWaiting();
  }
  announce(interpolate(gettext("New comment by %s"), [comment.author]));
}

function onCommentUpdated(comment) {
  const node = document.getElementById(`comment-${comment.id}`);
  if (!node || !node.querySelector("[data-field]")) {
    // Server-rendered comments have no data-field hooks: replace them with a live-rendered copy.
    if (!node || !template) return;
    const replacement = newCommentNode(comment);
    const replies = node.querySelector("[data-replies]");
    if (replies && replacement.querySelector("[data-replies]")) replacement.querySelector("[data-replies]").replaceWith(replies);
    node.replaceWith(replacement);
    return;
  }
  fillComment(node, comment);
}

function onTally(tallies) {
  for (const tally of tallies) {
    const node = document.getElementById(`comment-${tally.id}`);
    if (node) setCounts(node, tally);
  }
}

// --- Protocol ----------------------------------------------------------------------------------

function send(message) {
  if (!socket || socket.readyState !== WebSocket.OPEN) return false;
  socket.send(JSON.stringify(message));
  return true;
}

function handle(message) {
  switch (message.type) {
    case "hello":
      setState("live");
      showParticipation(message.participation);
      if (lastSeq === null) lastSeq = message.seq;
      else if (message.seq > lastSeq) send({ type: "resume", last_seq: lastSeq });
      return;
    case "participation":
      showParticipation(message);
      return;
    case "comment.created":
    case "comment.updated":
      if (typeof message.seq !== "number" || lastSeq === null) {
        applyComment(message); // not numbered (the author's own comment waiting for review)
        if (typeof message.seq === "number") lastSeq = message.seq;
        return;
      }
      if (message.seq <= lastSeq) return; // already applied
      if (message.seq > lastSeq + 1) {
        holdEarly(message);
        return;
      }
      lastSeq = message.seq;
      applyComment(message);
      applyHeld();
      return;
    case "tally":
      onTally(message.tallies);
      return;
    case "resync":
      showResync();
      return;
    case "ack":
      settle(message.key, null, message);
      return;
    case "error":
      if (message.key) settle(message.key, message.message);
      return;
  }
}

function applyComment(message) {
  if (message.type === "comment.created") onCommentCreated(message.comment);
  else onCommentUpdated(message.comment);
}

// Events are numbered in commit order, but two server processes may broadcast neighbours in the
// other order. One that comes early waits here for the ones before it; only a gap that stays open
// for GAP_WAIT_MS is a loss, and then the missing events are asked for ("resume").
function holdEarly(message) {
  early.set(message.seq, message);
  if (gapTimer === null) {
    gapTimer = window.setTimeout(() => {
      gapTimer = null;
      if (early.size > 0) send({ type: "resume", last_seq: lastSeq });
    }, GAP_WAIT_MS);
  }
}

function applyHeld() {
  for (const seq of early.keys()) if (seq <= lastSeq) early.delete(seq);
  while (early.has(lastSeq + 1)) {
    const next = early.get(lastSeq + 1);
    early.delete(next.seq);
    lastSeq = next.seq;
    applyComment(next);
  }
  if (early.size === 0 && gapTimer !== null) {
    window.clearTimeout(gapTimer);
    gapTimer = null;
  }
}

function showResync() {
  if (!newBar || !newButton) return;
  waiting = [];
  newBar.hidden = false;
  newButton.textContent = gettext("Many updates were missed — reload the page");
  newButton.dataset.reload = "true";
}

function connect(path, attempt = 0) {
  setState(attempt === 0 ? "connecting" : "offline");
  socket = new WebSocket(`${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${path}`);
  let opened = false;
  socket.addEventListener("message", (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    // Events that came close together arrive as one frame: an array of them, in order.
    for (const each of Array.isArray(message) ? message : [message]) {
      if (!each || typeof each !== "object") continue;
      if (each.type === "hello") opened = true;
      handle(each);
      article.dispatchEvent(new CustomEvent("youthvoice:event", { detail: each }));
    }
  });
  socket.addEventListener("close", (event) => {
    setState("offline");
    for (const key of pending.keys()) settle(key, gettext("The connection dropped. Please try again."));
    if (event.code === 4404) return;
    const next = opened ? 0 : attempt + 1;
    const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** next);
    window.setTimeout(() => connect(path, next), ceiling / 2 + Math.random() * (ceiling / 2));
  });
}

// --- Posting and voting in place (plain form submission when the socket is down) ----------------

function formError(form, text) {
  let box = form.querySelector("[data-live-error]");
  // As in the server-rendered form: the text field is marked invalid and points at the message.
  const field = form.querySelector("textarea");
  const describedBy = (field?.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== box?.id);
  if (!text) {
    box?.remove();
    field?.removeAttribute("aria-invalid");
    field?.setAttribute("aria-describedby", describedBy.join(" "));
    return;
  }
  if (!box) {
    box = document.createElement("p");
    box.className = "form-errors";
    box.setAttribute("role", "alert");
    box.dataset.liveError = "";
    if (field) box.id = `${field.id}-live-error`;
    form.prepend(box);
  }
  box.textContent = text;
  if (field) {
    field.setAttribute("aria-invalid", "true");
    field.setAttribute("aria-describedby", [box.id, ...describedBy].join(" "));
  }
}

function settle(key, errorText, ack) {
  const entry = pending.get(key);
  if (!entry) return;
  pending.delete(key);
  const { form, kind } = entry;
  // Disabling the focused button while waiting dropped focus to the page: a keyboard user would
  // start again from the top. Give focus back where they were (never when they have moved on).
  const focusLost = document.activeElement === document.body || document.activeElement === null;
  form.querySelectorAll("button").forEach((b) => (b.disabled = false));
  formError(form, errorText);
  if (errorText) {
    if (focusLost) form.querySelector("textarea")?.focus();
    return;
  }
  if (kind === "comment") {
    form.querySelector("textarea").value = "";
    form.querySelector('input[name="key"]').value = crypto.randomUUID();
    const details = form.closest("details");
    details?.removeAttribute("open");
    if (focusLost) (details?.querySelector("summary") ?? form.querySelector('button[type="submit"]'))?.focus();
    announce(
      ack.status === "pending"
        ? gettext("Sent. It will appear once a moderator has checked it.")
        : gettext("Your comment is posted."),
    );
  } else if (kind === "vote") {
    for (const button of form.querySelectorAll('button[name="choice"]')) {
      button.setAttribute("aria-pressed", String(button.value === ack.choice));
    }
    setCounts(form.closest(".comment"), ack.tally);
  }
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !socket || socket.readyState !== WebSocket.OPEN) return;
  if (form.matches("[data-comment-form]")) {
    const key = form.querySelector('input[name="key"]').value || crypto.randomUUID();
    const parent = form.querySelector('input[name="parent"]');
    const message = {
      type: "comment.post",
      key,
      question: Number(form.querySelector('input[name="question"]').value),
      body: form.querySelector("textarea").value,
      parent: parent ? Number(parent.value) : null,
    };
    const language = form.querySelector('[name="language"]')?.value;
    if (language) message.language = language;
    if (!send(message)) return;
    event.preventDefault();
    pending.set(key, { form, kind: "comment" });
    form.querySelectorAll("button").forEach((b) => (b.disabled = true));
  } else if (form.matches("[data-vote-form]")) {
    const button = event.submitter;
    if (!button || button.name !== "choice") return;
    const commentId = Number(form.closest(".comment")?.dataset.comment);
    const pressed = button.getAttribute("aria-pressed") === "true";
    const choice = button.value === "retract" || pressed ? null : button.value;
    const key = crypto.randomUUID();
    if (!send({ type: "vote.cast", key, comment: commentId, choice })) return;
    event.preventDefault();
    pending.set(key, { form, kind: "vote" });
  }
});

newButton?.addEventListener("click", () => {
  if (newButton.dataset.reload) {
    location.reload();
    return;
  }
  if (discussion.dataset.order !== "newest") {
    location.href = `?question=${questionId}&order=newest#discussion`;
    return;
  }
  for (const comment of waiting.reverse()) insertTop(comment);
  waiting = [];
  showWaiting();
  list.querySelector(".comment")?.setAttribute("tabindex", "-1");
  list.querySelector(".comment")?.focus();
});

if (article && "WebSocket" in window) {
  connect(article.dataset.wsPath);
}
