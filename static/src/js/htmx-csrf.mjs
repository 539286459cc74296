// Sends Django's CSRF token with every htmx request (no inline script needed).
const token = document.querySelector('meta[name="csrf-token"]')?.content;
if (token) {
  document.body.addEventListener("htmx:configRequest", (event) => {
    event.detail.headers["X-CSRFToken"] = token;
  });
}
