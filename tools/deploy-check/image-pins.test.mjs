// Images without a digest, and 0.0.0.0 URLs, in the repository's Dockerfile and k8s/base must be caught.
// Usage: node --test image-pins.test.mjs
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { checkDockerfilePins, checkKustomizationPins } from "./image-pins.mjs";
import { checkListenUrls } from "./listen-urls.mjs";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const dockerfile = readFileSync(path.join(root, "Dockerfile"), "utf8");
const kustomization = () => yaml.load(readFileSync(path.join(root, "k8s", "base", "kustomization.yaml"), "utf8"));
const collect = (run) => {
  const found = [];
  run((m) => found.push(m));
  return found;
};
const dockerfileProblems = (text) => collect((fail) => checkDockerfilePins(text, fail));
const kustomizationProblems = (k) => collect((fail) => checkKustomizationPins(k, "k8s/base", fail));
const urlProblems = (text) => collect((fail) => checkListenUrls([{ where: "x", text }], fail));

test("the Dockerfile passes", () => assert.deepEqual([...dockerfileProblems(dockerfile), ...urlProblems(dockerfile)], []));
test("k8s/base's image passes", () => assert.deepEqual(kustomizationProblems(kustomization()), []));
test("a FROM of an earlier stage needs no digest", () => assert.deepEqual(dockerfileProblems(`${dockerfile}\nFROM runtime AS final\n`), []));

const caught = {
  "a FROM by tag alone": () => dockerfileProblems(dockerfile.replace(/(FROM mcr\.microsoft\.com\/dotnet\/aspnet:10\.0)@sha256:[0-9a-f]+/, "$1")),
  "a FROM with a short digest": () => dockerfileProblems(dockerfile.replace(/(sdk:10\.0@sha256:)[0-9a-f]+/, "$1abc123")),
  "a FROM with a platform flag and no digest": () => dockerfileProblems("FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build\n"),
  "the app image without a digest": () => {
    const k = kustomization();
    delete k.images[0].digest;
    return kustomizationProblems(k);
  },
  "no images: entry": () => kustomizationProblems({ ...kustomization(), images: [] }),
  "ASPNETCORE_URLS on 0.0.0.0": () => urlProblems(dockerfile.replace("http://+:8080", "http://0.0.0.0:8080")),
  "a manifest value on 0.0.0.0": () => urlProblems("        - name: ASPNETCORE_URLS\n          value: http://0.0.0.0:5090\n"),
};
for (const [name, problems] of Object.entries(caught)) {
  test(`caught: ${name}`, () => assert.notDeepEqual(problems(), []));
}
