{{/* Per track, so a canary at 10% keeps its own small footprint while stable scales with load. */}}
{{- define "courier-lib.horizontalPodAutoscaler" -}}
{{- $values := .root.Values -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "courier-lib.workloadName" . }}
  labels:
    {{- include "courier-lib.trackLabels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "courier-lib.workloadName" . }}
  minReplicas: {{ $values.autoscaling.minReplicas }}
  maxReplicas: {{ $values.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $values.autoscaling.targetCPUUtilizationPercentage }}
{{- end -}}

{{/* Voluntary disruptions (node drains, cluster upgrades) take at most maxUnavailable pods of a track at once. */}}
{{- define "courier-lib.podDisruptionBudget" -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "courier-lib.workloadName" . }}
  labels:
    {{- include "courier-lib.trackLabels" . | nindent 4 }}
spec:
  maxUnavailable: {{ .root.Values.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "courier-lib.trackSelector" . | nindent 6 }}
{{- end -}}
