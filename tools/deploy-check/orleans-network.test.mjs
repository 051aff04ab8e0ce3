// Each way of opening the ImageGrid pods too wide, applied to k8s/base's files, must be caught by orleans-network.mjs.
// Usage: node --test orleans-network.test.mjs
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { checkOrleansNetwork } from "./orleans-network.mjs";

const base = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "k8s", "base");
const load = () =>
  yaml.load(readFileSync(path.join(base, "kustomization.yaml"), "utf8")).resources.flatMap((r) => yaml.loadAll(readFileSync(path.join(base, r), "utf8")));
const find = (objects, kind) => objects.find((o) => o.kind === kind);
const problems = (mutate) => {
  const objects = load();
  mutate?.(objects);
  const found = [];
  checkOrleansNetwork(objects, (m) => found.push(m));
  return found;
};
const siloRule = (objects) => find(objects, "NetworkPolicy").spec.ingress.find((r) => r.ports?.some((p) => p.port === 11111));

test("the base passes", () => assert.deepEqual(problems(), []));

const caught = {
  "no NetworkPolicy": (o) => o.splice(o.indexOf(find(o, "NetworkPolicy")), 1),
  "a policy that selects other pods": (o) => (find(o, "NetworkPolicy").spec.podSelector.matchLabels = { app: "other" }),
  "an egress-only policy": (o) => (find(o, "NetworkPolicy").spec.policyTypes = ["Egress"]),
  "the silo port open to all": (o) => delete siloRule(o).from,
  "the silo port from another namespace": (o) => (siloRule(o).from[0].namespaceSelector = {}),
  "the silo port from an address block": (o) => siloRule(o).from.push({ ipBlock: { cidr: "0.0.0.0/0" } }),
  "the silo port from any pod": (o) => (siloRule(o).from[0].podSelector = {}),
  "the silo port from pods with other labels": (o) => (siloRule(o).from[0].podSelector.matchLabels = { app: "rivya-simulator" }),
  "no rule for the silo port": (o) => (siloRule(o).ports[0].port = 11112),
  "an extra rule opening every port": (o) => find(o, "NetworkPolicy").spec.ingress.push({}),
  "management closed": (o) => (find(o, "NetworkPolicy").spec.ingress[1].ports = [{ port: 8080, protocol: "TCP" }]),
  "gRPC only from ImageGrid pods": (o) => (find(o, "NetworkPolicy").spec.ingress[1].from = [{ podSelector: { matchLabels: { app: "imagegrid" } } }]),
  "the gateway container port": (o) => find(o, "Deployment").spec.template.spec.containers[0].ports.push({ name: "gateway", containerPort: 30000 }),
  "a Service port 30000": (o) => find(o, "Service").spec.ports.push({ name: "gateway", port: 30000, targetPort: 30000 }),
  "Orleans__GatewayPort set": (o) => (find(o, "ConfigMap").data.Orleans__GatewayPort = "30000"),
  "the silo port undeclared": (o) => (find(o, "ConfigMap").data.Orleans__SiloPort = "11112"),
};
for (const [name, mutate] of Object.entries(caught)) {
  test(`caught: ${name}`, () => assert.notDeepEqual(problems(mutate), []));
}
