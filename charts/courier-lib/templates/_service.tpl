{{/*
One Service across all tracks: callers always use http://<name>:8080 and the VirtualService picks
the track. The port name tells Istio the protocol is HTTP.
*/}}
{{- define "courier-lib.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "courier-lib.name" . }}
  labels:
    {{- include "courier-lib.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    app: {{ include "courier-lib.name" . }}
  ports:
    - name: http
      port: 8080
      targetPort: http
      protocol: TCP
      appProtocol: http
{{- end -}}
