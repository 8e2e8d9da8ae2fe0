{{/*
Names and labels shared by every object of a service.

The service name is the chart name on purpose: it is the mesh host name (http://users:8080), and the
VirtualService, DestinationRule, AuthorizationPolicy principals and callers' URLs all depend on it, so
it must not change with the release name.
*/}}

{{- define "courier-lib.name" -}}
{{- .Chart.Name -}}
{{- end -}}

{{/* Labels on every object of the service. `app` is the label Istio and Kiali group workloads by. */}}
{{- define "courier-lib.labels" -}}
app: {{ include "courier-lib.name" . }}
{{ include "courier-lib.commonLabels" . }}
{{- end -}}

{{/* Labels without `app`, for objects that must not look like the service itself (the migration Job). */}}
{{- define "courier-lib.commonLabels" -}}
app.kubernetes.io/name: {{ include "courier-lib.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: courier
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/*
Labels of one track's pods. `version` feeds Istio telemetry (destination_version), so dashboards and
the rollout analysis can compare versions; `track` is what DestinationRule subsets select.
Call with (dict "root" $ "track" "canary").
*/}}
{{- define "courier-lib.trackLabels" -}}
{{- $settings := include "courier-lib.trackSettings" . | fromYaml -}}
{{ include "courier-lib.labels" .root }}
app.kubernetes.io/version: {{ $settings.version | quote }}
app.kubernetes.io/component: {{ .track }}
track: {{ .track }}
version: {{ $settings.version | quote }}
{{- end -}}

{{/*
Selector of one track's pods. Deliberately without `version`: a Deployment's selector is immutable,
and promoting a new version onto the stable track must be a plain rolling update.
*/}}
{{- define "courier-lib.trackSelector" -}}
app: {{ include "courier-lib.name" .root }}
track: {{ .track }}
{{- end -}}

{{- define "courier-lib.workloadName" -}}
{{- printf "%s-%s" (include "courier-lib.name" .root) .track -}}
{{- end -}}
