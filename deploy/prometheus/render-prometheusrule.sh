#!/usr/bin/env bash
# Renders Heimdall's alert rules (heimdall.rules.yml, the one source that promtool tests) for where they are loaded:
#   render-prometheusrule.sh                          deploy/k8s/prometheusrule.yaml, a prometheus-operator PrometheusRule
#                                                     (run after editing the rule file; a repository test keeps the two equal)
#   render-prometheusrule.sh --prometheus-rule FILE   the PrometheusRule into FILE ('-': standard output)
#   render-prometheusrule.sh --rules FILE             a rule file for any Prometheus into FILE ('-': standard output)
# Every runbook_url is <base>#<alert name in lower case>. HEIMDALL_RUNBOOK_BASE_URL replaces the base, by default
# https://github.com/heimdall/heimdall/blob/main/docs/operations.md, with where your operators read docs/operations.md
# (your fork, a wiki, a documentation site); the anchors stay the alert names.
set -euo pipefail
here="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
default_base="https://github.com/heimdall/heimdall/blob/main/docs/operations.md"
base="${HEIMDALL_RUNBOOK_BASE_URL:-$default_base}"
if [[ ! "$base" =~ ^https?://[^[:space:]#]+$ ]]; then
  echo "HEIMDALL_RUNBOOK_BASE_URL must be an absolute http(s) URL without a fragment (got '$base')" >&2
  exit 2
fi

what="${1:---prometheus-rule}"
output="${2:-$here/../k8s/prometheusrule.yaml}"
case "$what" in
  --rules | --prometheus-rule) ;;
  *)
    echo "usage: $0 [--prometheus-rule [FILE|-]] | --rules FILE|-" >&2
    exit 2
    ;;
esac

# The rule file with the runbook base replaced (sed's replacement escapes & and the delimiter).
rules() {
  local escaped="${base//\\/\\\\}"
  escaped="${escaped//&/\\&}"
  escaped="${escaped//|/\\|}"
  sed "s|runbook_url: $default_base#|runbook_url: $escaped#|" "$here/heimdall.rules.yml"
}

render() {
  if [[ "$what" == --rules ]]; then
    rules
    return
  fi
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
  rules | grep -v '^#' | sed 's/^/  /; s/^  $//'
}

if [[ "$output" == - ]]; then
  render
else
  render >"$output"
fi
