// Validates the Kubernetes manifests under k8s/ offline, against the Kubernetes schemas of kubernetes-models:
//  1. every YAML document in k8s/** (kustomization.yaml files aside) is built as its kubernetes-models class and
//     validated; unknown apiVersion/kind and unknown fields (typos) are errors, as with `kubectl --validate=strict`.
//     Files used as kustomize patches are partial by nature: only their "required" errors are forgiven;
//  2. every path a kustomization.yaml names (resources, patches, generators' files) exists;
//  3. when kubectl is installed (it renders kustomize offline), each kustomization is rendered and every rendered
//     object is validated in full, then cross-checked: selectors match pod labels, named ports exist, referenced
//     ConfigMaps, Secrets, ServiceAccounts, Roles and scale targets exist in the same build, a terminating pod's grace
//     period outlasts the app's shutdown timeout, and who can reach the ImageGrid pods (orleans-network.mjs). Without
//     kubectl that last check runs on k8s/base's resource files as they are;
//  4. nothing in k8s/base (its files and its kustomization's generators) sets a Demo setting (demo-settings.mjs);
//  5. k8s/base has the production shape an operator signs off (production-shape.mjs: replicas left to the HPA, scale-up
//     and scale-down behaviour, resources, the headless Service, zone and node spread, storage by Workload Identity,
//     minimal RBAC, no setting that does nothing);
//  6. the Dockerfile's FROMs and k8s/base's image are pinned by digest (image-pins.mjs), and no URL in the Dockerfile or
//     k8s/ listens on 0.0.0.0 (listen-urls.mjs).
// Exits 1 on any error. Usage: node validate-manifests.mjs [repo root]
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { checkNoDemoSettings } from "./demo-settings.mjs";
import { checkDockerfilePins, checkKustomizationPins } from "./image-pins.mjs";
import { checkListenUrls } from "./listen-urls.mjs";
import { checkOrleansNetwork } from "./orleans-network.mjs";
import { checkProductionShape } from "./production-shape.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(process.argv[2] ?? path.join(here, "..", ".."));
const k8sDir = path.join(root, "k8s");

// Secrets that a build names but, by design, does not contain: created by hand in the target namespace.
const externalSecrets = new Set(["imagegrid-secrets"]);

const errors = [];
const fail = (where, message) => errors.push(`${where}: ${message}`);
const rel = (p) => path.relative(root, p) || ".";

// ---------------------------------------------------------------------------------------------------------------
// Models: apiVersion + kind -> kubernetes-models class, and the fields each type allows (read from its .d.ts).

const modelCache = new Map();

async function modelFor(apiVersion, kind) {
  const key = `${apiVersion}/${kind}`;
  if (!modelCache.has(key)) {
    modelCache.set(key, await loadModel(apiVersion, kind));
  }
  return modelCache.get(key);
}

async function loadModel(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string" || !/^[A-Za-z0-9]+$/.test(kind)) {
    return null;
  }
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const specifier = `kubernetes-models/${group ? `${group}/` : ""}${version}/${kind}`;
  let module;
  let file;
  try {
    file = fileURLToPath(import.meta.resolve(specifier));
    module = await import(specifier);
  } catch {
    return null;
  }
  const Model = module[kind];
  if (typeof Model !== "function" || Model.apiVersion !== apiVersion || Model.kind !== kind) {
    return null;
  }
  return { Model, typeRef: { file: file.replace(/\.js$/, ".d.ts"), name: `I${kind}` } };
}

const dtsCache = new Map();

function parseDts(file) {
  if (dtsCache.has(file)) {
    return dtsCache.get(file);
  }
  const text = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
  const imports = new Map();
  for (const [, names, from] of text.matchAll(/import \{([^}]+)\} from "([^"]+)";/g)) {
    for (const name of names.split(",").map((n) => n.trim()).filter(Boolean)) {
      const [original, local] = name.split(/\s+as\s+/);
      imports.set(local ?? original, { from, name: original });
    }
  }
  const aliases = new Map();
  for (const [, names] of text.matchAll(/export type \{([^}]+)\}/g)) {
    for (const name of names.split(",").map((n) => n.trim()).filter(Boolean)) {
      const [original, alias] = name.split(/\s+as\s+/);
      if (alias) {
        aliases.set(alias, original);
      }
    }
  }
  const interfaces = new Map();
  for (const [, name, parents, body] of text.matchAll(/export interface (\w+)(?: extends ([^{]+))? \{\n([\s\S]*?)\n\}/g)) {
    const props = new Map();
    let current = null;
    for (const line of body.split("\n")) {
      const start = /^ {4}"([^"]+)"\??: (.*)$/.exec(line);
      if (start) {
        current = { name: start[1], type: start[2] };
        props.set(current.name, current);
      } else if (current && line.trim()) {
        current.type += `\n${line}`;
      }
    }
    for (const prop of props.values()) {
      prop.type = prop.type.trim().replace(/;$/, "").trim();
    }
    interfaces.set(name, { props, parents: parents ? parents.split(",").map((p) => p.trim()) : [] });
  }
  const parsed = { file, imports, aliases, interfaces };
  dtsCache.set(file, parsed);
  return parsed;
}

