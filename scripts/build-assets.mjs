// Builds static/dist from the pinned npm packages: compiles our SCSS (GOV.UK Frontend and
// MOJ Frontend with our overrides) and copies the JavaScript, fonts and images they ship.
// Run by the set-up commands (bin/run, bin/test) after `npm ci`; static/dist is not committed.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const dist = join(root, "static", "dist");

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const css = sass.compile(join(root, "static", "src", "scss", "app.scss"), {
  loadPaths: [root, modules],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
  // Warnings raised inside the design systems' own packages are theirs to fix; ours still show.
  logger: {
    warn(message, { span }) {
      if (!span?.url?.pathname?.includes("/node_modules/")) console.warn(message);
    },
  },
});
writeFileSync(join(dist, "app.css"), css.css);

const copies = [
  ["govuk-frontend/dist/govuk/assets", "assets"],
  ["govuk-frontend/dist/govuk/govuk-frontend.min.js", "govuk-frontend.min.js"],
  ["@ministryofjustice/frontend/moj/assets", "assets"],
  ["@ministryofjustice/frontend/moj/moj-frontend.min.js", "moj-frontend.min.js"],
  ["htmx.org/dist/htmx.min.js", "htmx.min.js"],
];
for (const [from, to] of copies) {
  cpSync(join(modules, from), join(dist, to), { recursive: true });
}
cpSync(join(root, "static", "src", "js"), dist, { recursive: true });
console.log(`Built front-end assets into ${dist}`);
