// WCAG 2.1 A and AA as axe-core checks them, on every page of a built site.
//
//   npm ci --prefix .ci && node .ci/axe.mjs target/ci-site
//
// Opens each .html file under the folder from file:// in Debian's Chromium
// (playwright-core drives it and downloads no browser of its own), runs
// axe-core in it, prints every violation (page, rule, impact, element count,
// the first targets) and exits 1 if there is one, 2 if it cannot run.
// CHROMIUM overrides /usr/bin/chromium.
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const TARGETS_SHOWN = 5;

const root = process.argv[2];
if (!root || process.argv.length > 3) {
  console.error("usage: node .ci/axe.mjs SITE_FOLDER");
  process.exit(2);
}

function htmlFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return htmlFiles(path);
      return entry.name.endsWith(".html") ? [path] : [];
    });
}

const pages = htmlFiles(resolve(root));
if (pages.length === 0) {
  console.error(`no .html file under ${root}`);
  process.exit(2);
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);
// Headless, with the flags a closed network needs (no background requests);
// playwright gives each launch a new empty profile of its own.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

// Two pages at a time: CI has two cores, and the checks are CPU-bound.
const WORKERS = Number(process.env.AXE_WORKERS || 2);

async function check(page, file) {
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  // resultTypes: only violations get their full node details (faster).
  const result = await page.evaluate(
    (values) =>
      axe.run(document, { runOnly: { type: "tag", values }, resultTypes: ["violations"] }),
    TAGS,
  );
  return result.violations;
}

function report(name, v) {
  const targets = v.nodes.slice(0, TARGETS_SHOWN).map((n) => n.target.join(" "));
  const more = v.nodes.length > TARGETS_SHOWN ? `, +${v.nodes.length - TARGETS_SHOWN} more` : "";
  console.log(`${name}: ${v.id} (${v.impact}) on ${v.nodes.length} element(s): ${v.help}`);
  console.log(`  ${targets.join(" | ")}${more}`);
  // The distinct reasons (for color-contrast: each colour pair and size).
  const reasons = new Map();
  for (const n of v.nodes) {
    const reason = (n.failureSummary ?? "").split("\n").slice(1, 2).join("").trim();
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  for (const [reason, count] of reasons) if (reason) console.log(`  ${count} x ${reason}`);
}

const started = Date.now();
const found = new Array(pages.length);
try {
  const context = await browser.newContext();
  // Injected into every page before its own scripts, outside the page's
  // Content-Security-Policy (script-src 'self'), so pages are checked as
  // they ship.
  await context.addInitScript(axeSource);
  let next = 0;
  const worker = async () => {
    const page = await context.newPage();
    while (next < pages.length) {
      const i = next++;
      found[i] = await check(page, pages[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, WORKERS) }, worker));
} finally {
  await browser.close();
}

// In page order, whatever order the workers finished in.
let violations = 0;
pages.forEach((file, i) => {
  for (const v of found[i]) {
    violations += 1;
    report(relative(resolve(root), file), v);
  }
});

const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `axe-core: ${pages.length} pages, ${violations} violation(s) of ${TAGS.join(", ")} in ${seconds} s`,
);
process.exit(violations === 0 ? 0 : 1);
