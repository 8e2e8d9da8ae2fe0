{{/*
Applies the service's database migrations before any pod of a release starts (pre-install) and
before every upgrade (pre-upgrade), so a new version never runs against an old schema. It runs the
image of the newest deployed track (courier-lib.incomingTrack): migrations must be backward
compatible (expand first, contract later), because the previous version keeps serving.
Re-running is cheap: applied migrations are recorded in _prisma_migrations and skipped.

It runs without a sidecar: a Job's pod must exit, and PostgreSQL is outside the mesh. It uses the
namespace's default ServiceAccount because a pre-install hook runs before the chart's own exists.
*/}}
{{- define "courier-lib.migrationJob" -}}
{{- $values := .Values -}}
{{- $name := include "courier-lib.name" . -}}
{{- $incoming := dict "root" . "track" (include "courier-lib.incomingTrack" .) -}}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ $name }}-migrate
  labels:
    {{- include "courier-lib.commonLabels" . | nindent 4 }}
    app: {{ $name }}-migrate
    app.kubernetes.io/component: migration
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "0"
    # A failed Job stays for `kubectl logs` until the next attempt replaces it.
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  backoffLimit: {{ $values.migration.backoffLimit }}
  activeDeadlineSeconds: {{ $values.migration.activeDeadlineSeconds }}
  template:
    metadata:
      labels:
        {{- include "courier-lib.commonLabels" . | nindent 8 }}
        app: {{ $name }}-migrate
        app.kubernetes.io/component: migration
      {{- if eq (include "courier-lib.meshMode" .) "sidecar" }}
      # A sidecar would outlive the migration and keep the Job from completing (ambient injects none).
      annotations:
        sidecar.istio.io/inject: "false"
      {{- end }}
    spec:
      restartPolicy: Never
      automountServiceAccountToken: false
      securityContext:
        {{- include "courier-lib.podSecurityContext" . | nindent 8 }}
      containers:
        - name: migrate
          image: {{ include "courier-lib.image" $incoming | quote }}
          imagePullPolicy: {{ $values.image.pullPolicy }}
          command: ["node", "dist/migrate.js"]
          env:
            {{- include "courier-lib.databaseEnv" . | nindent 12 }}
            - name: LOG_LEVEL
              value: {{ $values.logLevel | quote }}
          resources:
            {{- toYaml $values.resources | nindent 12 }}
          securityContext:
            {{- include "courier-lib.containerSecurityContext" . | nindent 12 }}
          volumeMounts:
            {{- include "courier-lib.tmpVolumeMount" . | nindent 12 }}
      volumes:
        {{- include "courier-lib.tmpVolume" . | nindent 8 }}
{{- end -}}
