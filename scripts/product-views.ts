// `npx tsx scripts/product-views.ts`: draws the gallery's extra views of each seeded product from
// its main drawing (public/products/<slug>.svg, hand-drawn): <slug>-2.svg, a close-up, and
// <slug>-3.svg, the other side on a tinted backdrop. Deterministic: rerunning rewrites the same
// files. db/seed-data.ts's seedGallery names them; tests/unit/product-views.test.ts checks they exist.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { seedGallery, seedProducts } from "../db/seed-data";

const dir = path.join(import.meta.dirname, "..", "public", "products");

/** The drawing without its backdrop (the gradient and the full-size rect) and without the <svg> element. */
function subject(svg: string): { stops: string; body: string } {
  const inner = svg.replace(/^[\s\S]*?<svg[^>]*>/, "").replace(/<\/svg>\s*$/, "");
  const stops = /<linearGradient id="bg"[^>]*>([\s\S]*?)<\/linearGradient>/.exec(inner)?.[1] ?? "";
  const body = inner
    .replace(/<defs>[\s\S]*?<\/defs>/, "")
    .replace(/<rect width="400" height="400" fill="url\(#bg\)"\/>/, "")
    .trim();
  return { stops, body };
}

const open = (label: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400" role="img" aria-hidden="true">\n<!-- ${label}: drawn by scripts/product-views.ts -->\n`;

/** A close-up: the subject enlarged around its middle, on the same backdrop. */
function closeUp(stops: string, body: string): string {
  return (
    open("close-up") +
    `<defs><linearGradient id="bg" x1="0" y1="1" x2="1" y2="0">${stops}</linearGradient></defs>\n` +
    `<rect width="400" height="400" fill="url(#bg)"/>\n` +
    `<g transform="translate(200 205) scale(1.45) translate(-200 -215)">${body}</g>\n</svg>\n`
  );
}

/** The other side: the subject mirrored and a little smaller, on a darker, tinted backdrop with a shelf. */
function otherSide(stops: string, body: string): string {
  return (
    open("other side") +
    `<defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">${stops}</linearGradient></defs>\n` +
    `<rect width="400" height="400" fill="url(#bg)"/>\n<rect width="400" height="400" fill="#1c1917" opacity=".08"/>\n` +
    `<rect y="318" width="400" height="82" fill="#fff" opacity=".45"/>\n` +
    `<g transform="translate(400 24) scale(-0.9 0.9) translate(-22 0)">${body}</g>\n</svg>\n`
  );
}

for (const p of seedProducts) {
  const { stops, body } = subject(readFileSync(path.join(dir, `${p.slug}.svg`), "utf8"));
  const [second, third] = seedGallery(p.slug);
  writeFileSync(path.join("public", second), closeUp(stops, body));
  if (third) writeFileSync(path.join("public", third), otherSide(stops, body));
}
console.log(`Drew ${seedProducts.length} products' extra views in ${dir}.`);
