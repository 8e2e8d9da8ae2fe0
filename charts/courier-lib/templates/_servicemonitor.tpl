{{/*
For clusters running the Prometheus Operator. The default install (k8s/observability) scrapes the pod
annotations instead, through Istio's merged metrics, and needs no ServiceMonitor. A ServiceMonitor
scrapes the service port, so under STRICT mTLS its Prometheus must carry Istio certificates and be
listed in metrics.scraperPrincipals.
*/}}
{{- define "courier-lib.serviceMonitor" -}}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "courier-lib.name" . }}
  labels:
    {{- include "courier-lib.labels" . | nindent 4 }}
spec:
  selector:
    matchLabels:
      app: {{ include "courier-lib.name" . }}
  endpoints:
    - port: http
      path: /metrics
      interval: {{ .Values.metrics.serviceMonitor.interval }}
{{- end -}}