function resolveImport(fromFile, specifier) {
  if (specifier.startsWith(".")) {
    return path.resolve(path.dirname(fromFile), specifier).replace(/\.js$/, ".d.ts");
  }
  return fileURLToPath(import.meta.resolve(specifier)).replace(/\.js$/, ".d.ts");
}

// The allowed fields of a named type, or null when it is not an object type (a string, a number, IntOrString, ...).
function fieldsOf(ref, depth = 0) {
  if (depth > 8) {
    return null;
  }
  const dts = parseDts(ref.file);
  const name = dts.aliases.get(ref.name) ?? ref.name;
  const declared = dts.interfaces.get(name);
  if (declared) {
    const props = new Map(declared.props);
    for (const parent of declared.parents) {
      if (parent === "TypeMeta") {
        props.set("apiVersion", { name: "apiVersion", type: "string" });
        props.set("kind", { name: "kind", type: "string" });
        continue;
      }
      const inherited = fieldsOf({ file: ref.file, name: parent }, depth + 1);
      for (const [key, value] of inherited?.props ?? []) {
        props.set(key, value);
      }
    }
    return { file: ref.file, props };
  }
  const imported = dts.imports.get(ref.name);
  if (imported && !imported.from.startsWith("@kubernetes-models/base")) {
    return fieldsOf({ file: resolveImport(ref.file, imported.from), name: imported.name }, depth + 1);
  }
  return null;
}

// Reports every field that the type does not define, walking arrays, maps and nested objects.
function checkFields(value, type, fromFile, where, report) {
  type = type.trim();
  let match;
  if ((match = /^Array<([\s\S]+)>$/.exec(type))) {
    if (Array.isArray(value)) {
      value.forEach((item, i) => checkFields(item, match[1], fromFile, `${where}[${i}]`, report));
    }
    return;
  }
  if ((match = /^\{\s*\[key: string\]: ([\s\S]+?);\s*\}$/.exec(type))) {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      for (const [key, item] of Object.entries(value)) {
        checkFields(item, match[1], fromFile, `${where}.${key}`, report);
      }
    }
    return;
  }
  if (!/^[A-Za-z_$][\w$]*$/.test(type) || !value || typeof value !== "object" || Array.isArray(value)) {
    return;
  }
  const fields = fieldsOf({ file: fromFile, name: type });
  if (!fields) {
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const prop = fields.props.get(key);
    if (!prop) {
      report(`unknown field "${where ? `${where}.` : ""}${key}"`);
      continue;
    }
    checkFields(item, prop.type, fields.file, where ? `${where}.${key}` : key, report);
  }
}

// Validates one object. partial: a kustomize patch, which may leave out required fields.
async function validateObject(doc, where, { partial = false } = {}) {
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) {
    fail(where, "not a Kubernetes object (expected a mapping with apiVersion and kind)");
    return false;
  }
  const model = await modelFor(doc.apiVersion, doc.kind);
  if (!model) {
    fail(where, `unknown apiVersion/kind ${JSON.stringify(doc.apiVersion)} ${JSON.stringify(doc.kind)}: no kubernetes-models class`);
    return false;
  }
  const label = `${where} (${doc.kind} ${doc.metadata?.name ?? "<no name>"})`;
  let ok = true;
  const copy = structuredClone(doc);
  if (copy.kind === "Secret" && copy.data && typeof copy.data === "object") {
    // kustomize wraps long base64 values over lines; the API server's decoder skips line breaks, the schema does not.
    for (const [key, value] of Object.entries(copy.data)) {
      if (typeof value === "string") copy.data[key] = value.replace(/[\r\n]/g, "");
    }
  }
  try {
    new model.Model(copy).validate();
  } catch (error) {
    const problems = (error.errors ?? [{ message: error.message }])
      .filter((e) => !(partial && e.keyword === "required"))
      .map((e) => (e.instancePath !== undefined ? `data${e.instancePath} ${e.message}` : e.message));
    if (problems.length > 0) {
      fail(label, `schema: ${[...new Set(problems)].join("; ")}`);
      ok = false;
    }
  }
  checkFields(doc, model.typeRef.name, model.typeRef.file, "", (message) => {
    fail(label, message);
    ok = false;
  });
  return ok;
}

