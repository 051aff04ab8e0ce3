// Each way of configuring the demo account in k8s/base must be caught by demo-settings.mjs.
// Usage: node --test demo-settings.test.mjs
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { checkNoDemoSettings } from "./demo-settings.mjs";

const base = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "k8s", "base");
const loadKustomization = () => yaml.load(readFileSync(path.join(base, "kustomization.yaml"), "utf8"));
const load = (k) => k.resources.flatMap((r) => yaml.loadAll(readFileSync(path.join(base, r), "utf8")));
const find = (objects, kind) => objects.find((o) => o.kind === kind);
const container = (objects) => find(objects, "Deployment").spec.template.spec.containers[0];
const problems = (mutate) => {
  const kustomization = loadKustomization();
  const objects = load(kustomization);
  mutate?.(objects, kustomization);
  const found = [];
  checkNoDemoSettings(objects, (m) => found.push(m), kustomization, base);
  return found;
};

test("the base passes", () => assert.deepEqual(problems(), []));

const caught = {
  "a ConfigMap key Demo__ApiKey": (o) => (find(o, "ConfigMap").data.Demo__ApiKey = "igk_x"),
  "a ConfigMap key in other case": (o) => (find(o, "ConfigMap").data.demo__apikey = "igk_x"),
  "a ConfigMap key Demo__StartingCredits": (o) => (find(o, "ConfigMap").data.Demo__StartingCredits = "1000"),
  "an appsettings.json with a Demo section": (o) => (find(o, "ConfigMap").data["appsettings.Production.json"] = '{"Demo":{"ApiKey":"igk_x"}}'),
  "a container env Demo__ApiKey from a Secret": (o) =>
    container(o).env.push({ name: "Demo__ApiKey", valueFrom: { secretKeyRef: { name: "imagegrid-secrets", key: "demo-api-key" } } }),
  "a container env behind the ASPNETCORE_ prefix": (o) => container(o).env.push({ name: "ASPNETCORE_Demo__ApiKey", value: "igk_x" }),
  "a container argument --Demo:ApiKey=": (o) => (container(o).args = ["--Demo:ApiKey=igk_x"]),
  "a container argument /Demo:ApiKey": (o) => (container(o).args = ["/Demo:ApiKey", "igk_x"]),
  "an init container env": (o) =>
    (find(o, "Deployment").spec.template.spec.initContainers = [{ name: "init", image: "busybox", env: [{ name: "Demo__ApiKey", value: "igk_x" }] }]),
  "a Secret stringData key": (o) => o.push({ apiVersion: "v1", kind: "Secret", metadata: { name: "demo" }, stringData: { Demo__ApiKey: "igk_x" } }),
  "a configMapGenerator literal": (_, k) => (k.configMapGenerator = [{ name: "extra", literals: ["Demo__ApiKey=igk_x"] }]),
  "a secretGenerator literal": (_, k) => (k.secretGenerator = [{ name: "extra", literals: ["Demo__AccountId=demo"] }]),
};
for (const [name, mutate] of Object.entries(caught)) {
  test(`caught: ${name}`, () => assert.notDeepEqual(problems(mutate), []));
}
