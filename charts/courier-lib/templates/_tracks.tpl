{{/*
Which tracks run, derived from the rollout values alone, so that changing `rollout.*` and running
`helm upgrade` is all a rollout step needs:

  strategy   deployed tracks
  none       stable
  canary     stable, canary
  mirror     stable, canary (the canary receives the mirrored copies)
  bluegreen  the active colour, plus the other colour while bluegreen.preview is true

plus the tracks listed in `rollout.warm`: deployed and ready, but no route sends them traffic. A
rollout on Kubernetes uses them to make before it breaks: a new track is warmed (created, migrated
and waited for) before the first route points at it, and a track that stops serving stays warm
until no route points at it any more.
*/}}

{{- define "courier-lib.inactiveColour" -}}
{{- if eq .Values.rollout.bluegreen.active "blue" -}}green{{- else -}}blue{{- end -}}
{{- end -}}

{{/* Comma-separated deployed tracks (split with splitList ","); in blue/green, the active colour first. */}}
{{- define "courier-lib.deployedTracks" -}}
{{- $rollout := .Values.rollout -}}
{{- $tracks := list -}}
{{- if eq $rollout.strategy "none" -}}
{{- $tracks = list "stable" -}}
{{- else if or (eq $rollout.strategy "canary") (eq $rollout.strategy "mirror") -}}
{{- $tracks = list "stable" "canary" -}}
{{- else if eq $rollout.strategy "bluegreen" -}}
{{- $tracks = list $rollout.bluegreen.active -}}
{{- if $rollout.bluegreen.preview -}}{{- $tracks = append $tracks (include "courier-lib.inactiveColour" .) -}}{{- end -}}
{{- else -}}
{{- fail (printf "rollout.strategy must be one of none, canary, bluegreen, mirror (got %q)" $rollout.strategy) -}}
{{- end -}}
{{- range ($rollout.warm | default list) -}}
{{- if not (has . $tracks) -}}{{- $tracks = append $tracks . -}}{{- end -}}
{{- end -}}
{{- join "," $tracks -}}
{{- end -}}

{{/*
The newest deployed track: the highest `version` (compared as semver: v10 > v9, v1.3.0 > v1), the
earlier track on a tie. Versions are compared as parsed versions, not as a constraint: the constraint
"> v1" means ">= v2" in Masterminds semver, so `semverCompare "> v1" "v1.3.0"` is false.
Its image runs the migrations, whichever strategy introduced it, so the schema is always the
newest code's while older versions keep serving (migrations must therefore be backward compatible).
*/}}
{{- define "courier-lib.incomingTrack" -}}
{{- $root := . -}}
{{- $newest := "" -}}
{{- $newestVersion := "" -}}
{{- range splitList "," (include "courier-lib.deployedTracks" .) -}}
{{- $version := (include "courier-lib.trackSettings" (dict "root" $root "track" .) | fromYaml).version -}}
{{- if or (not $newest) (gt ((semver $version).Compare (semver $newestVersion)) 0) -}}
{{- $newest = . -}}
{{- $newestVersion = $version -}}
{{- end -}}
{{- end -}}
{{- $newest -}}
{{- end -}}

{{/*
Settings of one track as YAML (read back with fromYaml). Fails with the key to set when a deployed
track has no entry under `tracks`. Call with (dict "root" $ "track" "canary").
*/}}
{{- define "courier-lib.trackSettings" -}}
{{- $settings := index .root.Values.tracks .track -}}
{{- if not $settings -}}
{{- fail (printf "tracks.%s is required: rollout.strategy %q deploys the %s track" .track .root.Values.rollout.strategy .track) -}}
{{- end -}}
{{- toYaml $settings -}}
{{- end -}}

{{/*
The pinned image of a track: its own `tag` when set (a new version under test), else image.tag.
Never `latest`: a rollout must be able to name exactly what runs and roll back to it.
*/}}
{{- define "courier-lib.image" -}}
{{- $settings := include "courier-lib.trackSettings" . | fromYaml -}}
{{- $image := .root.Values.image -}}
{{- $tag := default $image.tag $settings.tag -}}
{{- if not $tag -}}
{{- fail "image.tag is required: pin the image (for example 0.1.0 or a git sha)" -}}
{{- end -}}
{{- if eq (lower $tag) "latest" -}}
{{- fail (printf "image tag must be pinned: %q is not allowed (track %s)" $tag .track) -}}
{{- end -}}
{{- if $image.registry -}}
{{- printf "%s/%s:%s" $image.registry $image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" $image.repository $tag -}}
{{- end -}}
{{- end -}}
