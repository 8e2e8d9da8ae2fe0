{{/*
Which routing API renders the service's traffic rules (routing.api):

  istio        VirtualService + DestinationRule subsets (one Service, subsets select tracks)
  gateway-api  HTTPRoute (Kubernetes Gateway API v1; one Service per track as its backends)

Both are rendered from the same rollout values (courier-lib.httpRoutes), so a rollout step drives
either API the same way. Each service is its own release, so each takes the setting, as the
umbrella (the platform release) does for its Gateway: courier-cluster passes the same to all.
*/}}
{{- define "courier-lib.routingApi" -}}
{{- $api := (.Values.routing | default dict).api | default "istio" -}}
{{- if not (has $api (list "istio" "gateway-api")) -}}
{{- fail (printf "routing.api must be istio or gateway-api (got %q)" $api) -}}
{{- end -}}
{{- $api -}}
{{- end -}}

{{/*
The Gateway API's parent for the ingress routes: ingress.gateway is `name` or `namespace/name`.
With gatewayClassName istio, Istio deploys the Gateway's proxy as Deployment and ServiceAccount
<name>-istio in the Gateway's namespace, so that workload is the caller the ingress routes come from.
*/}}
{{- define "courier-lib.ingressGatewayRef" -}}
{{- $parts := splitList "/" .Values.ingress.gateway -}}
{{- if eq (len $parts) 2 -}}
{{- toYaml (dict "namespace" (first $parts) "name" (last $parts)) -}}
{{- else -}}
{{- toYaml (dict "name" (first $parts)) -}}
{{- end -}}
{{- end -}}

{{/*
The service's callers (courier-lib._callers.tpl) as a YAML list: the values' callers, plus, with
routing.api gateway-api and ingress.enabled, the proxy Istio deploys for the ingress Gateway.
*/}}
{{- define "courier-lib.callers" -}}
{{- $callers := .Values.callers | default list -}}
{{- if and .Values.ingress.enabled (eq (include "courier-lib.routingApi" .) "gateway-api") -}}
{{- $gateway := include "courier-lib.ingressGatewayRef" . | fromYaml -}}
{{- $workload := printf "%s-istio" $gateway.name -}}
{{- /* direct: the proxy sends to the pods itself (in ambient mode, not through the waypoint). */ -}}
{{- $caller := dict "name" $workload "serviceAccount" $workload "podLabels" (dict "gateway.networking.k8s.io/gateway-name" $gateway.name) "direct" true -}}
{{- with $gateway.namespace -}}{{- $_ := set $caller "namespace" . -}}{{- end -}}
{{- $callers = append $callers $caller -}}
{{- end -}}
{{- toYaml $callers -}}
{{- end -}}
