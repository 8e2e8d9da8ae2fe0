{{/*
One Deployment per track (users-stable, users-canary, ...). Tracks are separate Deployments so that
Istio weights, not replica counts, decide the traffic split, and each track scales on its own.
Call with (dict "root" $ "track" "stable").
*/}}
{{- define "courier-lib.deployment" -}}
{{- $root := .root -}}
{{- $values := $root.Values -}}
{{- $name := include "courier-lib.name" $root -}}
{{- $settings := include "courier-lib.trackSettings" . | fromYaml -}}
{{- $image := include "courier-lib.image" . -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "courier-lib.workloadName" . }}
  labels:
    {{- include "courier-lib.trackLabels" . | nindent 4 }}
  annotations:
    {{- /* Shown by `kubectl rollout history`; the pipeline may pass its own reason. */}}
    kubernetes.io/change-cause: {{ default (printf "%s %s on track %s: %s" $name $settings.version .track $image) $values.changeCause | quote }}
spec:
  {{- if not $values.autoscaling.enabled }}
  replicas: {{ $values.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "courier-lib.trackSelector" . | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      # Never below the current capacity while a track is updated.
      maxUnavailable: 0
      maxSurge: 1
  template:
    metadata:
      labels:
        {{- include "courier-lib.trackLabels" . | nindent 8 }}
      annotations:
        # Sidecar mode: Istio rewrites these to its merged metrics endpoint (:15020), so Prometheus
        # scrapes without mTLS. Ambient mode: Prometheus, itself in the ambient mesh, scrapes the app.
        prometheus.io/scrape: "true"
        prometheus.io/port: "8080"
        prometheus.io/path: /metrics
        {{- if eq (include "courier-lib.meshMode" $root) "sidecar" }}
        # The app calls the mesh and the database as soon as it starts; Envoy must be ready first.
        proxy.istio.io/config: '{"holdApplicationUntilProxyStarts": true}'
        {{- end }}
        kubectl.kubernetes.io/default-container: {{ $name }}
    spec:
      serviceAccountName: {{ $name }}
      # The services never call the Kubernetes API.
      automountServiceAccountToken: false
      {{- /* Readiness delay + drain timeout + margin: SIGKILL must never cut a draining request. */}}
      terminationGracePeriodSeconds: {{ add (div (add $values.shutdown.delayMs $values.shutdown.timeoutMs) 1000) 5 }}
      securityContext:
        {{- include "courier-lib.podSecurityContext" $root | nindent 8 }}
      containers:
        - name: {{ $name }}
          image: {{ $image | quote }}
          imagePullPolicy: {{ $values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
            {{- if $values.streams.enabled }}
            - name: http-streams
              containerPort: {{ $values.streams.port }}
              protocol: TCP
            {{- end }}
          env:
            {{- include "courier-lib.env" . | nindent 12 }}
          startupProbe:
            httpGet:
              path: /healthz
              port: http
            periodSeconds: 2
            failureThreshold: 30
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
            periodSeconds: 10
            timeoutSeconds: 2
            failureThreshold: 3
          readinessProbe:
            httpGet:
              path: /readyz
              port: http
            periodSeconds: 5
            timeoutSeconds: 2
            failureThreshold: 2
          resources:
            {{- toYaml $values.resources | nindent 12 }}
          securityContext:
            {{- include "courier-lib.containerSecurityContext" $root | nindent 12 }}
          volumeMounts:
            {{- include "courier-lib.tmpVolumeMount" $root | nindent 12 }}
      volumes:
        {{- include "courier-lib.tmpVolume" $root | nindent 8 }}
{{- end -}}
