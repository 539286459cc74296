// Warns before an idle session is signed out (GOV.UK timeout-warning pattern).
// The server decides: after SESSION_IDLE_MINUTES without a request it signs the session out.
// Here we count the same time in the page, show the dialog SESSION_WARNING_MINUTES before,
// and "Stay signed in" makes a request that counts as activity.
const body = document.body;
const idleSeconds = Number(body.dataset.sessionIdleSeconds || 0);
const warningSeconds = Number(body.dataset.sessionWarningSeconds || 0);
const dialog = document.getElementById("cw-timeout-dialog");

if (idleSeconds > 0 && dialog && typeof dialog.showModal === "function") {
  const remaining = dialog.querySelector(".cw-timeout-remaining");
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || "";
  let lastActivity = Date.now();
  let ticker = null;

  const secondsLeft = () => Math.max(0, Math.round(idleSeconds - (Date.now() - lastActivity) / 1000));
  const describe = (seconds) => {
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60);
      return `${minutes} minute${minutes === 1 ? "" : "s"}`;
    }
    return `${seconds} second${seconds === 1 ? "" : "s"}`;
  };

  const check = () => {
    const left = secondsLeft();
    if (left <= 0) {
      // The server has signed the session out: reload to reach the sign-in page with a notice.
      window.location.assign(window.location.href);
      return;
    }
    if (left <= warningSeconds) {
      if (remaining) remaining.textContent = describe(left);
      if (!dialog.open) dialog.showModal();
    }
  };

  const activity = () => {
    lastActivity = Date.now();
    if (dialog.open) dialog.close();
  };

  dialog.querySelector("[data-cw-keepalive]")?.addEventListener("click", async () => {
    const response = await fetch(dialog.dataset.keepaliveUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrf },
      credentials: "same-origin",
    });
    if (response.ok) activity();
    else window.location.assign(window.location.href);
  });
  document.body.addEventListener("htmx:afterRequest", (event) => {
    if (!event.detail.requestConfig?.headers?.["X-Casework-Passive"]) activity();
  });
  document.addEventListener("cw:activity", activity);
  ticker = window.setInterval(check, 1000);
  window.addEventListener("pagehide", () => window.clearInterval(ticker));
}
