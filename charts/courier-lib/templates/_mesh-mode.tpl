{{/*
The data-plane mode (mesh.mode):

  sidecar  an Envoy injected into every pod applies the routes and policies (namespace label
           istio-injection=enabled)
  ambient  no sidecar: ztunnel on each node carries mTLS at L4, and the namespace's waypoint proxy
           (the umbrella's Gateway of class istio-waypoint) applies the HTTPRoutes and the L7
           AuthorizationPolicies (namespace labels istio.io/dataplane-mode=ambient and
           istio.io/use-waypoint=<mesh.waypoint>)

Ambient needs routing.api gateway-api: a waypoint applies HTTPRoutes, and its VirtualService support
is alpha.
*/}}
{{- define "courier-lib.meshMode" -}}
{{- $mode := (.Values.mesh | default dict).mode | default "sidecar" -}}
{{- if not (has $mode (list "sidecar" "ambient")) -}}
{{- fail (printf "mesh.mode must be sidecar or ambient (got %q)" $mode) -}}
{{- end -}}
{{- if and (eq $mode "ambient") (ne (include "courier-lib.routingApi" .) "gateway-api") -}}
{{- fail "mesh.mode ambient needs routing.api gateway-api: a waypoint applies HTTPRoutes (its VirtualService support is alpha); set both" -}}
{{- end -}}
{{- $mode -}}
{{- end -}}

{{/*
The waypoint as a caller: Istio deploys a Gateway of class istio-waypoint under the Gateway's own
name (Deployment and ServiceAccount <mesh.waypoint>, pods labelled with the Gateway's name). In
ambient mode it is the one workload that brings mesh callers' requests to the pods.
*/}}
{{- define "courier-lib.waypointCaller" -}}
{{- toYaml (dict "name" .Values.mesh.waypoint "serviceAccount" .Values.mesh.waypoint "podLabels" (dict "gateway.networking.k8s.io/gateway-name" .Values.mesh.waypoint)) -}}
{{- end -}}
