{{/*
Subsets name tracks and select pods by the `track` label only. The version is a pod label (Istio's
destination_version), not a subset selector: promoting a new version onto the stable track is then a
rolling update of users-stable, without a moment when the subset selects no pods.
Only deployed tracks get a subset; the VirtualService never routes to any other.
*/}}
{{- define "courier-lib.destinationRule" -}}
{{- $name := include "courier-lib.name" . -}}
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: {{ $name }}
  labels:
    {{- include "courier-lib.labels" . | nindent 4 }}
spec:
  host: {{ $name }}
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
  subsets:
    {{- range splitList "," (include "courier-lib.deployedTracks" .) }}
    - name: {{ . }}
      labels:
        track: {{ . }}
    {{- end }}
{{- end -}}
