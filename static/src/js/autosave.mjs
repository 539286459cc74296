// Autosaves what is typed into <form data-autosave="FORM_KEY" data-autosave-record="RECORD_KEY"
// data-autosave-url="..."> as the user's own draft on the server (casework/core/drafts.py):
// a couple of seconds after typing stops, at least every 30 seconds while typing goes on, and
// when the page is hidden or left. Never in browser storage, which a shared computer would leak.
// Passwords, files and the CSRF token are never sent. Without JavaScript the form works as before.
const DEBOUNCE_MS = 2000;
const MAX_WAIT_MS = 30000;
const KEEPALIVE_LIMIT = 60000; // browsers refuse keepalive bodies beyond 64 KB
const SKIPPED_TYPES = new Set(["password", "file", "submit", "button", "reset", "image"]);
const csrf = document.querySelector('meta[name="csrf-token"]')?.content || "";
const clock = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/London" });

function fieldsOf(form) {
  const fields = new URLSearchParams();
  for (const element of form.elements) {
    const type = (element.type || "").toLowerCase();
    if (!element.name || element.disabled || element.name === "csrfmiddlewaretoken") continue;
    if (SKIPPED_TYPES.has(type) || element.hasAttribute("data-autosave-ignore")) continue;
    if ((type === "checkbox" || type === "radio") && !element.checked) continue;
    if (type === "select-multiple") {
      for (const option of element.selectedOptions) fields.append(element.name, option.value);
      continue;
    }
    fields.append(element.name, element.value);
  }
  return fields;
}

function statusOf(form) {
  let status = form.querySelector("[data-autosave-status]");
  if (!status) {
    status = document.createElement("p");
    status.className = "govuk-hint govuk-!-font-size-16 cw-autosave-status";
    status.setAttribute("data-autosave-status", "");
    const buttons = form.querySelector(".govuk-button-group");
    if (buttons) buttons.before(status);
    else form.append(status);
  }
  status.setAttribute("aria-live", "polite");
  return status;
}

function autosave(form) {
  const url = form.dataset.autosaveUrl;
  if (!url || !form.dataset.autosave) return;
  const status = statusOf(form);
  const restored = form.hasAttribute("data-autosave-restored");
  // What the page showed: typing back to it (unless it came from a draft) leaves nothing to keep.
  const pristine = fieldsOf(form).toString();
  let lastSaved = pristine;
  let timer = null;
  let firstChange = 0;
  let queue = Promise.resolve();
  let controller = null;
  let submitting = false;

  const show = (text) => {
    if (status.textContent !== text) status.textContent = text;
  };

  async function save({ leaving = false } = {}) {
    window.clearTimeout(timer);
    timer = null;
    firstChange = 0;
    const fields = fieldsOf(form);
    const snapshot = fields.toString();
    if (submitting || snapshot === lastSaved) return;
    const unchanged = snapshot === pristine && !restored;
    const body = unchanged ? new URLSearchParams() : fields; // no fields: the draft is discarded
    body.append("draft_form_key", form.dataset.autosave);
    body.append("draft_record_key", form.dataset.autosaveRecord || "");
    body.append("draft_base_version", form.dataset.autosaveVersion || "");
    controller = new AbortController();
    try {
      const response = await fetch(url, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf },
        redirect: "manual", // signed out: the sign-in redirect is a failure, not a success
        keepalive: leaving && body.toString().length < KEEPALIVE_LIMIT,
        signal: controller.signal,
      });
      if (response.status === 204) {
        lastSaved = snapshot;
        show(unchanged ? "" : `Draft saved at ${clock.format(new Date())}`);
        document.dispatchEvent(new CustomEvent("cw:activity")); // typing is activity
      } else if (response.type === "opaqueredirect") {
        show("Your draft was not saved because you have been signed out. Copy your text before you leave this page.");
      } else if (response.status === 413) {
        show("This text is too long to keep as a draft. Save the form to keep it.");
      } else {
        show("Your draft could not be saved. Save the form to keep your text.");
      }
    } catch (error) {
      if (error.name !== "AbortError") show("Your draft could not be saved. Check your connection.");
    }
  }

  const changed = () => {
    if (submitting) return;
    const now = Date.now();
    if (!firstChange) firstChange = now;
    window.clearTimeout(timer);
    const wait = Math.max(0, Math.min(DEBOUNCE_MS, firstChange + MAX_WAIT_MS - now));
    timer = window.setTimeout(() => {
      queue = queue.then(() => save()); // one save at a time, in order
    }, wait);
  };

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", (event) => {
    // The submission saves the record and discards the draft: a late autosave must not revive it.
    submitting = true;
    window.clearTimeout(timer);
    controller?.abort();
    window.setTimeout(() => {
      if (event.defaultPrevented) submitting = false;
    });
  });
  const leave = () => {
    if (timer || fieldsOf(form).toString() !== lastSaved) save({ leaving: true });
  };
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") leave();
  });
  window.addEventListener("pagehide", leave);
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) submitting = false; // back to this page from the browser's cache
  });
}

for (const form of document.querySelectorAll("form[data-autosave]")) autosave(form);
