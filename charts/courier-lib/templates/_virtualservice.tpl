{{/*
The service's routing inside the mesh (host <name>, the mesh gateway by default), and, when
ingress.enabled, the same routes bound to the Istio ingress Gateway. They are two objects because
Istio forbids the wildcard host a gateway route needs on a VirtualService bound to the mesh.

The ingress routes take only ingress.paths and ingress.extraPaths: each route's matches are
crossed with them (a header match AND one of the paths), so anything else (/metrics, /version,
health, an operator page) finds no route at the gateway and gets Envoy's 404.
*/}}
{{- define "courier-lib.virtualService" -}}
{{- $name := include "courier-lib.name" . -}}
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: {{ $name }}
  labels:
    {{- include "courier-lib.labels" . | nindent 4 }}
spec:
  hosts:
    - {{ $name }}
  http:
    {{- include "courier-lib.httpRoutes" . | trim | nindent 4 }}
{{- if .Values.ingress.enabled }}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: {{ $name }}-ingress
  labels:
    {{- include "courier-lib.labels" . | nindent 4 }}
spec:
  hosts:
    {{- toYaml .Values.ingress.hosts | nindent 4 }}
  gateways:
    - {{ .Values.ingress.gateway }}
  http:
    {{- if .Values.streams.enabled }}
    {{- include "courier-lib.streamsIngressRoute" . | trim | nindent 4 }}
    {{- end }}
    {{- include "courier-lib.publicRoutes" . | trim | nindent 4 }}
{{- end }}
{{- end -}}

{{/* The HTTP routes, each matching only the public paths (ingress.paths, then ingress.extraPaths). */}}
{{- define "courier-lib.publicRoutes" -}}
{{- $paths := concat (.Values.ingress.paths | default list) (.Values.ingress.extraPaths | default list) -}}
{{- if not $paths }}
{{- fail "ingress.paths: list the paths the ingress gateway may route to this service (e.g. - prefix: /api/), or set ingress.enabled=false" }}
{{- end }}
{{- $routes := include "courier-lib.httpRoutes" . | fromYamlArray -}}
{{- range $route := $routes }}
{{- $matches := list }}
{{- range $match := ($route.match | default (list dict)) }}
{{- range $path := $paths }}
{{- $matches = append $matches (merge (dict "uri" $path) (deepCopy $match)) }}
{{- end }}
{{- end }}
{{- $_ := set $route "match" $matches }}
{{- end }}
{{- toYaml $routes }}
{{- end -}}
