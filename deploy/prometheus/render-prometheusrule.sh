#!/usr/bin/env bash
# Renders deploy/k8s/prometheusrule.yaml (a prometheus-operator PrometheusRule) from heimdall.rules.yml, so the cluster
# alerts exactly as the rule file that promtool tests. Run after editing the rule file; a repository test checks that
# the two agree (tests/Heimdall.Repository.Tests, KubernetesManifestTests).
set -euo pipefail
here="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
{
  cat <<'YAML'
# GENERATED from deploy/prometheus/heimdall.rules.yml by deploy/prometheus/render-prometheusrule.sh: edit the rule file.
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: heimdall
  namespace: heimdall
  labels:
    app.kubernetes.io/part-of: heimdall
spec:
YAML
  grep -v '^#' "$here/heimdall.rules.yml" | sed 's/^/  /; s/^  $//'
} >"$here/../k8s/prometheusrule.yaml"
