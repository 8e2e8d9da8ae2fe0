{{/*
The HTTP routes of a service, rendered from the rollout values. Istio evaluates routes in order, so
header rules (A/B `match`, then the blue/green preview header) come before the primary route.

  strategy   primary route                                    extra
  none       stable 100
  canary     stable 100-w, canary w   (w = canary.weight)
  mirror     stable 100               mirror to canary, mirrorPercentage = mirror.percent
  bluegreen  active colour 100        preview header (value "true") -> inactive colour, when previewed
*/}}
{{- define "courier-lib.httpRoutes" -}}
{{- $root := . -}}
{{- $rollout := .Values.rollout -}}
{{- $deployed := splitList "," (include "courier-lib.deployedTracks" .) -}}
{{- range $index, $rule := $rollout.match }}
{{- if not (has $rule.track $deployed) }}
{{- fail (printf "rollout.match[%d] routes to track %q, which rollout.strategy %q does not deploy (deployed: %s)" $index $rule.track $rollout.strategy (join ", " $deployed)) }}
{{- end }}
- name: {{ printf "match-%d-%s" $index $rule.track }}
  match:
    - headers:
        {{ $rule.header }}:
          exact: {{ $rule.exact | quote }}
  route:
    {{- include "courier-lib.destination" (dict "root" $root "track" $rule.track "weight" 100) | nindent 4 }}
  {{- include "courier-lib.routePolicy" $root | nindent 2 }}
{{- end }}
{{- if and (eq $rollout.strategy "bluegreen") $rollout.bluegreen.preview }}
- name: preview
  match:
    - headers:
        {{ $rollout.bluegreen.previewHeader }}:
          exact: "true"
  route:
    {{- include "courier-lib.destination" (dict "root" $root "track" (include "courier-lib.inactiveColour" $root) "weight" 100) | nindent 4 }}
  {{- include "courier-lib.routePolicy" $root | nindent 2 }}
{{- end }}
- name: primary
  route:
  {{- if eq $rollout.strategy "canary" }}
    {{- $weight := int $rollout.canary.weight }}
    {{- include "courier-lib.destination" (dict "root" $root "track" "stable" "weight" (sub 100 $weight)) | nindent 4 }}
    {{- include "courier-lib.destination" (dict "root" $root "track" "canary" "weight" $weight) | nindent 4 }}
  {{- else if eq $rollout.strategy "bluegreen" }}
    {{- include "courier-lib.destination" (dict "root" $root "track" $rollout.bluegreen.active "weight" 100) | nindent 4 }}
  {{- else }}
    {{- include "courier-lib.destination" (dict "root" $root "track" "stable" "weight" 100) | nindent 4 }}
  {{- end }}
  {{- if eq $rollout.strategy "mirror" }}
  {{- /* Istio sends the copy with "-shadow" appended to the Host; the services roll its writes back. */}}
  mirror:
    host: {{ include "courier-lib.name" $root }}
    subset: canary
    port:
      number: 8080
  mirrorPercentage:
    value: {{ $rollout.mirror.percent }}
  {{- end }}
  {{- include "courier-lib.routePolicy" $root | nindent 2 }}
{{- end -}}

{{/* Call with (dict "root" $ "track" "canary" "weight" 10). */}}
{{- define "courier-lib.destination" -}}
- destination:
    host: {{ include "courier-lib.name" .root }}
    subset: {{ .track }}
    port:
      number: 8080
  weight: {{ .weight }}
{{- end -}}

{{/*
Timeout and retries of every route. Retries cover transport failures only, never 5xx answers: a
faulty new version must show its errors to the rollout analysis instead of having them retried away.
*/}}
{{- define "courier-lib.routePolicy" -}}
timeout: {{ .Values.traffic.timeout }}
retries:
  attempts: {{ .Values.traffic.retries.attempts }}
  {{- with .Values.traffic.retries.perTryTimeout }}
  perTryTimeout: {{ . }}
  {{- end }}
  retryOn: {{ .Values.traffic.retries.retryOn }}
{{- end -}}
