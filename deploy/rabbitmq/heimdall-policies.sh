#!/bin/sh
# Heimdall's broker policy (POSIX sh and curl, so that it runs from a workstation, the local stack, a curl container or
# a Kubernetes Job alike). For each of Heimdall's six quorum queues Q it declares Q_error (a fanout exchange and a
# quorum queue bound to it, exactly as MassTransit declares its error queue, so either may come first) and sets the
# policy heimdall-Q:
#   delivery-limit          HEIMDALL_DELIVERY_LIMIT (20): a message returned to Q more often than that (delivered and
#                           never acknowledged: a consumer that crashes on it, a connection that keeps dropping) is
#                           taken off Q instead of going round for ever
#   dead-letter-exchange    Q_error: it lands in Q_error, beside the messages MassTransit moved there, with an x-death
#                           header whose reason is delivery_limit; nothing is dropped (RabbitMQ 4.x drops such messages
#                           when no dead-letter exchange is set, after its default limit of 20)
#   dead-letter-strategy    at-least-once (with overflow reject-publish, which it needs): Q keeps the message until
#                           Q_error has confirmed it
# A policy applies to existing queues in place, so this works for a running deployment too (arguments on the queues
# cannot change once declared: PRECONDITION_FAILED). It is idempotent; run it once per vhost, with a user that may
# declare and set policies (tag policymaker or administrator):
#   HEIMDALL_RABBITMQ_MANAGEMENT_URL=http://user:password@rabbitmq:15672 HEIMDALL_RABBITMQ_VHOST=/ deploy/rabbitmq/heimdall-policies.sh
# Priority 10: a broker policy of your own that matches these queues with a higher priority replaces this one (only one
# policy applies to a queue): give it these keys too. docs/operations.md, "Delivery limit and dead letters".
set -eu

url="${HEIMDALL_RABBITMQ_MANAGEMENT_URL:?set HEIMDALL_RABBITMQ_MANAGEMENT_URL to the management API, e.g. http://user:password@rabbitmq:15672}"
url="${url%/}"
vhost="${HEIMDALL_RABBITMQ_VHOST:-/}"
limit="${HEIMDALL_DELIVERY_LIMIT:-20}"
queues="acquisition-requested iq-captured acquisition-collection iq-archived receiver-capture-failed acquisition-lifecycle"

case "$limit" in
  '' | *[!0-9]* | 0*)
    echo "HEIMDALL_DELIVERY_LIMIT must be a whole number from 1 (got '$limit')" >&2
    exit 2
    ;;
esac

# The vhost as one path segment of the management API.
v="$(printf '%s' "$vhost" | sed -e 's/%/%25/g' -e 's|/|%2F|g' -e 's/ /%20/g' -e 's/#/%23/g' -e 's/?/%3F/g')"

api() {
  method="$1" path="$2" body="$3"
  if ! answer="$(curl -sS --fail-with-body --max-time 30 -X "$method" -H 'content-type: application/json' \
    "$url/api/$path" -d "$body" 2>&1)"; then
    echo "heimdall-policies: $method /api/$path failed: $answer" >&2
    exit 1
  fi
}

for q in $queues; do
  api PUT "exchanges/$v/${q}_error" '{"type":"fanout","durable":true,"auto_delete":false,"internal":false,"arguments":{}}'
  api PUT "queues/$v/${q}_error" '{"durable":true,"auto_delete":false,"arguments":{"x-queue-type":"quorum"}}'
  api POST "bindings/$v/e/${q}_error/q/${q}_error" '{"routing_key":"","arguments":{}}'
  api PUT "policies/$v/heimdall-$q" "{\"pattern\":\"^$q\$\",\"apply-to\":\"queues\",\"priority\":10,\"definition\":{\"delivery-limit\":$limit,\"dead-letter-exchange\":\"${q}_error\",\"dead-letter-strategy\":\"at-least-once\",\"overflow\":\"reject-publish\"}}"
  echo "heimdall-policies: vhost $vhost, $q: delivery-limit $limit, dead letters to ${q}_error"
done
