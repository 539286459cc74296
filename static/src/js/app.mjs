// Starts GOV.UK Frontend and MOJ Frontend components on every page, and our own modules.
import { initAll as initGovuk } from "./govuk-frontend.min.js";
import { initAll as initMoj } from "./moj-frontend.min.js";
import "./session-timeout.mjs";
import "./htmx-csrf.mjs";
import "./autosave.mjs";

initGovuk();
initMoj();
