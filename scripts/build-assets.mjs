// Copies the front-end packages installed by npm into build/static/vendor/, which Django serves
// (WhiteNoise) next to the project's own static files. Nothing is fetched from a CDN at run time.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build", "static", "vendor");
mkdirSync(out, { recursive: true });

const files = [
  ["node_modules/@digital-go-jp/design-tokens/dist/tokens.css", "digital-go-jp-tokens.css"],
  ["node_modules/@digital-go-jp/design-tokens/LICENSE", "digital-go-jp-tokens.LICENSE.txt"],
  ["node_modules/htmx.org/dist/htmx.min.js", "htmx.min.js"],
  ["node_modules/htmx.org/LICENSE", "htmx.LICENSE.txt"],
];
for (const [from, to] of files) {
  copyFileSync(join(root, from), join(out, to));
}
const versions = Object.fromEntries(
  ["@digital-go-jp/design-tokens", "htmx.org"].map((name) => [
    name,
    JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")).version,
  ]),
);
writeFileSync(join(out, "versions.json"), JSON.stringify(versions, null, 2) + "\n");
console.log(`assets built in ${out}:`, versions);
