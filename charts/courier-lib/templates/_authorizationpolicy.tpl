{{/*
Least privilege at L7 with mTLS identities: only the named callers reach the service port, and not
its /metrics (the ingress gateway is a caller of web, so the internet would read it otherwise). With
ALLOW rules present, Istio denies every other request to these pods.

Sidecar mode: the policy selects the pods and their sidecars enforce it. Probes and Prometheus
scrapes go to the sidecar's own port (:15020), which this policy does not govern; a meshed scraper
gets its own rule below.

Ambient mode: a policy that selects pods is ztunnel's, and ztunnel reads no paths or methods. So the
L7 policy is attached (targetRefs) to every Service of the release, and the waypoint enforces it on
requests sent to any of them; a second, L4 policy (courier-lib.ztunnelPolicy) lets only the waypoint,
the callers that reach the pods directly and the scrapers through to the pods at all.
*/}}
{{- define "courier-lib.authorizationPolicy" -}}
{{- $root := . -}}
{{- $callers := include "courier-lib.callers" . | fromYamlArray -}}
{{- $name := include "courier-lib.name" . -}}
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: {{ $name }}
  labels:
    {{- include "courier-lib.labels" . | nindent 4 }}
spec:
  {{- if eq (include "courier-lib.meshMode" .) "ambient" }}
  targetRefs:
    {{- range include "courier-lib.serviceNames" . | fromYamlArray }}
    - kind: Service
      group: ""
      name: {{ . }}
    {{- end }}
  {{- else }}
  selector:
    matchLabels:
      app: {{ $name }}
  {{- end }}
  action: ALLOW
  {{- if not (or $callers .Values.metrics.scraperPrincipals) }}
  # No caller yet (a service nobody's manifest calls): ALLOW with no rule admits nobody, Istio's
  # allow-nothing policy.
  rules: []
  {{- else }}
  rules:
    {{- if $callers }}
    - from:
        - source:
            principals:
              {{- range $callers }}
              - {{ include "courier-lib.callerPrincipal" (dict "root" $root "caller" .) | quote }}
              {{- end }}
      to:
        - operation:
            ports: ["8080"]
            notPaths: ["/metrics", "/metrics/*"]
    {{- if .Values.streams.enabled }}
    # The streams port serves its streams only: callers may GET them there, and nothing else.
    - from:
        - source:
            principals:
              {{- range $callers }}
              - {{ include "courier-lib.callerPrincipal" (dict "root" $root "caller" .) | quote }}
              {{- end }}
      to:
        - operation:
            ports: [{{ .Values.streams.port | toString | quote }}]
            methods: ["GET"]
            paths:
              {{- range .Values.streams.paths }}
              - {{ .exact | default (printf "%s*" .prefix) | quote }}
              {{- end }}
    {{- end }}
    {{- end }}
    {{- with .Values.metrics.scraperPrincipals }}
    # Scrapers inside the mesh (for example Prometheus with Istio certificates) may read metrics only.
    - from:
        - source:
            principals:
              {{- toYaml . | nindent 14 }}
      to:
        - operation:
            ports: ["8080"]
            methods: ["GET"]
            paths: ["/metrics"]
    {{- end }}
  {{- end }}
{{- end -}}



{{/* Every Service the release renders: the service's, its streams', and (Gateway API) one per deployed track. */}}
{{- define "courier-lib.serviceNames" -}}
{{- $name := include "courier-lib.name" . -}}
{{- $names := list $name -}}
{{- if .Values.streams.enabled -}}{{- $names = append $names (include "courier-lib.streamsName" .) -}}{{- end -}}
{{- if eq (include "courier-lib.routingApi" .) "gateway-api" -}}
{{- range splitList "," (include "courier-lib.deployedTracks" .) -}}{{- $names = append $names (printf "%s-%s" $name .) -}}{{- end -}}
{{- end -}}
{{- toYaml $names -}}
{{- end -}}

{{/*
Ambient mode only: what ztunnel admits to the pods, at L4 (ports and identities are all it reads).
The waypoint brings every mesh caller's request, already checked against the L7 policy above;
callers marked `direct` (the ingress Gateway's proxy, which routes by its own HTTPRoute and sends
straight to the pods) and the scrapers come themselves. Anything else, such as a pod that dials a
pod IP to skip the waypoint, is refused.
*/}}
{{- define "courier-lib.ztunnelPolicy" -}}
{{- $root := . -}}
{{- $name := include "courier-lib.name" . -}}
{{- $direct := list (include "courier-lib.waypointCaller" . | fromYaml) -}}
{{- range include "courier-lib.callers" . | fromYamlArray -}}{{- if .direct -}}{{- $direct = append $direct . -}}{{- end -}}{{- end -}}
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: {{ $name }}-ztunnel
  labels:
    {{- include "courier-lib.labels" . | nindent 4 }}
spec:
  selector:
    matchLabels:
      app: {{ $name }}
  action: ALLOW
  rules:
    - from:
        - source:
            principals:
              {{- range $direct }}
              - {{ include "courier-lib.callerPrincipal" (dict "root" $root "caller" .) | quote }}
              {{- end }}
      to:
        - operation:
            ports: ["8080"{{ if .Values.streams.enabled }}, {{ .Values.streams.port | toString | quote }}{{ end }}]
    {{- with .Values.metrics.scraperPrincipals }}
    - from:
        - source:
            principals:
              {{- toYaml . | nindent 14 }}
      to:
        - operation:
            ports: ["8080"]
    {{- end }}
{{- end -}}
