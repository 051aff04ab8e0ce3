// What an operator signs off in k8s/base, checked on its objects (issue 14):
//  - scaling: no spec.replicas on a workload an HPA scales; the HPA has behavior.scaleUp and behavior.scaleDown;
//  - resources of the ImageGrid container: memory request = memory limit, CPU request at least 500m;
//  - balancing: a headless Service (clusterIP: None) selects the ImageGrid pods and targets their gRPC port;
//  - placement: topology spread on topology.kubernetes.io/zone and kubernetes.io/hostname, each with the pods' labels
//    and matchLabelKeys [pod-template-hash];
//  - identity: storage by endpoints (Storage__BlobServiceUri, Storage__TableServiceUri, https) with Workload Identity
//    (ServiceAccount annotation azure.workload.identity/client-id, pod label azure.workload.identity/use "true"), and no
//    connection string anywhere in the base (ConfigMap, env, Secret);
//  - RBAC: the Role for the Kubernetes hosting package grants on pods no verb beyond get, list, watch, patch;
//  - settings that do nothing: Orleans__GatewayPort (there is no gateway), Orleans__AdvertisedIP with Orleans__Kubernetes
//    (the pod IP is advertised), Storage__ConnectionString beside the endpoints (refused at start).
// The ImageGrid pods are the pod templates with a container named "imagegrid".

const containerName = "imagegrid";
const allowedPodVerbs = new Set(["get", "list", "watch", "patch"]);
const spreadKeys = ["topology.kubernetes.io/zone", "kubernetes.io/hostname"];

const labelsMatch = (selector, labels) =>
  Object.keys(selector ?? {}).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

// Quantities as Kubernetes writes them: CPU "1", "500m", "0.5"; memory "2Gi", "512Mi", "1G", bytes.
export function cpuMillis(quantity) {
  const text = String(quantity ?? "");
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(text);
  return m ? Number(m[1]) * (m[2] ? 1 : 1000) : null;
}

