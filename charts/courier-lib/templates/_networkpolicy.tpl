{{/*
Defence in depth under the AuthorizationPolicy: selecting the pods makes all other ingress denied
(default deny). The kubelet's probes come from the node, which NetworkPolicy always allows. Egress
stays open: pods need DNS, istiod, the database and the tracing collector, and what they may call
inside the mesh is enforced by the callees' AuthorizationPolicies.

Sidecar mode: the callers reach the service port, and only the observability namespace reaches
Istio's merged-metrics port (:15020).
Ambient mode: everything arrives over HBONE on :15008 (NetworkPolicy sees the tunnel, not the port
inside it): from the waypoint, the callers that reach the pods directly, and the scrapers' namespace.
*/}}
{{- define "courier-lib.networkPolicy" -}}
{{- $root := . -}}
{{- $callers := include "courier-lib.callers" . | fromYamlArray -}}
{{- $name := include "courier-lib.name" . -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ $name }}
  labels:
    {{- include "courier-lib.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      app: {{ $name }}
  policyTypes:
    - Ingress
  ingress:
    {{- if eq (include "courier-lib.meshMode" .) "ambient" }}
    - from:
        {{- include "courier-lib.callerPeer" (dict "root" $root "caller" (include "courier-lib.waypointCaller" . | fromYaml)) | nindent 8 }}
        {{- range $callers }}
        {{- if .direct }}
        {{- include "courier-lib.callerPeer" (dict "root" $root "caller" .) | nindent 8 }}
        {{- end }}
        {{- end }}
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: {{ .Values.metrics.scraperNamespace }}
      ports:
        - port: 15008
          protocol: TCP
    {{- else }}
    {{- if $callers }}
    - from:
        {{- range $callers }}
        {{- include "courier-lib.callerPeer" (dict "root" $root "caller" .) | nindent 8 }}
        {{- end }}
      ports:
        - port: 8080
          protocol: TCP
        {{- if .Values.streams.enabled }}
        - port: {{ .Values.streams.port }}
          protocol: TCP
        {{- end }}
    {{- end }}
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: {{ .Values.metrics.scraperNamespace }}
      ports:
        - port: 15020
          protocol: TCP
    {{- end }}
{{- end -}}
