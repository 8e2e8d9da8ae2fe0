{{/*
The service's routing inside the mesh (host <name>, the mesh gateway by default), and, when
ingress.enabled, the same routes bound to the Istio ingress Gateway. They are two objects because
Istio forbids the wildcard host a gateway route needs on a VirtualService bound to the mesh.
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
    {{- include "courier-lib.httpRoutes" . | trim | nindent 4 }}
{{- end }}
{{- end -}}
