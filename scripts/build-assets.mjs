// Copies the front-end packages installed by npm into build/static/vendor/, which Django serves
// (WhiteNoise) next to the project's own static files. Nothing is fetched from a CDN at run time.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build", "static", "vendor");
mkdirSync(out, { recursive: true });

const files = [
  ["node_modules/@digital-go-jp/design-tokens/dist/tokens.css", "digital-go-jp-tokens.css"],
  ["node_modules/@digital-go-jp/design-tokens/LICENSE", "digital-go-jp-tokens.LICENSE.txt"],
  ["node_modules/htmx.org/dist/htmx.min.js", "htmx.min.js"],
  ["node_modules/htmx.org/LICENSE", "htmx.LICENSE.txt"],
  ["node_modules/world-atlas/LICENSE", "world-atlas.LICENSE.txt"],
];
for (const [from, to] of files) {
  copyFileSync(join(root, from), join(out, to));
}
// The world's land (Natural Earth 1:110m, public domain, through world-atlas) as one SVG path in an
// equirectangular projection: x = longitude + 180, y = 90 - latitude (a 360 x 180 box). Pages that place things
// on the world (the JETAA chapters) draw their points in the same box; no tile server is asked for anything.
const land = feature(
  JSON.parse(readFileSync(join(root, "node_modules/world-atlas/land-110m.json"), "utf8")),
  JSON.parse(readFileSync(join(root, "node_modules/world-atlas/land-110m.json"), "utf8")).objects.land,
);
const rings = land.features.flatMap((f) =>
  f.geometry.type === "Polygon" ? f.geometry.coordinates : f.geometry.coordinates.flat(),
);
// A ring that crosses the antimeridian (Chukotka, Fiji) is made continuous (longitudes past 180) and drawn
// twice, once shifted by a turn of the globe, so that the box shows both halves without a line across the map.
const drawn = rings.flatMap((ring) => {
  let shift = 0;
  const unwrapped = ring.map(([lon, lat], i) => {
    if (i > 0) {
      const previous = ring[i - 1][0];
      if (lon - previous > 180) shift -= 360;
      if (previous - lon > 180) shift += 360;
    }
    return [lon + shift, lat];
  });
  const lons = unwrapped.map(([lon]) => lon);
  const copies = [0];
  if (Math.max(...lons) > 180) copies.push(-360);
  if (Math.min(...lons) < -180) copies.push(360);
  return copies.map((by) => unwrapped.map(([lon, lat]) => [lon + by, lat]));
});
const path = drawn
  .map((ring) => "M" + ring.map(([lon, lat]) => `${(lon + 180).toFixed(1)} ${(90 - lat).toFixed(1)}`).join("L") + "Z")
  .join("");
writeFileSync(
  join(out, "world-land.svg"),
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 180"><path fill="#d9dde3" d="${path}"/></svg>\n`,
);
const versions = Object.fromEntries(
  ["@digital-go-jp/design-tokens", "htmx.org", "world-atlas"].map((name) => [
    name,
    JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")).version,
  ]),
);
writeFileSync(join(out, "versions.json"), JSON.stringify(versions, null, 2) + "\n");
console.log(`assets built in ${out}:`, versions);
