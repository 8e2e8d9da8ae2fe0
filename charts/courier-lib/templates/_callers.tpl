{{/*
A caller is a workload allowed to call this service. Defaults follow the Courier convention that a
service's ServiceAccount and `app` label are its name, in the release namespace:

  callers:
    - name: web                              # ServiceAccount web, pods app=web, same namespace
    - name: ingress-gateway                  # a workload elsewhere names everything explicitly
      namespace: istio-ingress
      serviceAccount: istio-ingressgateway
      podLabels: { istio: ingressgateway }
*/}}

{{/* The caller's mTLS identity as Istio writes it in AuthorizationPolicy principals. */}}
{{- define "courier-lib.callerPrincipal" -}}
{{- $namespace := default .root.Release.Namespace .caller.namespace -}}
{{- $serviceAccount := default .caller.name .caller.serviceAccount -}}
{{- printf "%s/ns/%s/sa/%s" .root.Values.mesh.trustDomain $namespace $serviceAccount -}}
{{- end -}}

{{/* The caller as a NetworkPolicy peer: its pods, in its namespace. */}}
{{- define "courier-lib.callerPeer" -}}
- podSelector:
    matchLabels:
      {{- toYaml (default (dict "app" .caller.name) .caller.podLabels) | nindent 6 }}
  namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: {{ default .root.Release.Namespace .caller.namespace }}
{{- end -}}