// ---------------------------------------------------------------------------------------------------------------
// Files.

function walk(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      found.push(...walk(full));
    } else if (/\.ya?ml$/.test(entry.name)) {
      found.push(full);
    }
  }
  return found.sort();
}

const isKustomization = (file) => /^kustomization\.ya?ml$/.test(path.basename(file));

function loadAll(file) {
  try {
    return yaml.loadAll(readFileSync(file, "utf8")).filter((doc) => doc !== null && doc !== undefined);
  } catch (error) {
    fail(rel(file), `YAML: ${error.message.split("\n")[0]}`);
    return [];
  }
}

// Checks the paths a kustomization names; returns the files it uses as patches.
function checkKustomization(file) {
  const dir = path.dirname(file);
  const [k] = loadAll(file);
  const patchFiles = new Set();
  if (!k || typeof k !== "object") {
    fail(rel(file), "empty kustomization");
    return patchFiles;
  }
  const mustExist = (p, what) => {
    if (typeof p !== "string" || /^[a-z]+:\/\//.test(p) || p.startsWith("github.com/")) {
      return;
    }
    const target = path.resolve(dir, p);
    if (!existsSync(target)) {
      fail(rel(file), `${what} "${p}" does not exist`);
    } else if (statSync(target).isDirectory() && !["kustomization.yaml", "kustomization.yml", "Kustomization"].some((n) => existsSync(path.join(target, n)))) {
      fail(rel(file), `${what} "${p}" is a directory without a kustomization.yaml`);
    }
  };
  for (const r of k.resources ?? []) mustExist(r, "resource");
  for (const c of k.components ?? []) mustExist(c, "component");
  for (const p of k.patches ?? []) {
    if (p?.path) {
      mustExist(p.path, "patch");
      patchFiles.add(path.resolve(dir, p.path));
    } else if (!p?.patch) {
      fail(rel(file), "a patch has neither path nor patch");
    }
  }
  for (const p of k.patchesStrategicMerge ?? []) {
    if (typeof p === "string" && !p.includes("\n")) {
      mustExist(p, "patch");
      patchFiles.add(path.resolve(dir, p));
    }
  }
  for (const p of k.patchesJson6902 ?? []) mustExist(p?.path, "patch");
  for (const g of [...(k.configMapGenerator ?? []), ...(k.secretGenerator ?? [])]) {
    for (const f of g.files ?? []) mustExist(f.includes("=") ? f.slice(f.indexOf("=") + 1) : f, `generator file of ${g.name}`);
    for (const e of g.envs ?? []) mustExist(e, `generator env file of ${g.name}`);
    if (g.env) mustExist(g.env, `generator env file of ${g.name}`);
  }
  return patchFiles;
}

// ---------------------------------------------------------------------------------------------------------------
// Cross-checks on a rendered build.

const matches = (selector, labels) =>
  selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

function parseDuration(text) {
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(String(text ?? "").trim());
  return m ? (Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4])) : null;
}

