// Checks the Dockerfile against the repository, since no image is built here (there is no Docker engine):
//  - every path it COPYs or ADDs from the build context exists and is not excluded by .dockerignore;
//  - COPY --from names an earlier stage;
//  - the restore step sees the build settings and every project the server references, directly or not;
//  - it publishes the server project in Release, and starts the assembly that project produces;
//  - with --published DIR (the output of the same publish command): the assemblies the image is started with, by
//    its ENTRYPOINT and by `dotnet X.dll` commands in k8s/, are in it with their runtimeconfig.json.
// Exits 1 on any error. Usage: node check-dockerfile.mjs [--root DIR] [--published DIR]
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const root = path.resolve(option("--root") ?? path.join(here, "..", ".."));
const published = option("--published") && path.resolve(option("--published"));

// The project the image is built from, as scripts/check-deploy.sh publishes it.
const serverProject = "src/ImageGrid.Server/ImageGrid.Server.csproj";
// Files at the root that take part in every build when present.
const buildSettings = ["global.json", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "NuGet.config", "nuget.config", ".editorconfig"];

const errors = [];
const fail = (message) => errors.push(message);

// --- Dockerfile instructions --------------------------------------------------------------------------------------
const dockerfile = path.join(root, "Dockerfile");
if (!existsSync(dockerfile)) {
  console.error("Dockerfile: not found at the repository root");
  process.exit(1);
}
const instructions = [];
{
  let pending = "";
  let startLine = 0;
  readFileSync(dockerfile, "utf8").split("\n").forEach((raw, i) => {
    const line = raw.trimEnd();
    if (!pending && (/^\s*#/.test(line) || !line.trim())) return;
    if (!pending) startLine = i + 1;
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1)} `;
      return;
    }
    const text = (pending + line).trim();
    pending = "";
    const [, keyword, rest] = /^(\S+)\s*(.*)$/.exec(text);
    instructions.push({ line: startLine, keyword: keyword.toUpperCase(), rest });
  });
}

// Arguments of COPY/ADD: flags, sources, destination (shell or JSON form).
function copyArguments(rest) {
  const words = rest.trim().startsWith("[") ? JSON.parse(rest) : rest.split(/\s+/).filter(Boolean);
  const flags = {};
  while (words.length && words[0].startsWith("--")) {
    const [name, value] = words.shift().slice(2).split("=");
    flags[name] = value ?? true;
  }
  return { flags, sources: words.slice(0, -1), destination: words.at(-1) };
}

// --- .dockerignore (Docker's rules: cleaned paths, * within a segment, ** across segments, ! re-includes,
// the last matching pattern wins, and a pattern that matches a directory excludes everything under it) -----------
const ignorePatterns = existsSync(path.join(root, ".dockerignore"))
  ? readFileSync(path.join(root, ".dockerignore"), "utf8")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#"))
      .map((l) => {
        const negate = l.startsWith("!");
        const pattern = path.posix.normalize((negate ? l.slice(1) : l).trim().replace(/^\/+/, "")).replace(/\/+$/, "");
        const source = pattern
          .split("/")
          .map((segment) =>
            segment === "**"
              ? "(?:.*)"
              : segment.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]"))
          .join("/")
          .replace(/\(\?:\.\*\)\//g, "(?:.*/)?");
        return { negate, regex: new RegExp(`^${source}$`) };
      })
  : [];

function ignored(relativePath) {
  const parts = path.posix.normalize(relativePath).replace(/\/+$/, "").split("/");
  let result = false;
  for (const { negate, regex } of ignorePatterns) {
    for (let n = 1; n <= parts.length; n++) {
      if (regex.test(parts.slice(0, n).join("/"))) {
        result = !negate;
        break;
      }
    }
  }
  return result;
}

// --- stages and copies --------------------------------------------------------------------------------------------
const stages = [];
const copied = []; // { source, line, beforeRestore }
let restoreLine = null;
let publishRun = null;
let entrypoint = null;
for (const ins of instructions) {
  if (ins.keyword === "FROM") {
    const m = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(ins.rest);
    stages.push({ image: m[1], name: m[2]?.toLowerCase() });
  } else if (ins.keyword === "COPY" || ins.keyword === "ADD") {
    const { flags, sources } = copyArguments(ins.rest);
    if (sources.length === 0) {
      fail(`Dockerfile:${ins.line}: ${ins.keyword} without a source`);
      continue;
    }
    if (flags.from) {
      const known = stages.slice(0, -1).some((s) => s.name === String(flags.from).toLowerCase()) || /^\d+$/.test(flags.from);
      if (!known && !/[/:]/.test(flags.from)) fail(`Dockerfile:${ins.line}: COPY --from=${flags.from} names no earlier stage`);
      continue;
    }
    for (const source of sources) {
      if (/^https?:\/\//.test(source)) continue;
      const clean = path.posix.normalize(source).replace(/\/+$/, "") || ".";
      if (clean.startsWith("..")) {
        fail(`Dockerfile:${ins.line}: "${source}" is outside the build context`);
        continue;
      }
      if (/[*?[]/.test(clean)) {
        fail(`Dockerfile:${ins.line}: "${source}" is a wildcard; name paths so they can be checked`);
        continue;
      }
      if (!existsSync(path.join(root, clean))) fail(`Dockerfile:${ins.line}: "${source}" does not exist in the repository`);
      else if (clean !== "." && ignored(clean)) fail(`Dockerfile:${ins.line}: "${source}" is excluded by .dockerignore`);
      copied.push({ source: clean, line: ins.line, beforeRestore: restoreLine === null });
    }
  } else if (ins.keyword === "RUN") {
    if (restoreLine === null && /\bdotnet\s+(restore|build|publish)\b/.test(ins.rest)) restoreLine = ins.line;
    if (/\bdotnet\s+publish\b/.test(ins.rest)) publishRun = ins;
  } else if (ins.keyword === "ENTRYPOINT") {
    entrypoint = ins;
  }
}

// --- the project graph the restore needs --------------------------------------------------------------------------
function projectClosure(project, seen = new Set()) {
  if (seen.has(project)) return seen;
  seen.add(project);
  const file = path.join(root, project);
  if (!existsSync(file)) {
    fail(`${project}: referenced but missing`);
    return seen;
  }
  for (const [, include] of readFileSync(file, "utf8").matchAll(/<ProjectReference\s+Include="([^"]+)"/g)) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(project), include.replace(/\\/g, "/")));
    projectClosure(target, seen);
  }
  return seen;
}

const copiedBeforeRestore = copied.filter((c) => c.beforeRestore).map((c) => c.source);
const covers = (sources, file) => sources.some((s) => s === "." || file === s || file.startsWith(`${s}/`));
if (restoreLine === null) {
  fail("Dockerfile: no RUN dotnet restore/build/publish");
} else {
  for (const project of projectClosure(serverProject)) {
    if (!covers(copiedBeforeRestore, project)) fail(`Dockerfile:${restoreLine}: ${project} (referenced by the server) is not copied before the restore`);
  }
  for (const setting of buildSettings.filter((f) => existsSync(path.join(root, f)))) {
    if (!covers(copiedBeforeRestore, setting)) fail(`Dockerfile:${restoreLine}: ${setting} is not copied before the restore`);
  }
}

// --- publish and entry point --------------------------------------------------------------------------------------
const assemblyName = (() => {
  const text = readFileSync(path.join(root, serverProject), "utf8");
  return /<AssemblyName>([^<]+)<\/AssemblyName>/.exec(text)?.[1] ?? path.basename(serverProject, ".csproj");
})();
if (!publishRun) {
  fail("Dockerfile: no RUN dotnet publish");
} else {
  const target = /\bdotnet\s+publish\s+(\S+)/.exec(publishRun.rest)?.[1]?.replace(/\/+$/, "");
  if (target !== serverProject && target !== path.posix.dirname(serverProject)) fail(`Dockerfile:${publishRun.line}: publishes "${target}", not ${serverProject}`);
  if (!/(?:^|\s)(?:-c|--configuration)[\s=]Release\b/.test(publishRun.rest)) fail(`Dockerfile:${publishRun.line}: the publish is not -c Release`);
}
const startedWith = [];
if (!entrypoint) {
  fail("Dockerfile: no ENTRYPOINT");
} else {
  const words = entrypoint.rest.startsWith("[") ? JSON.parse(entrypoint.rest) : entrypoint.rest.split(/\s+/);
  if (words[0] !== "dotnet" || words[1] !== `${assemblyName}.dll`) fail(`Dockerfile:${entrypoint.line}: ENTRYPOINT should run dotnet ${assemblyName}.dll`);
  startedWith.push({ dll: words[1], where: `Dockerfile:${entrypoint.line} ENTRYPOINT` });
}
if (stages.length < 2) fail("Dockerfile: expected a build stage and a runtime stage");
const lastStage = instructions.slice(instructions.findLastIndex((i) => i.keyword === "FROM"));
if (!lastStage.some((i) => i.keyword === "USER")) fail("Dockerfile: the final stage does not switch to a non-root USER");
if (instructions.some((i) => i.keyword === "HEALTHCHECK")) fail("Dockerfile: HEALTHCHECK found; Kubernetes probes check health");

// Containers in k8s/ that run another assembly of the same image.
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : []);
}
if (existsSync(path.join(root, "k8s"))) {
  for (const file of walk(path.join(root, "k8s"))) {
    for (const doc of yaml.loadAll(readFileSync(file, "utf8"))) {
      for (const c of doc?.spec?.template?.spec?.containers ?? []) {
        if (c.command?.[0] === "dotnet" && /\.dll$/.test(c.command?.[1] ?? "")) {
          startedWith.push({ dll: c.command[1], where: `${path.relative(root, file)} container ${c.name}` });
        }
      }
    }
  }
}
if (published) {
  for (const { dll, where } of startedWith) {
    for (const needed of [dll, dll.replace(/\.dll$/, ".runtimeconfig.json")]) {
      if (!existsSync(path.join(published, needed))) fail(`${where}: ${needed} is not in the published output ${path.relative(root, published)}`);
    }
  }
}

if (errors.length > 0) {
  console.error(`Dockerfile: ${errors.length} error(s)`);
  for (const e of errors) console.error(`  - ${e}`);
  process.exit(1);
}
console.log(
  `Dockerfile: ${copied.length} copied paths exist and are in the build context; the restore sees ${projectClosure(serverProject).size} projects; ` +
    `publishes ${serverProject}` + (published ? `; ${startedWith.map((s) => s.dll).join(", ")} in the published output` : ""));
