CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_code" text NOT NULL,
	"key_hash" text NOT NULL,
	"key_prefix" text NOT NULL,
	"label" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"actor_roles" jsonb,
	"ip" text,
	"action" text NOT NULL,
	"target" text,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"date" date NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"year" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "categories" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"opd_code" text,
	"external_code" text,
	"emergency" boolean DEFAULT false NOT NULL,
	"group" text NOT NULL,
	"sla" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "channels" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "check_results" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"monitor_id" uuid NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"latency_ms" double precision,
	"status_code" integer,
	"message" text
);
--> statement-breakpoint
CREATE TABLE "complaint_assignments" (
	"complaint_id" uuid NOT NULL,
	"idx" integer NOT NULL,
	"opd_code" text NOT NULL,
	"kind" text NOT NULL,
	"dispatched_at" timestamp with time zone NOT NULL,
	"dispatched_by" text,
	"misrouted_by" text,
	"ended_by" text,
	"ended_at" timestamp with time zone,
	"response_due_at" timestamp with time zone NOT NULL,
	"first_response_at" timestamp with time zone,
	"resolution_due_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"live" boolean NOT NULL,
	"category_code" text NOT NULL,
	CONSTRAINT "complaint_assignments_complaint_id_idx_pk" PRIMARY KEY("complaint_id","idx")
);
--> statement-breakpoint
CREATE TABLE "complaint_reporters" (
	"complaint_id" uuid PRIMARY KEY NOT NULL,
	"name" text,
	"phone" text,
	"email" text,
	"nik" text
);
--> statement-breakpoint
CREATE TABLE "complaint_status_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"complaint_id" uuid NOT NULL,
	"status" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text,
	"note" text,
	"opd_code" text,
	"reason" text,
	"duplicate_of" text,
	"origin" text DEFAULT 'channel' NOT NULL,
	"event_ref" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"channel" text NOT NULL,
	"category_code" text NOT NULL,
	"title" text,
	"text" text DEFAULT '' NOT NULL,
	"lat" double precision,
	"lon" double precision,
	"kecamatan_code" text,
	"kelurahan_code" text,
	"privacy" text DEFAULT 'public' NOT NULL,
	"status" text NOT NULL,
	"status_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"opd_code" text,
	"duplicate_of_external_id" text,
	"version" integer DEFAULT 1 NOT NULL,
	"submitted_at_explicit" boolean DEFAULT false NOT NULL,
	"category_at" timestamp with time zone NOT NULL,
	"kecamatan_at" timestamp with time zone,
	"suggested_opd" text,
	"routing_rule" text,
	"emergency" boolean DEFAULT false NOT NULL,
	"dispatch_due_at" timestamp with time zone,
	"triaged_at" timestamp with time zone,
	"response_due_at" timestamp with time zone,
	"first_response_at" timestamp with time zone,
	"resolution_due_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "datasets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"opd_code" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"schedule" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"actor" text,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"monitor_id" uuid NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text,
	"ack_note" text,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ingest_batches" (
	"batch_id" text PRIMARY KEY NOT NULL,
	"stream" text NOT NULL,
	"source" text NOT NULL,
	"event_count" integer NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"effects" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kecamatan" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"population" integer,
	"population_year" integer,
	"area_km2" double precision,
	"geometry" jsonb NOT NULL,
	CONSTRAINT "kecamatan_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "kelurahan" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kecamatan_code" text NOT NULL,
	"geometry" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "maintenance_windows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"monitor_id" uuid,
	"opd_code" text,
	"window" jsonb NOT NULL,
	"note" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitor_state_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"monitor_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"state" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"opd_code" text NOT NULL,
	"kind" text NOT NULL,
	"target" text,
	"interval_seconds" integer DEFAULT 30 NOT NULL,
	"timeout_ms" integer DEFAULT 10000 NOT NULL,
	"failures_to_down" integer DEFAULT 3 NOT NULL,
	"successes_to_up" integer DEFAULT 2 NOT NULL,
	"push_token" text,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"state" text DEFAULT 'unknown' NOT NULL,
	"state_since" timestamp with time zone,
	"health" text DEFAULT 'unknown' NOT NULL,
	"outage_open" boolean DEFAULT false NOT NULL,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"consecutive_successes" integer DEFAULT 0 NOT NULL,
	"last_check_at" timestamp with time zone,
	"last_latency_ms" double precision,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitors_code_unique" UNIQUE("code"),
	CONSTRAINT "monitors_push_token_unique" UNIQUE("push_token")
);
--> statement-breakpoint
CREATE TABLE "opd" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"external" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "routing_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"category_code" text NOT NULL,
	"target_kind" text NOT NULL,
	"target_code" text NOT NULL,
	"kecamatan_code" text,
	"keywords" jsonb,
	"priority" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sources" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "upload_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"opd_code" text NOT NULL,
	"dataset_id" uuid NOT NULL,
	"period_start" date,
	"period_end" date,
	"received_at" timestamp with time zone NOT NULL,
	"rows" integer,
	"bytes" double precision,
	"title" text,
	"period_key" text,
	"deadline_at" timestamp with time zone,
	"on_time" boolean,
	"late_by_ms" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_source_code_sources_code_fk" FOREIGN KEY ("source_code") REFERENCES "public"."sources"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_opd_code_opd_code_fk" FOREIGN KEY ("opd_code") REFERENCES "public"."opd"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_external_code_opd_code_fk" FOREIGN KEY ("external_code") REFERENCES "public"."opd"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_results" ADD CONSTRAINT "check_results_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_assignments" ADD CONSTRAINT "complaint_assignments_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_reporters" ADD CONSTRAINT "complaint_reporters_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_status_history" ADD CONSTRAINT "complaint_status_history_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_channel_channels_code_fk" FOREIGN KEY ("channel") REFERENCES "public"."channels"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_category_code_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_kecamatan_code_kecamatan_code_fk" FOREIGN KEY ("kecamatan_code") REFERENCES "public"."kecamatan"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_kelurahan_code_kelurahan_code_fk" FOREIGN KEY ("kelurahan_code") REFERENCES "public"."kelurahan"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_opd_code_opd_code_fk" FOREIGN KEY ("opd_code") REFERENCES "public"."opd"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "datasets" ADD CONSTRAINT "datasets_opd_code_opd_code_fk" FOREIGN KEY ("opd_code") REFERENCES "public"."opd"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_events" ADD CONSTRAINT "incident_events_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kelurahan" ADD CONSTRAINT "kelurahan_kecamatan_code_kecamatan_code_fk" FOREIGN KEY ("kecamatan_code") REFERENCES "public"."kecamatan"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD CONSTRAINT "maintenance_windows_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD CONSTRAINT "maintenance_windows_opd_code_opd_code_fk" FOREIGN KEY ("opd_code") REFERENCES "public"."opd"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_state_changes" ADD CONSTRAINT "monitor_state_changes_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitors" ADD CONSTRAINT "monitors_opd_code_opd_code_fk" FOREIGN KEY ("opd_code") REFERENCES "public"."opd"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_category_code_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_target_code_opd_code_fk" FOREIGN KEY ("target_code") REFERENCES "public"."opd"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_kecamatan_code_kecamatan_code_fk" FOREIGN KEY ("kecamatan_code") REFERENCES "public"."kecamatan"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upload_records" ADD CONSTRAINT "upload_records_opd_code_opd_code_fk" FOREIGN KEY ("opd_code") REFERENCES "public"."opd"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upload_records" ADD CONSTRAINT "upload_records_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_source_idx" ON "api_keys" USING btree ("source_code");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_days_date_kind_idx" ON "calendar_days" USING btree ("date","kind");--> statement-breakpoint
