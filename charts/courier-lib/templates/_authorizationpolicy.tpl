{{/*
Least privilege at L7 with mTLS identities: only the named callers reach the service port, and not
its /metrics (the ingress gateway is a caller of web, so the internet would read it otherwise). With
ALLOW rules present, Istio denies every other request to these pods. Probes and Prometheus scrapes
go to the sidecar's own port (:15020), which this policy does not govern; a meshed scraper gets its
own rule below.
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
  selector:
    matchLabels:
      app: {{ $name }}
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

