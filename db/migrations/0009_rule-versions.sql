CREATE TABLE "rule_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"target" text,
	"actor" text NOT NULL,
	"summary" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "rules_version" integer;--> statement-breakpoint
ALTER TABLE "upload_records" ADD COLUMN "rules_version" integer;--> statement-breakpoint
CREATE INDEX "rule_versions_at_idx" ON "rule_versions" USING btree ("at");