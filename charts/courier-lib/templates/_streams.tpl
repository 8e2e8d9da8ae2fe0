{{/*
Long-lived streams (streams.enabled): a port of their own and a Service of their own,
<name>-streams. Istio reports a request under the Service of the port it arrived on (inbound
clusters are per port), so the streams get their own destination_service_name and the service's
analysis, which selects destination_service_name=<name>, measures its other requests only.
*/}}
{{- define "courier-lib.streamsName" -}}
{{ include "courier-lib.name" . }}-streams
{{- end -}}

{{- define "courier-lib.streamsService" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "courier-lib.streamsName" . }}
  labels:
    {{- include "courier-lib.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    app: {{ include "courier-lib.name" . }}
  ports:
    - name: http-streams
      port: {{ .Values.streams.port }}
      targetPort: http-streams
      protocol: TCP
      appProtocol: http
{{- end -}}

{{/*
The ingress route to the streams, first so that no broader path takes them: only streams.paths the
ingress routes at all (an exact path listed in ingress.paths or extraPaths, or under one of their
prefixes), so the streams never widen what the gateway exposes. Empty when none is.
*/}}
{{- define "courier-lib.streamsIngressRoute" -}}
{{- $allowed := concat (.Values.ingress.paths | default list) (.Values.ingress.extraPaths | default list) -}}
{{- $matches := list -}}
{{- range $stream := (.Values.streams.paths | default list) }}
{{- $path := $stream.exact | default $stream.prefix -}}
{{- $covered := false -}}
{{- range $allowed }}
{{- if or (and .exact $stream.exact (eq .exact $stream.exact)) (and .prefix (hasPrefix .prefix $path)) }}
{{- $covered = true -}}
{{- end }}
{{- end }}
{{- if $covered }}
{{- $matches = append $matches (dict "uri" $stream) -}}
{{- end }}
{{- end }}
{{- if $matches }}
- name: streams
  match:
    {{- toYaml $matches | nindent 4 }}
  route:
    - destination:
        host: {{ include "courier-lib.streamsName" . }}
        port:
          number: {{ .Values.streams.port }}
{{- end }}
{{- end -}}
