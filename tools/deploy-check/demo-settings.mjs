// Nothing in k8s/base may configure the demo account. A production-shaped server (Azure Storage, Kubernetes hosting)
// has a demo account only when Demo:ApiKey is given, and the base is what production deploys: a demo key there would be
// a key to the company's Rivya credits in every deployment. .NET reads configuration keys case-insensitively, from
// environment variables with "__" for ":" (also behind the ASPNETCORE_ and DOTNET_ prefixes), from command-line
// arguments (--Demo:ApiKey=..., /Demo:ApiKey ..., Demo:ApiKey=...) and from JSON settings files; each way is looked for:
//  - keys of ConfigMaps and Secrets (data, binaryData, stringData), and a "Demo" section in any of their values that is
//    a JSON object (an appsettings.json mounted from a ConfigMap);
//  - env names, args and command of every container and init container of every pod template;
//  - the kustomization's configMapGenerator and secretGenerator literals and env files.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const demoVariable = /^(?:(?:ASPNETCORE|DOTNET)_)?Demo(?:__|:)/i;
const demoArgument = /^(?:--|\/)?Demo(?:__|:)/i;

function containersOf(value, found = []) {
  if (Array.isArray(value)) {
    value.forEach((item) => containersOf(item, found));
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if ((key === "containers" || key === "initContainers") && Array.isArray(item)) {
        found.push(...item.filter((c) => c && typeof c === "object"));
      }
      containersOf(item, found);
    }
  }
  return found;
}

function jsonDemoSection(text) {
  try {
    const parsed = JSON.parse(text);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) && Object.keys(parsed).some((k) => /^Demo$/i.test(k));
  } catch {
    return false;
  }
}

// Reports each place in the documents (and, when given, the kustomization in dir) that sets a Demo setting.
export function checkNoDemoSettings(documents, report, kustomization = null, dir = ".") {
  for (const doc of documents) {
    if (!doc || typeof doc !== "object") continue;
    const where = `${doc.kind} ${doc.metadata?.name ?? "<no name>"}`;
    if (doc.kind === "ConfigMap" || doc.kind === "Secret") {
      for (const field of ["data", "binaryData", "stringData"]) {
        for (const [key, value] of Object.entries(doc[field] ?? {})) {
          if (demoVariable.test(key)) report(`${where}: ${field} key "${key}" sets a Demo setting`);
          else if (typeof value === "string" && field !== "binaryData" && jsonDemoSection(field === "data" && doc.kind === "Secret" ? Buffer.from(value, "base64").toString("utf8") : value)) {
            report(`${where}: ${field} "${key}" holds a Demo section`);
          }
        }
      }
    }
    for (const container of containersOf(doc)) {
      for (const e of container.env ?? []) {
        if (demoVariable.test(e?.name ?? "")) report(`${where} container ${container.name}: env ${e.name} sets a Demo setting`);
      }
      for (const field of ["args", "command"]) {
        for (const arg of container[field] ?? []) {
          if (typeof arg === "string" && demoArgument.test(arg.trim())) report(`${where} container ${container.name}: ${field} "${arg}" sets a Demo setting`);
        }
      }
    }
  }
  for (const generator of [...(kustomization?.configMapGenerator ?? []), ...(kustomization?.secretGenerator ?? [])]) {
    const where = `kustomization ${generator.name}`;
    for (const literal of generator.literals ?? []) {
      if (demoVariable.test(String(literal))) report(`${where}: literal "${String(literal).split("=")[0]}" sets a Demo setting`);
    }
    for (const envFile of [...(generator.envs ?? []), ...(generator.env ? [generator.env] : [])]) {
      const file = path.resolve(dir, envFile);
      if (!existsSync(file)) continue;
      for (const line of readFileSync(file, "utf8").split("\n")) {
        if (demoVariable.test(line.trim())) report(`${where}: env file ${envFile} sets ${line.trim().split("=")[0]}`);
      }
    }
  }
}
