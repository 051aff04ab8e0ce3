// Each gap of issue 14, brought back into k8s/base's files, must be caught by production-shape.mjs.
// Usage: node --test production-shape.test.mjs
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { checkProductionShape, cpuMillis, memoryBytes } from "./production-shape.mjs";

const base = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "k8s", "base");
const load = () =>
  yaml.load(readFileSync(path.join(base, "kustomization.yaml"), "utf8")).resources.flatMap((r) => yaml.loadAll(readFileSync(path.join(base, r), "utf8")));
const find = (objects, kind, name) => objects.find((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
const deployment = (o) => find(o, "Deployment");
const container = (o) => deployment(o).spec.template.spec.containers[0];
const spread = (o, key) => deployment(o).spec.template.spec.topologySpreadConstraints.find((t) => t.topologyKey === key);
const problems = (mutate) => {
  const objects = load();
  mutate?.(objects);
  const found = [];
  checkProductionShape(objects, (m) => found.push(m));
  return found;
};

test("the base passes", () => assert.deepEqual(problems(), []));

test("quantities", () => {
  assert.equal(cpuMillis("1"), 1000);
  assert.equal(cpuMillis("500m"), 500);
  assert.equal(cpuMillis("0.25"), 250);
  assert.equal(memoryBytes("2Gi"), 2 * 1024 ** 3);
  assert.equal(memoryBytes("2048Mi"), memoryBytes("2Gi"));
  assert.equal(memoryBytes("1G"), 1e9);
});

const caught = {
  "replicas beside the HPA": (o) => (deployment(o).spec.replicas = 3),
  "no scaleUp behaviour": (o) => delete find(o, "HorizontalPodAutoscaler").spec.behavior.scaleUp,
  "no scaleDown behaviour": (o) => delete find(o, "HorizontalPodAutoscaler").spec.behavior.scaleDown,
  "memory request below the limit": (o) => (container(o).resources.requests.memory = "512Mi"),
  "no memory limit": (o) => delete container(o).resources.limits.memory,
  "a quarter of a core": (o) => (container(o).resources.requests.cpu = "250m"),
  "no CPU request": (o) => delete container(o).resources.requests.cpu,
  "no headless Service": (o) => o.splice(o.indexOf(find(o, "Service", "imagegrid-headless")), 1),
  "a headless Service selecting other pods": (o) => (find(o, "Service", "imagegrid-headless").spec.selector = { app: "other" }),
  "a headless Service that has a cluster IP": (o) => delete find(o, "Service", "imagegrid-headless").spec.clusterIP,
  "a headless Service on another port": (o) => (find(o, "Service", "imagegrid-headless").spec.ports[0].targetPort = "management"),
  "no zone spread": (o) => (deployment(o).spec.template.spec.topologySpreadConstraints = [spread(o, "kubernetes.io/hostname")]),
  "no hostname spread": (o) => (deployment(o).spec.template.spec.topologySpreadConstraints = [spread(o, "topology.kubernetes.io/zone")]),
  "a zone spread without matchLabelKeys": (o) => delete spread(o, "topology.kubernetes.io/zone").matchLabelKeys,
  "a hostname spread without matchLabelKeys": (o) => delete spread(o, "kubernetes.io/hostname").matchLabelKeys,
  "a spread over other pods": (o) => (spread(o, "kubernetes.io/hostname").labelSelector.matchLabels = { app: "other" }),
  "a connection string from the Secret": (o) =>
    container(o).env.push({ name: "Storage__ConnectionString", valueFrom: { secretKeyRef: { name: "imagegrid-secrets", key: "storage-connection-string" } } }),
  "a connection string in the ConfigMap": (o) => (find(o, "ConfigMap").data.Storage__ConnectionString = "UseDevelopmentStorage=true"),
  "a connection string in a Secret of the base": (o) =>
    o.push({ apiVersion: "v1", kind: "Secret", metadata: { name: "storage" }, stringData: { "storage-connection-string": "x" } }),
  "no blob endpoint": (o) => delete find(o, "ConfigMap").data.Storage__BlobServiceUri,
  "a table endpoint over http": (o) => (find(o, "ConfigMap").data.Storage__TableServiceUri = "http://imagegridstorage.table.core.windows.net/"),
  "pods without the workload identity label": (o) => delete deployment(o).spec.template.metadata.labels["azure.workload.identity/use"],
  "a ServiceAccount without a client id": (o) => delete find(o, "ServiceAccount").metadata.annotations,
  "delete on pods": (o) => find(o, "Role").rules[0].verbs.push("delete"),
  "every verb on pods": (o) => (find(o, "Role").rules[0].verbs = ["*"]),
  "Orleans__GatewayPort": (o) => (find(o, "ConfigMap").data.Orleans__GatewayPort = "30000"),
  "Orleans__AdvertisedIP on Kubernetes": (o) => (find(o, "ConfigMap").data.Orleans__AdvertisedIP = "10.0.0.1"),
};
for (const [name, mutate] of Object.entries(caught)) {
  test(`caught: ${name}`, () => assert.notDeepEqual(problems(mutate), []));
}
