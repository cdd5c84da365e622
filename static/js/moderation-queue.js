// The moderators' live queue: who is handling what, what was resolved, and new items, as they happen.
// Without JavaScript the queue is a page of forms and works the same, one reload at a time.
// Words come from Django's JavaScript catalogue (gettext, ngettext, interpolate), loaded by base.html.
const live = document.querySelector("[data-queue-live]");
if (live) {
  const status = live.querySelector("[data-queue-status]");
  const refresh = live.querySelector("[data-queue-refresh]");
  const me = Number(live.dataset.me || 0);
  let added = 0;
  let delay = 1000;

  const announce = (text) => { status.textContent = text; };
  const claimedBy = (name) => interpolate(gettext("Being handled by %s"), [name]);

  const connect = () => {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}${live.dataset.moderationWs}`);
    socket.addEventListener("open", () => { delay = 1000; live.hidden = false; });
    socket.addEventListener("message", (message) => {
      const event = JSON.parse(message.data);
      const row = document.querySelector(`[data-item="${event.comment}"]`);
      if (event.type === "queue.added" && !row) {
        added += 1;
        refresh.hidden = false;
        refresh.textContent = interpolate(ngettext("%s new item — show", "%s new items — show", added), [added]);
        announce(refresh.textContent);
      } else if (event.type === "queue.claimed" && row) {
        row.classList.add("queue-item--claimed");
        row.querySelector("[data-claim]").textContent = claimedBy(event.by);
        if (event.by_id !== me) announce(claimedBy(event.by));
      } else if (event.type === "queue.resolved" && row) {
        row.classList.add("queue-item--resolved");
        row.querySelectorAll("button, input, select, textarea").forEach((control) => { control.disabled = true; });
        row.querySelector("[data-claim]").textContent = gettext("Dealt with by a moderator.");
      }
    });
    socket.addEventListener("close", (event) => {
      if (event.code === 4403) return;
      setTimeout(connect, delay * (0.5 + Math.random()));
      delay = Math.min(delay * 2, 30000);
    });
  };
  connect();
}
