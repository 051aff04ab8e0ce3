// Who can reach the ImageGrid pods, checked on one build's objects (what the cluster would get; enforcement itself
// needs a cluster whose network plugin enforces NetworkPolicy, which this offline check cannot try):
//  - no Orleans gateway: no container port 30000 or named "gateway", no Service port on it, no Orleans__GatewayPort;
//  - the container declares its silo port (Orleans__SiloPort, default 11111);
//  - a NetworkPolicy with Ingress selects the ImageGrid pods; every ingress rule that covers the silo port admits only
//    pods carrying the Deployment's selector labels, in the same namespace (podSelector alone: no namespaceSelector,
//    no ipBlock), and one such rule exists, so the silos can still reach each other;
//  - gRPC (port "grpc") and management (port "management") are open to every source, as without a policy.
// The ImageGrid pods are the pod templates with a container named "imagegrid".

const defaultSiloPort = 11111;
const gatewayPort = 30000;
const containerName = "imagegrid";

const labelsMatch = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);

// NetworkPolicy podSelector semantics for matchLabels only; matchExpressions are not interpreted (treated as no match).
const selects = (podSelector, labels) =>
  !podSelector?.matchExpressions?.length && labelsMatch(podSelector?.matchLabels, labels);

function containerEnv(container, objects) {
  const env = new Map();
  for (const from of container.envFrom ?? []) {
    const map = objects.find((o) => o.kind === "ConfigMap" && o.metadata?.name === from.configMapRef?.name);
    for (const [k, v] of Object.entries(map?.data ?? {})) env.set(k, v);
  }
  for (const e of container.env ?? []) {
    if ("value" in e) env.set(e.name, e.value);
  }
  return env;
}

// Whether an ingress rule admits TCP traffic to `port` of `container`.
function covers(rule, port, container) {
  if (!rule.ports?.length) return true;
  return rule.ports.some((p) => {
    if ((p.protocol ?? "TCP") !== "TCP") return false;
    if (p.port === undefined) return true;
    if (typeof p.port === "string") return (container.ports ?? []).some((cp) => cp.name === p.port && cp.containerPort === port);
    return p.port <= port && port <= (p.endPort ?? p.port);
  });
}

const openToAll = (rule) => !rule.from?.length;

// A peer that admits ImageGrid's own pods and nothing else: a podSelector alone (its own namespace) whose labels include
// the Deployment's selector and that the pod template carries.
const ownPodsOnly = (peer, workload) =>
  Object.keys(peer).length === 1 &&
  peer.podSelector !== undefined &&
  !peer.podSelector.matchExpressions?.length &&
  Object.keys(peer.podSelector.matchLabels ?? {}).length > 0 &&
  labelsMatch(workload.spec?.selector?.matchLabels, peer.podSelector.matchLabels) &&
  labelsMatch(peer.podSelector.matchLabels, workload.spec?.template?.metadata?.labels);

export function checkOrleansNetwork(objects, fail) {
  const workloads = objects.filter(
    (o) => ["Deployment", "StatefulSet"].includes(o.kind) && (o.spec?.template?.spec?.containers ?? []).some((c) => c.name === containerName));
  if (workloads.length === 0) {
    fail(`no Deployment or StatefulSet with a container named "${containerName}": the ImageGrid pods cannot be checked`);
    return;
  }

  for (const w of workloads) {
    const where = `${w.kind} ${w.metadata?.name}`;
    const namespace = w.metadata?.namespace ?? "";
    const labels = w.spec?.template?.metadata?.labels ?? {};
    const container = w.spec.template.spec.containers.find((c) => c.name === containerName);
    const env = containerEnv(container, objects);
    const siloPort = Number(env.get("Orleans__SiloPort") ?? defaultSiloPort);
    const named = (name) => (container.ports ?? []).find((p) => p.name === name)?.containerPort;

    for (const c of w.spec.template.spec.containers ?? []) {
      for (const p of c.ports ?? []) {
        if (p.containerPort === gatewayPort || p.name === "gateway") fail(`${where} container ${c.name}: port ${p.name ?? ""} ${p.containerPort} is the Orleans gateway, which ImageGrid does not open`);
      }
    }
    if (env.has("Orleans__GatewayPort")) fail(`${where}: Orleans__GatewayPort is set, but ImageGrid has no Orleans gateway`);
    if (!(container.ports ?? []).some((p) => p.containerPort === siloPort)) fail(`${where}: the container does not declare its silo port ${siloPort}`);

    for (const s of objects.filter((o) => o.kind === "Service" && (o.metadata?.namespace ?? "") === namespace && labelsMatch(o.spec?.selector, labels) && o.spec?.selector)) {
      for (const p of s.spec?.ports ?? []) {
        if (p.port === gatewayPort || p.targetPort === gatewayPort || p.targetPort === "gateway") fail(`Service ${s.metadata?.name}: port ${p.name ?? p.port} exposes the Orleans gateway (${gatewayPort})`);
      }
    }

    const policies = objects.filter(
      (o) => o.kind === "NetworkPolicy" && (o.metadata?.namespace ?? "") === namespace && selects(o.spec?.podSelector, labels) &&
        (o.spec?.policyTypes ?? ["Ingress"]).includes("Ingress"));
    if (policies.length === 0) {
      fail(`${where}: no NetworkPolicy with Ingress selects its pods, so anything that reaches them reaches the silo port ${siloPort}`);
      continue;
    }

    const rules = policies.flatMap((p) => (p.spec?.ingress ?? []).map((rule, i) => ({ rule, at: `NetworkPolicy ${p.metadata?.name} ingress[${i}]` })));
    const siloRules = rules.filter(({ rule }) => covers(rule, siloPort, container));
    for (const { rule, at } of siloRules) {
      if (openToAll(rule) || !rule.from.every((peer) => ownPodsOnly(peer, w))) {
        fail(`${at}: admits the silo port ${siloPort} from more than ImageGrid's own pods (only a podSelector with the labels ${JSON.stringify(w.spec?.selector?.matchLabels)} may)`);
      }
    }
    if (siloRules.length === 0) fail(`${where}: no NetworkPolicy rule admits the silo port ${siloPort} from ImageGrid's own pods, so the silos cannot form a cluster`);

    for (const name of ["grpc", "management"]) {
      const port = named(name);
      if (port === undefined) {
        fail(`${where}: the container has no port named "${name}"`);
      } else if (!rules.some(({ rule }) => openToAll(rule) && covers(rule, port, container))) {
        fail(`${where}: no NetworkPolicy rule admits port ${port} (${name}) from every source, as before the policy`);
      }
    }
  }
}
