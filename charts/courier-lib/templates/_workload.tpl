{{/*
Everything one Courier service needs, in one include. A service chart's only template is:

  {{ include "courier-lib.workload" . }}

Rendered: ServiceAccount, Service (and <name>-streams with streams.enabled), per deployed track a Deployment, HorizontalPodAutoscaler and
PodDisruptionBudget, the DestinationRule and VirtualService(s) (or, with routing.api gateway-api, a
Service per track and the HTTPRoute(s)), AuthorizationPolicy (in ambient mode also ztunnel's L4 one), NetworkPolicy,
the migration Job hook (when database.enabled) and a ServiceMonitor (when enabled).
*/}}
{{- define "courier-lib.workload" -}}
{{- $root := . -}}
{{ include "courier-lib.serviceAccount" . }}
---
{{ include "courier-lib.service" . }}
{{- if .Values.streams.enabled }}
---
{{ include "courier-lib.streamsService" . }}
{{- end }}
{{- range splitList "," (include "courier-lib.deployedTracks" .) }}
{{- $track := dict "root" $root "track" . }}
---
{{ include "courier-lib.deployment" $track }}
{{- if $root.Values.autoscaling.enabled }}
---
{{ include "courier-lib.horizontalPodAutoscaler" $track }}
{{- end }}
---
{{ include "courier-lib.podDisruptionBudget" $track }}
{{- end }}
{{- if eq (include "courier-lib.routingApi" .) "gateway-api" }}
---
{{ include "courier-lib.trackServices" . }}
---
{{ include "courier-lib.httpRoute" . }}
{{- else }}
---
{{ include "courier-lib.destinationRule" . }}
---
{{ include "courier-lib.virtualService" . }}
{{- end }}
---
{{ include "courier-lib.authorizationPolicy" . }}
{{- if eq (include "courier-lib.meshMode" .) "ambient" }}
---
{{ include "courier-lib.ztunnelPolicy" . }}
{{- end }}
---
{{ include "courier-lib.networkPolicy" . }}
{{- if .Values.database.enabled }}
---
{{ include "courier-lib.migrationJob" . }}
{{- end }}
{{- if .Values.metrics.serviceMonitor.enabled }}
---
{{ include "courier-lib.serviceMonitor" . }}
{{- end }}
{{- end -}}