export function memoryBytes(quantity) {
  const units = { "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };
  const m = /^(\d+(?:\.\d+)?)(k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(String(quantity ?? ""));
  return m ? Number(m[1]) * units[m[2] ?? ""] : null;
}

function containerEnv(container, objects) {
  const env = new Map();
  for (const from of container.envFrom ?? []) {
    const map = objects.find((o) => o.kind === "ConfigMap" && o.metadata?.name === from.configMapRef?.name);
    for (const [k, v] of Object.entries(map?.data ?? {})) env.set(k, { value: v, from: `ConfigMap ${map.metadata.name}` });
  }
  for (const e of container.env ?? []) env.set(e.name, { value: e.value, from: "env", valueFrom: e.valueFrom });
  return env;
}

export function checkProductionShape(objects, fail) {
  const workloads = objects.filter(
    (o) => ["Deployment", "StatefulSet"].includes(o.kind) && (o.spec?.template?.spec?.containers ?? []).some((c) => c.name === containerName));
  if (workloads.length === 0) {
    fail(`no Deployment or StatefulSet with a container named "${containerName}"`);
    return;
  }

  for (const hpa of objects.filter((o) => o.kind === "HorizontalPodAutoscaler")) {
    const ref = hpa.spec?.scaleTargetRef;
    const target = objects.find((o) => o.kind === ref?.kind && o.metadata?.name === ref?.name);
    if (target?.spec?.replicas !== undefined) {
      fail(`${target.kind} ${target.metadata.name}: spec.replicas is set although HorizontalPodAutoscaler ${hpa.metadata?.name} scales it (every apply would reset the count)`);
    }
    for (const direction of ["scaleUp", "scaleDown"]) {
      if (!hpa.spec?.behavior?.[direction]?.policies?.length) fail(`HorizontalPodAutoscaler ${hpa.metadata?.name}: no behavior.${direction} policies`);
    }
  }

  for (const w of workloads) {
    const where = `${w.kind} ${w.metadata?.name}`;
    const pod = w.spec.template.spec;
    const labels = w.spec.template.metadata?.labels ?? {};
    const container = pod.containers.find((c) => c.name === containerName);
    const requests = container.resources?.requests ?? {};
    const limits = container.resources?.limits ?? {};

    const requestedMemory = memoryBytes(requests.memory);
    if (requestedMemory === null || requestedMemory !== memoryBytes(limits.memory)) {
      fail(`${where}: memory request ${requests.memory ?? "(none)"} is not equal to the memory limit ${limits.memory ?? "(none)"}`);
    }
    const requestedCpu = cpuMillis(requests.cpu);
    if (requestedCpu === null || requestedCpu < 500) fail(`${where}: CPU request ${requests.cpu ?? "(none)"} is below 500m (a throttled silo misses its membership probes)`);

    const grpcPort = (container.ports ?? []).find((p) => p.name === "grpc");
    const headless = objects.filter((o) => o.kind === "Service" && o.spec?.clusterIP === "None" && labelsMatch(o.spec?.selector, labels));
    if (headless.length === 0) {
      fail(`${where}: no headless Service (clusterIP: None) selects its pods, so clients cannot balance gRPC calls across them`);
    } else if (!headless.some((s) => (s.spec.ports ?? []).some((p) => p.targetPort === "grpc" || (grpcPort && p.targetPort === grpcPort.containerPort)))) {
      fail(`${where}: the headless Service does not target the gRPC port`);
    }

    for (const key of spreadKeys) {
      const spread = (pod.topologySpreadConstraints ?? []).find((t) => t.topologyKey === key);
      if (!spread) {
        fail(`${where}: no topologySpreadConstraint on ${key}`);
        continue;
      }
      if (!labelsMatch(spread.labelSelector?.matchLabels, labels)) fail(`${where}: the ${key} spread does not select the pods' own labels`);
      if (!(spread.matchLabelKeys ?? []).includes("pod-template-hash")) fail(`${where}: the ${key} spread has no matchLabelKeys [pod-template-hash], so a rollout's new pods are not spread`);
    }

    const env = containerEnv(container, objects);
    for (const key of ["Storage__BlobServiceUri", "Storage__TableServiceUri"]) {
      const value = env.get(key)?.value;
      if (!value || !/^https:\/\//.test(value)) fail(`${where}: ${key} is not an https endpoint: storage must be reached by the pods' identity`);
    }
    if (env.has("Storage__ConnectionString")) fail(`${where}: Storage__ConnectionString is set (${env.get("Storage__ConnectionString").from}): the base reaches storage by identity, never by key`);
    if (labels["azure.workload.identity/use"] !== "true") fail(`${where}: the pods lack the label azure.workload.identity/use: "true"`);
    const accountName = pod.serviceAccountName ?? "default";
    const account = objects.find((o) => o.kind === "ServiceAccount" && o.metadata?.name === accountName);
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(account?.metadata?.annotations?.["azure.workload.identity/client-id"] ?? "")) {
      fail(`ServiceAccount ${accountName}: no azure.workload.identity/client-id annotation with a client id`);
    }

    if (env.has("Orleans__GatewayPort")) fail(`${where}: Orleans__GatewayPort is set, but ImageGrid has no Orleans gateway (the setting does nothing)`);
    if (env.get("Orleans__Kubernetes")?.value === "true" && env.has("Orleans__AdvertisedIP")) {
      fail(`${where}: Orleans__AdvertisedIP is set, but on Kubernetes the silo advertises POD_IP (the setting does nothing)`);
    }
  }

  for (const secret of objects.filter((o) => o.kind === "Secret")) {
    for (const key of Object.keys({ ...secret.data, ...secret.stringData })) {
      if (/connection-?string/i.test(key)) fail(`Secret ${secret.metadata?.name}: key ${key}: the base reaches storage by identity, never by key`);
    }
  }

  for (const role of objects.filter((o) => o.kind === "Role" || o.kind === "ClusterRole")) {
    for (const rule of role.rules ?? []) {
      if (!(rule.resources ?? []).some((r) => r === "pods" || r === "*")) continue;
      const extra = (rule.verbs ?? []).filter((v) => !allowedPodVerbs.has(v));
      if (extra.length > 0) fail(`${role.kind} ${role.metadata?.name}: verbs ${extra.join(", ")} on pods, which nothing uses (the hosting package needs get, list, watch, patch)`);
    }
  }
}
