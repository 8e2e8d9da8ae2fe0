{{/*
Each service has its own identity: Istio derives the mTLS principal
(spiffe://<trust domain>/ns/<namespace>/sa/<name>) that AuthorizationPolicies allow or deny.
*/}}
{{- define "courier-lib.serviceAccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "courier-lib.name" . }}
  labels:
    {{- include "courier-lib.labels" . | nindent 4 }}
automountServiceAccountToken: false
{{- end -}}