function crossCheck(name, objects, { namespaceFree }) {
  const where = (o) => `${name}: ${o.kind} ${o.metadata?.name}`;
  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  const find = (kind, n) => objects.find((o) => o.kind === kind && o.metadata?.name === n);
  const workloads = objects.filter((o) => ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"].includes(o.kind));
  const seen = new Set();

  for (const o of objects) {
    const id = `${o.apiVersion}/${o.kind}/${o.metadata?.namespace ?? ""}/${o.metadata?.name}`;
    if (seen.has(id)) fail(where(o), "defined twice");
    seen.add(id);
    if (namespaceFree && o.metadata?.namespace) fail(where(o), `the base sets namespace "${o.metadata.namespace}"; leave it to overlays`);
  }

  for (const w of workloads) {
    const template = w.spec?.template;
    const labels = template?.metadata?.labels ?? {};
    const pod = template?.spec ?? {};
    if (w.spec?.selector?.matchLabels && !matches(w.spec.selector.matchLabels, labels)) {
      fail(where(w), "spec.selector.matchLabels does not match the pod template's labels");
    }
    const sa = pod.serviceAccountName;
    if (sa && sa !== "default" && !find("ServiceAccount", sa)) fail(where(w), `serviceAccountName "${sa}" is not in the build`);
    const volumes = new Set((pod.volumes ?? []).map((v) => v.name));
    let shutdownSeconds = null;
    for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      const cw = `${where(w)} container ${c.name}`;
      const ports = new Set((c.ports ?? []).map((p) => p.name).filter(Boolean));
      for (const [probeName, probe] of Object.entries({ startupProbe: c.startupProbe, livenessProbe: c.livenessProbe, readinessProbe: c.readinessProbe })) {
        const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port ?? probe?.grpc?.port;
        if (typeof port === "string" && !ports.has(port)) fail(cw, `${probeName} uses port "${port}", which the container does not name`);
      }
      for (const m of c.volumeMounts ?? []) {
        if (!volumes.has(m.name)) fail(cw, `volumeMount "${m.name}" has no volume`);
      }
      const env = new Map();
      const configRef = (kind, ref, key, what) => {
        if (!ref?.name) return;
        const target = find(kind, ref.name);
        if (!target) {
          if (!(kind === "Secret" && externalSecrets.has(ref.name)) && !ref.optional) fail(cw, `${what} names ${kind} "${ref.name}", which is not in the build`);
          return;
        }
        if (key && !(key in (target.data ?? {})) && !(key in (target.stringData ?? {}))) fail(cw, `${what} names key "${key}" of ${kind} "${ref.name}", which it does not have`);
      };
      for (const from of c.envFrom ?? []) {
        configRef("ConfigMap", from.configMapRef, null, "envFrom");
        configRef("Secret", from.secretRef, null, "envFrom");
        for (const [k, v] of Object.entries(find("ConfigMap", from.configMapRef?.name)?.data ?? {})) env.set(k, v);
      }
      for (const e of c.env ?? []) {
        configRef("ConfigMap", e.valueFrom?.configMapKeyRef, e.valueFrom?.configMapKeyRef?.key, `env ${e.name}`);
        configRef("Secret", e.valueFrom?.secretKeyRef, e.valueFrom?.secretKeyRef?.key, `env ${e.name}`);
        const label = /^metadata\.labels\['([^']+)'\]$/.exec(e.valueFrom?.fieldRef?.fieldPath ?? "");
        if (label && !(label[1] in labels)) fail(cw, `env ${e.name} reads pod label "${label[1]}", which the pod template does not have`);
        if ("value" in e) env.set(e.name, e.value);
      }
      const timeout = parseDuration(env.get("HostOptions__ShutdownTimeout"));
      if (timeout !== null) shutdownSeconds = Math.max(shutdownSeconds ?? 0, timeout + (c.lifecycle?.preStop?.sleep?.seconds ?? 0));
    }
    if (shutdownSeconds !== null) {
      const grace = pod.terminationGracePeriodSeconds ?? 30;
      if (!(grace > shutdownSeconds)) fail(where(w), `terminationGracePeriodSeconds ${grace} is not longer than the shutdown timeout plus preStop (${shutdownSeconds} s)`);
    }
  }

  const podsMatching = (selector) => workloads.filter((w) => matches(selector, w.spec?.template?.metadata?.labels));
  for (const s of byKind("Service")) {
    const targets = podsMatching(s.spec?.selector);
    if (s.spec?.selector && targets.length === 0) {
      fail(where(s), "its selector matches no pod template in the build");
      continue;
    }
    for (const p of s.spec?.ports ?? []) {
      const containers = targets.flatMap((w) => w.spec.template.spec.containers ?? []);
      const named = typeof p.targetPort === "string";
      const port = p.targetPort ?? p.port;
      const found = containers.some((c) => (c.ports ?? []).some((cp) => (named ? cp.name === port : cp.containerPort === port)));
      if (!found) fail(where(s), `port ${p.name ?? p.port} targets ${JSON.stringify(port)}, which no selected container declares`);
    }
  }
  for (const pdb of byKind("PodDisruptionBudget")) {
    if (podsMatching(pdb.spec?.selector?.matchLabels).length === 0) fail(where(pdb), "its selector matches no pod template in the build");
  }
  for (const hpa of byKind("HorizontalPodAutoscaler")) {
    const ref = hpa.spec?.scaleTargetRef;
    const target = find(ref?.kind, ref?.name);
    if (!target) {
      fail(where(hpa), `scaleTargetRef ${ref?.kind} "${ref?.name}" is not in the build`);
    } else if (hpa.spec.metrics?.some((m) => m.type === "Resource")) {
      for (const c of target.spec?.template?.spec?.containers ?? []) {
        for (const m of hpa.spec.metrics.filter((x) => x.type === "Resource")) {
          if (!c.resources?.requests?.[m.resource.name]) fail(where(hpa), `scales on ${m.resource.name} but container ${c.name} requests none`);
        }
      }
    }
    if (hpa.spec?.minReplicas > hpa.spec?.maxReplicas) fail(where(hpa), "minReplicas is above maxReplicas");
    if (target?.spec?.replicas !== undefined && hpa.spec?.minReplicas !== undefined && target.spec.replicas < hpa.spec.minReplicas) {
      fail(where(hpa), `minReplicas ${hpa.spec.minReplicas} is above the Deployment's replicas ${target.spec.replicas}`);
    }
  }
  checkOrleansNetwork(objects, (message) => fail(name, message));

  for (const rb of byKind("RoleBinding")) {
    if (rb.roleRef?.kind === "Role" && !find("Role", rb.roleRef.name)) fail(where(rb), `roleRef Role "${rb.roleRef.name}" is not in the build`);
    for (const s of rb.subjects ?? []) {
      if (s.kind === "ServiceAccount" && !find("ServiceAccount", s.name)) fail(where(rb), `subject ServiceAccount "${s.name}" is not in the build`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------

if (!existsSync(k8sDir)) {
  console.error(`no k8s/ directory under ${root}`);
  process.exit(1);
}

const files = walk(k8sDir);
const kustomizations = files.filter(isKustomization);
const patchFiles = new Set();
for (const k of kustomizations) {
  for (const p of checkKustomization(k)) patchFiles.add(p);
}

let documents = 0;
for (const file of files.filter((f) => !isKustomization(f))) {
  const docs = loadAll(file);
  if (docs.length === 0) fail(rel(file), "no YAML document");
  for (const [i, doc] of docs.entries()) {
    documents++;
    await validateObject(doc, docs.length > 1 ? `${rel(file)}#${i + 1}` : rel(file), { partial: patchFiles.has(file) });
  }
}

const rendered = [];
let kubectl = null;
try {
  kubectl = execFileSync("kubectl", ["version", "--client"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
} catch {
  kubectl = null;
}
if (kubectl) {
  for (const k of kustomizations) {
    const dir = path.dirname(k);
    const name = rel(dir);
    let output;
    try {
      output = execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
      const reason = String(error.stderr ?? error.message).trim().replace(/^.*?err="/s, "").replace(/"$/, "");
      fail(name, `kubectl kustomize failed: ${reason.length > 400 ? `${reason.slice(0, 400)}...` : reason}`);
      continue;
    }
    const objects = yaml.loadAll(output).filter(Boolean);
    for (const o of objects) await validateObject(o, `${name} (rendered)`);
    crossCheck(name, objects, { namespaceFree: path.basename(dir) === "base" });
    rendered.push(`${name}: ${objects.length} objects`);
  }
}

if (!kubectl) {
  const base = path.join(k8sDir, "base");
  const [k] = loadAll(path.join(base, "kustomization.yaml"));
  const objects = (k?.resources ?? []).flatMap((r) => (existsSync(path.join(base, r)) && statSync(path.join(base, r)).isFile() ? loadAll(path.join(base, r)) : []));
  checkOrleansNetwork(objects, (message) => fail("k8s/base (files, not rendered)", message));
}

{
  const base = path.join(k8sDir, "base");
  const baseFiles = walk(base);
  const [k] = baseFiles.filter(isKustomization).flatMap(loadAll);
  const objects = baseFiles.filter((f) => !isKustomization(f)).flatMap(loadAll);
  checkNoDemoSettings(objects, (message) => fail("k8s/base", `${message}: production has a demo account only when it is given explicitly, never from the base`), k, base);
  checkProductionShape(objects, (message) => fail("k8s/base", message));
  checkKustomizationPins(k, "k8s/base/kustomization.yaml", (message) => fail("images", message));
}

{
  const dockerfile = path.join(root, "Dockerfile");
  const dockerfileText = existsSync(dockerfile) ? readFileSync(dockerfile, "utf8") : "";
  checkDockerfilePins(dockerfileText, (message) => fail("images", message));
  checkListenUrls(
    [{ where: "Dockerfile", text: dockerfileText }, ...files.map((f) => ({ where: rel(f), text: readFileSync(f, "utf8") }))],
    (message) => fail("listen URLs", message));
}

if (errors.length > 0) {
  console.error(`Kubernetes manifests: ${errors.length} error(s)`);
  for (const e of errors) console.error(`  - ${e}`);
  process.exit(1);
}
console.log(`Kubernetes manifests: ${documents} documents in ${files.length - kustomizations.length} files valid, ${kustomizations.length} kustomizations' paths exist`);
console.log(kubectl ? `Rendered with kubectl kustomize and cross-checked: ${rendered.join(", ")}` : "kubectl not found: kustomizations were not rendered (their files were validated one by one)");
