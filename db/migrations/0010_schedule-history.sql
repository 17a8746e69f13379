CREATE TABLE "dataset_schedule_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dataset_id" uuid NOT NULL,
	"schedule" jsonb NOT NULL,
	"until" timestamp with time zone NOT NULL,
	"ended_by_version" integer
);
--> statement-breakpoint
ALTER TABLE "datasets" ADD COLUMN "schedule_from" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "opd" ADD COLUMN "parent_code" text;--> statement-breakpoint
ALTER TABLE "dataset_schedule_history" ADD CONSTRAINT "dataset_schedule_history_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dataset_schedule_history_dataset_idx" ON "dataset_schedule_history" USING btree ("dataset_id","until");--> statement-breakpoint
ALTER TABLE "opd" ADD CONSTRAINT "opd_parent_code_opd_code_fk" FOREIGN KEY ("parent_code") REFERENCES "public"."opd"("code") ON DELETE no action ON UPDATE no action;