{{/* Chart name, truncated for label values. */}}
{{- define "mediajobs.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Release-qualified name; components append "-<component>" (at most 11 characters), so keep it to 52.
*/}}
{{- define "mediajobs.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "mediajobs.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selector labels of one component. Call with (dict "root" $ "component" "api"). */}}
{{- define "mediajobs.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mediajobs.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* All labels of one component. Call with (dict "root" $ "component" "api"). */}}
{{- define "mediajobs.labels" -}}
helm.sh/chart: {{ include "mediajobs.chart" .root }}
{{ include "mediajobs.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: mediajobs
{{- end }}

{{- define "mediajobs.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "mediajobs.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The image of one service. Call with (dict "root" $ "svc" $svc). */}}
{{- define "mediajobs.image" -}}
{{- $image := .svc.image | default dict }}
{{- $repository := $image.repository | default (printf "%s/%s" .root.Values.image.repository .svc.name) }}
{{- $tag := $image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion }}
{{- printf "%s:%s" $repository $tag }}
{{- end }}

{{/* Whether the secret variable .name goes to service .svc (its secretEnvPrefixes, or a shared prefix). */}}
{{- define "mediajobs.wantsSecret" -}}
{{- $wanted := empty .svc.secretEnvPrefixes }}
{{- range $prefix := concat (.svc.secretEnvPrefixes | default list) (.root.Values.secrets.sharedEnvPrefixes | default list) }}
{{- if hasPrefix $prefix $.name }}
{{- $wanted = true }}
{{- end }}
{{- end }}
{{- if $wanted }}true{{ end }}
{{- end }}

{{/* The environment of one service. Call with (dict "root" $ "svc" $svc). */}}
{{- define "mediajobs.env" -}}
{{- $values := .root.Values -}}
- name: SERVER_PORT
  value: {{ $values.containerPort | quote }}
- name: JAVA_TOOL_OPTIONS
  value: {{ .svc.javaToolOptions | default $values.javaToolOptions | quote }}
- name: MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE
  value: "health,info,prometheus"
- name: SPRING_KAFKA_BOOTSTRAP_SERVERS
  value: {{ required "kafka.bootstrapServers is required" $values.kafka.bootstrapServers | quote }}
- name: MEDIAJOBS_KAFKA_PARTITIONS
  value: {{ $values.kafka.topics.partitions | quote }}
- name: MEDIAJOBS_KAFKA_REPLICATIONFACTOR
  value: {{ $values.kafka.topics.replicationFactor | quote }}
{{- with $values.redis.url }}
- name: MEDIAJOBS_REDIS_URL
  value: {{ . | quote }}
{{- end }}
{{- with $values.s3.endpoint }}
- name: MEDIAJOBS_S3_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- with $values.s3.publicEndpoint }}
- name: MEDIAJOBS_S3_PUBLICENDPOINT
  value: {{ . | quote }}
{{- end }}
- name: MEDIAJOBS_S3_BUCKET
  value: {{ $values.s3.bucket | quote }}
- name: MEDIAJOBS_S3_REGION
  value: {{ $values.s3.region | quote }}
{{- range $id, $provider := $values.providers }}
{{- $prefix := printf "MEDIAJOBS_PROVIDERS_%s" ($id | upper | replace "-" "_") }}
{{- if hasKey $provider "enabled" }}
- name: {{ $prefix }}_ENABLED
  value: {{ $provider.enabled | quote }}
{{- end }}
{{- with $provider.baseUrl }}
- name: {{ $prefix }}_BASEURL
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- range $name, $value := $values.env }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- range $name, $value := .svc.env }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- $root := .root }}
{{- $svc := .svc }}
{{- range $name, $key := $values.secrets.env }}
{{- if include "mediajobs.wantsSecret" (dict "root" $root "svc" $svc "name" $name) }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ $values.secrets.existingSecret }}
      key: {{ $key }}
      optional: true
{{- end }}
{{- end }}
{{- end }}
