#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Schema-checks deploy/kubernetes/*.yaml with the Kubernetes OpenAPI schemas
# of the npm package kubernetes-models (installed once into build/npm-k8s;
# offline afterwards), and checks that kustomization.yaml names only files
# that exist or that the GitOps steps copy in. No cluster is contacted.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
NPM_DIR=${NPM_DIR:-$REPO/build/npm-k8s}
if [ ! -d "$NPM_DIR/node_modules/kubernetes-models" ]; then
	command -v npm >/dev/null || { echo "validate.sh: npm missing (apt-get install npm)" >&2; exit 1; }
	mkdir -p "$NPM_DIR"
	(cd "$NPM_DIR" && npm install --no-audit --no-fund --silent kubernetes-models@4 js-yaml@4 >/dev/null)
fi
NODE_PATH=$NPM_DIR/node_modules node "$REPO/deploy/kubernetes/validate.js" "$REPO"/deploy/kubernetes/*.yaml
