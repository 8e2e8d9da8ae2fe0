{{/*
Secure defaults for every pod and container (Pod Security "restricted" profile). They are not values:
a service that needs an exception should say so in its own template, where a reviewer sees it.
The UID matches the non-root `node` user of the service images.
*/}}

{{- define "courier-lib.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
fsGroup: 1000
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "courier-lib.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The only writable path: Node and its libraries may write temp files even with a read-only root. */}}
{{- define "courier-lib.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- end -}}

{{- define "courier-lib.tmpVolumeMount" -}}
- name: tmp
  mountPath: /tmp
{{- end -}}