CREATE INDEX "calendar_days_year_idx" ON "calendar_days" USING btree ("year");--> statement-breakpoint
CREATE UNIQUE INDEX "check_results_source_external_idx" ON "check_results" USING btree ("source","external_id");--> statement-breakpoint
CREATE INDEX "check_results_monitor_at_idx" ON "check_results" USING btree ("monitor_id","at");--> statement-breakpoint
CREATE INDEX "complaint_assignments_opd_resolved_idx" ON "complaint_assignments" USING btree ("opd_code","resolved_at");--> statement-breakpoint
CREATE INDEX "complaint_assignments_live_idx" ON "complaint_assignments" USING btree ("opd_code","resolution_due_at") WHERE live;--> statement-breakpoint
CREATE INDEX "complaint_assignments_dispatched_idx" ON "complaint_assignments" USING btree ("dispatched_at");--> statement-breakpoint
CREATE INDEX "complaint_status_history_complaint_idx" ON "complaint_status_history" USING btree ("complaint_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_source_external_idx" ON "complaints" USING btree ("source","external_id");--> statement-breakpoint
CREATE INDEX "complaints_submitted_idx" ON "complaints" USING btree ("submitted_at");--> statement-breakpoint
CREATE INDEX "complaints_status_idx" ON "complaints" USING btree ("status");--> statement-breakpoint
CREATE INDEX "complaints_opd_idx" ON "complaints" USING btree ("opd_code");--> statement-breakpoint
CREATE INDEX "complaints_open_due_idx" ON "complaints" USING btree ("resolution_due_at") WHERE status in ('received','verified','dispatched','in_progress','reopened');--> statement-breakpoint
CREATE UNIQUE INDEX "datasets_opd_code_idx" ON "datasets" USING btree ("opd_code","code");--> statement-breakpoint
CREATE INDEX "incident_events_incident_idx" ON "incident_events" USING btree ("incident_id","at");--> statement-breakpoint
CREATE INDEX "incidents_monitor_idx" ON "incidents" USING btree ("monitor_id","opened_at");--> statement-breakpoint
CREATE INDEX "monitor_state_changes_monitor_at_idx" ON "monitor_state_changes" USING btree ("monitor_id","at");--> statement-breakpoint
CREATE INDEX "monitors_opd_idx" ON "monitors" USING btree ("opd_code");--> statement-breakpoint
CREATE UNIQUE INDEX "upload_records_source_external_idx" ON "upload_records" USING btree ("source","external_id");--> statement-breakpoint
CREATE INDEX "upload_records_received_idx" ON "upload_records" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "upload_records_dataset_period_idx" ON "upload_records" USING btree ("dataset_id","period_start");