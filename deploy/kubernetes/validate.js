// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
// Validates the manifests of deploy/kubernetes/ against the Kubernetes
// OpenAPI schemas bundled in the npm package kubernetes-models (offline once
// installed): node validate.js FILE...   (deploy/kubernetes/validate.sh)
"use strict";
const fs = require("fs");
const yaml = require("js-yaml");
const models = {
  "v1/Namespace": () => require("kubernetes-models/v1/Namespace").Namespace,
  "apps/v1/DaemonSet": () => require("kubernetes-models/apps/v1/DaemonSet").DaemonSet,
  "batch/v1/Job": () => require("kubernetes-models/batch/v1/Job").Job,
};
let bad = 0, good = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of yaml.loadAll(fs.readFileSync(file, "utf8"))) {
    if (!doc) continue;
    const key = `${doc.apiVersion}/${doc.kind}`;
    if (!models[key]) {
      if (doc.kind === "Kustomization") continue;
      console.log(`FAIL: ${file}: no schema for ${key}`); bad++; continue;
    }
    const M = models[key]();
    try {
      new M(doc).validate();
      good++;
    } catch (e) {
      console.log(`FAIL: ${file}: ${key} ${doc.metadata && doc.metadata.name}: ${e.message}`);
      bad++;
    }
  }
}
console.log(`kubernetes: ${good} passed, ${bad} failed`);
process.exit(bad ? 1 : 0);
