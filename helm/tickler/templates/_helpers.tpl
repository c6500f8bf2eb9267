{{/* Names and labels. */}}
{{- define "tickler.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "tickler.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "tickler.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "tickler.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: tickler
{{- end -}}

{{- define "tickler.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tickler.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels of one process's objects; call with (dict "root" $ "name" "api"). */}}
{{- define "tickler.processLabels" -}}
{{ include "tickler.labels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "tickler.processSelector" -}}
{{ include "tickler.selectorLabels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{/* The Dapr app id of a process: also its Kafka consumer group (the pub/sub component's {appID}). */}}
{{- define "tickler.appId" -}}
{{- printf "%s-%s" (include "tickler.fullname" .root) .name -}}
{{- end -}}

{{- define "tickler.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "tickler.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "tickler.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* The Secret holding the processes' secrets, whichever source it comes from. */}}
{{- define "tickler.secretName" -}}
{{- if .Values.secrets.existingSecret -}}
{{- .Values.secrets.existingSecret -}}
{{- else -}}
{{- printf "%s-secrets" (include "tickler.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "tickler.hasSecret" -}}
{{- if or .Values.secrets.existingSecret .Values.secrets.externalSecret.enabled .Values.secrets.inline.enabled -}}true{{- end -}}
{{- end -}}

{{- define "tickler.apiTokenSecret" -}}
{{- default (printf "%s-dapr-api-token" (include "tickler.fullname" .)) .Values.dapr.apiTokenSecret -}}
{{- end -}}

{{- define "tickler.appTokenSecret" -}}
{{- default (printf "%s-dapr-app-token" (include "tickler.fullname" .)) .Values.dapr.appTokenSecret -}}
{{- end -}}

{{/* What each split process runs, and what it consumes (for KEDA). */}}
{{- define "tickler.processes" -}}
api: { profile: profiles/api/distributed.ts, topics: [], public: true, path: / }
recurrence: { profile: profiles/recurrence/main.ts, topics: [task-events] }
reminders: { profile: profiles/reminders/main.ts, topics: [task-events] }
notifications: { profile: profiles/notifications/main.ts, topics: [reminders] }
audit: { profile: profiles/audit/main.ts, topics: [task-events] }
realtime: { profile: profiles/realtime/main.ts, topics: [], public: true, path: /api/events }
assistant: { profile: profiles/assistant/main.ts, topics: [], public: true, path: /api/chat }
{{- end -}}

{{/* Configuration every Tickler process reads (the ConfigMap's data). */}}
{{- define "tickler.config" -}}
TICKLER_PUBLIC_URL: {{ .Values.publicUrl | quote }}
METRICS_PORT: {{ .Values.telemetry.metricsPort | quote }}
METRICS_HOST: "0.0.0.0"
LOG_FORMAT: {{ .Values.telemetry.logFormat | quote }}
{{- with .Values.telemetry.otlpEndpoint }}
OTEL_EXPORTER_OTLP_ENDPOINT: {{ . | quote }}
OTEL_EXPORTER_OTLP_PROTOCOL: {{ $.Values.telemetry.otlpProtocol | quote }}
{{- end }}
DATABASE_POOL_SIZE: {{ .Values.config.database.poolSize | quote }}
TICKLER_SIGN_UPS_PER_HOUR: {{ .Values.config.signUpsPerHour | quote }}
{{- with .Values.config.trustedProxies }}
TICKLER_TRUSTED_PROXIES: {{ . | quote }}
{{- end }}
DATABASE_STATEMENT_TIMEOUT: {{ .Values.config.database.statementTimeout | quote }}
{{- with .Values.config.smtp }}
{{- if .host }}
SMTP_HOST: {{ .host | quote }}
SMTP_PORT: {{ .port | quote }}
SMTP_SECURE: {{ .secure | quote }}
SMTP_USER: {{ .user | quote }}
SMTP_FROM: {{ .from | quote }}
{{- end }}
{{- end }}
{{- with .Values.config.webPush }}
{{- if .vapidPublicKey }}
TICKLER_VAPID_PUBLIC_KEY: {{ .vapidPublicKey | quote }}
TICKLER_VAPID_SUBJECT: {{ .subject | quote }}
{{- end }}
{{- end }}
{{- with .Values.config.assistant }}
{{- if .model }}
TICKLER_CHAT_MODEL: {{ .model | quote }}
{{- end }}
{{- if .baseUrl }}
OPENAI_BASE_URL: {{ .baseUrl | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Environment every Tickler container gets: the ConfigMap, and secrets by reference. */}}
{{- define "tickler.env" -}}
{{- if eq (include "tickler.hasSecret" .) "true" }}
{{- $secret := include "tickler.secretName" . }}
- name: DATABASE_URL
  valueFrom: { secretKeyRef: { name: {{ $secret }}, key: database-url } }
- name: TICKLER_AUTH_SECRET
  valueFrom: { secretKeyRef: { name: {{ $secret }}, key: auth-secret } }
{{- range $env, $key := dict "SMTP_PASSWORD" "smtp-password" "TICKLER_VAPID_PRIVATE_KEY" "vapid-private-key" "OPENAI_API_KEY" "openai-api-key" }}
- name: {{ $env }}
  valueFrom: { secretKeyRef: { name: {{ $secret }}, key: {{ $key }}, optional: true } }
{{- end }}
{{- end }}
{{- end -}}

{{- define "tickler.envFrom" -}}
- configMapRef: { name: {{ include "tickler.fullname" . }}-config }
{{- end -}}

{{/* Where the long-running pods may be scheduled. */}}
{{- define "tickler.podPlacement" -}}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "tickler.containerSecurityContext" -}}
{{ toYaml .Values.securityContext }}
{{- end -}}
