// Builds the dashboard into src/ImageGrid.Server/wwwroot (or the directory given as the first argument): one bundle of
// src/main.js and what it imports, plus the static files as they are. The output is committed; check-bundle.sh
// rebuilds it and compares.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? join(here, "../src/ImageGrid.Server/wwwroot"));

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, "src/main.js")],
  outfile: join(out, "dashboard.js"),
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  legalComments: "none",
  logLevel: "warning",
});
for (const file of readdirSync(join(here, "static"))) {
  copyFileSync(join(here, "static", file), join(out, file));
}
console.log(`dashboard built into ${out}`);
