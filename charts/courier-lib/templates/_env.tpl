{{/*
Environment of a service container on one track. The variable names are the service-kit contract;
values come from the chart's values so a rollout can change a track (version, faults) alone.
Call with (dict "root" $ "track" "canary").
*/}}
{{- define "courier-lib.env" -}}
{{- $values := .root.Values -}}
{{- $settings := include "courier-lib.trackSettings" . | fromYaml -}}
{{- $faults := default dict $settings.faults -}}
- name: PORT
  value: "8080"
- name: HOST
  value: "0.0.0.0"
{{- if $values.streams.enabled }}
- name: STREAMS_PORT
  value: {{ $values.streams.port | int64 | toString | quote }}
{{- end }}
- name: APP_VERSION
  value: {{ $settings.version | quote }}
- name: APP_TRACK
  value: {{ .track | quote }}
- name: GIT_SHA
  value: {{ $values.gitSha | default "unknown" | quote }}
- name: LOG_LEVEL
  value: {{ $values.logLevel | quote }}
{{- /* The mesh the pod runs in: web's control room says so, and reads the proxy that reports requests. */}}
- name: ROUTING_API
  value: {{ include "courier-lib.routingApi" .root | quote }}
- name: MESH_MODE
  value: {{ include "courier-lib.meshMode" .root | quote }}
- name: FAULT_ERROR_RATE
  value: {{ $faults.errorRate | default 0 | toString | quote }}
- name: FAULT_DELAY_MS
  value: {{ $faults.delayMs | default 0 | int64 | toString | quote }}
{{- with $faults.route }}
- name: FAULT_ROUTE
  value: {{ . | quote }}
{{- end }}
{{- /* Readiness goes red first so Envoy and kube-proxy stop sending before the server closes. */}}
- name: SHUTDOWN_DELAY_MS
  value: {{ $values.shutdown.delayMs | int64 | toString | quote }}
- name: SHUTDOWN_TIMEOUT_MS
  value: {{ $values.shutdown.timeoutMs | int64 | toString | quote }}
- name: BODY_LIMIT_BYTES
  value: {{ $values.bodyLimitBytes | int64 | toString | quote }}
{{- with $values.otel.endpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- if $values.database.enabled }}
{{ include "courier-lib.databaseEnv" .root }}
{{- /* The pre-upgrade migration Job owns the schema; replicas racing to migrate on start would not. */}}
- name: DATABASE_MIGRATE_ON_START
  value: "false"
- name: DATABASE_POOL_MAX
  value: {{ $values.database.poolMax | int64 | toString | quote }}
{{- end }}
{{- range $name, $value := $values.env }}
- name: {{ $name }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- end -}}

{{/* The connection string stays in a Secret created outside the chart; values only name it. */}}
{{- define "courier-lib.databaseEnv" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.secret.name }}
      key: {{ .Values.database.secret.key }}
- name: DATABASE_SCHEMA
  value: {{ .Values.database.schema | quote }}
{{- end -}}
