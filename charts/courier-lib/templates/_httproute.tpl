{{/*
The Gateway API form of the service's routing (routing.api: gateway-api). It is translated from the
very routes the VirtualService carries (courier-lib.httpRoutes and courier-lib.publicRoutes), so the
rollout values drive both APIs to the same decisions:

  VirtualService                         HTTPRoute
  route[].destination.subset: canary     backendRefs[].name: <name>-canary (a Service per track)
  route[].weight                         backendRefs[].weight
  match[].headers.<h>.exact              matches[].headers[] {type: Exact, name: h, value}
  match[].uri.prefix / exact             matches[].path {type: PathPrefix / Exact}
  mirror + mirrorPercentage              filters[] RequestMirror {backendRef, percent}
  timeout                                timeouts.request
  retries                                (none in the standard channel: Istio's default retry
                                          policy applies; see charts/courier-lib/README.md)

Rule order carries over: Gateway API ranks rules by their matches (the header rules outrank the
primary rule, which has none), and between equally specific rules keeps the first, as Istio keeps
the first VirtualService route.

The mesh route's parent is the Service itself (GAMMA: it governs requests sent to <name>:8080 from
inside the mesh); the ingress route's parent is the umbrella's Gateway.
*/}}
{{- define "courier-lib.httpRoute" -}}
{{- $name := include "courier-lib.name" . -}}
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: {{ $name }}
  labels:
    {{- include "courier-lib.labels" . | nindent 4 }}
spec:
  parentRefs:
    - group: ""
      kind: Service
      name: {{ $name }}
      port: 8080
  rules:
    {{- include "courier-lib.gatewayApiRules" (include "courier-lib.httpRoutes" . | fromYamlArray) | nindent 4 }}
{{- if .Values.ingress.enabled }}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: {{ $name }}-ingress
  labels:
    {{- include "courier-lib.labels" . | nindent 4 }}
spec:
  parentRefs:
    - {{- include "courier-lib.ingressGatewayRef" . | nindent 6 }}
  {{- $hostnames := without .Values.ingress.hosts "*" }}
  {{- with $hostnames }}
  hostnames:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  rules:
    {{- $routes := list }}
    {{- if .Values.streams.enabled }}
    {{- $routes = concat $routes (include "courier-lib.streamsIngressRoute" . | fromYamlArray) }}
    {{- end }}
    {{- $routes = concat $routes (include "courier-lib.publicRoutes" . | fromYamlArray) }}
    {{- include "courier-lib.gatewayApiRules" $routes | nindent 4 }}
{{- end }}
{{- end -}}

{{/* HTTPRoute rules from VirtualService http routes (a list of maps), as YAML. */}}
{{- define "courier-lib.gatewayApiRules" -}}
{{- $rules := list -}}
{{- range $route := . -}}
{{- $rule := dict "name" $route.name -}}
{{- $matches := list -}}
{{- range $match := ($route.match | default list) -}}
{{- $gatewayMatch := dict -}}
{{- with $match.uri -}}
{{- $_ := set $gatewayMatch "path" (dict "type" (ternary "Exact" "PathPrefix" (hasKey . "exact")) "value" (.exact | default .prefix)) -}}
{{- end -}}
{{- $headers := list -}}
{{- range $header, $condition := ($match.headers | default dict) -}}
{{- $headers = append $headers (dict "type" "Exact" "name" $header "value" $condition.exact) -}}
{{- end -}}
{{- if $headers -}}{{- $_ := set $gatewayMatch "headers" $headers -}}{{- end -}}
{{- $matches = append $matches $gatewayMatch -}}
{{- end -}}
{{- if $matches -}}{{- $_ := set $rule "matches" $matches -}}{{- end -}}
{{- $backends := list -}}
{{- range ($route.route | default list) -}}
{{- $backends = append $backends (dict "name" (include "courier-lib.backendName" .destination) "port" .destination.port.number "weight" (ternary .weight 100 (hasKey . "weight"))) -}}
{{- end -}}
{{- $_ := set $rule "backendRefs" $backends -}}
{{- with $route.mirror -}}
{{- $mirror := dict "backendRef" (dict "name" (include "courier-lib.backendName" .) "port" .port.number) "percent" (int ($route.mirrorPercentage | default (dict "value" 100)).value) -}}
{{- $_ := set $rule "filters" (list (dict "type" "RequestMirror" "requestMirror" $mirror)) -}}
{{- end -}}
{{- with $route.timeout -}}{{- $_ := set $rule "timeouts" (dict "request" .) -}}{{- end -}}
{{- $rules = append $rules $rule -}}
{{- end -}}
{{- toYaml $rules -}}
{{- end -}}

{{/* The Service a VirtualService destination names: <host>-<subset> (a track's Service), or the host. */}}
{{- define "courier-lib.backendName" -}}
{{- if .subset -}}{{ printf "%s-%s" .host .subset }}{{- else -}}{{ .host }}{{- end -}}
{{- end -}}

{{/*
A Service per deployed track, the backends of the HTTPRoutes: Gateway API has no subsets, so a
track is reached through a Service that selects its pods.
*/}}
{{- define "courier-lib.trackServices" -}}
{{- $root := . -}}
{{- $name := include "courier-lib.name" . -}}
{{- range $index, $track := splitList "," (include "courier-lib.deployedTracks" .) }}
{{- if $index }}
---
{{- end }}
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}-{{ $track }}
  labels:
    {{- include "courier-lib.labels" $root | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    app: {{ $name }}
    track: {{ $track }}
  ports:
    - name: http
      port: 8080
      targetPort: http
      protocol: TCP
      appProtocol: http
{{- end }}
{{- end -}}
