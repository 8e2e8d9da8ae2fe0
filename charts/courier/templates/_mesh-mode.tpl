{{- /* The data-plane mode, checked as courier-lib checks it for each service release. */ -}}
{{- define "courier.meshMode" -}}
{{- $mode := (.Values.mesh | default dict).mode | default "sidecar" -}}
{{- $api := (.Values.routing | default dict).api | default "istio" -}}
{{- if not (has $mode (list "sidecar" "ambient")) -}}
{{- fail (printf "mesh.mode must be sidecar or ambient (got %q)" $mode) -}}
{{- end -}}
{{- if and (eq $mode "ambient") (ne $api "gateway-api") -}}
{{- fail "mesh.mode ambient needs routing.api gateway-api: a waypoint applies HTTPRoutes (its VirtualService support is alpha); set both" -}}
{{- end -}}
{{- $mode -}}
{{- end -}}
