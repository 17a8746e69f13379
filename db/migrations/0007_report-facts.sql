ALTER TABLE "complaints" ADD COLUMN "holder_opd" text;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "open_spans" "tstzmultirange";--> statement-breakpoint
-- The leadership reports' facts for the complaints stored so far (from here on the processor writes
-- them with the row, server/repositories/complaint-repository.ts lifecycleColumns): the OPD holding
-- each complaint (its last assignment, unless that one ended undone), and when it was open (from
-- its history; at each instant the last entry in the lifecycle's order, by status rank, decides).
UPDATE "complaints" c SET "holder_opd" = x."holder", "open_spans" = x."spans"
  FROM (
    SELECT s."complaint_id" AS "id", l."holder",
           tstzmultirange(tstzrange(min(s."submitted_at"), NULL)) - coalesce(range_agg(tstzrange(s."at", s."next_at")) FILTER (WHERE NOT s."open"), '{}'::tstzmultirange) AS "spans"
      FROM (
        SELECT d."complaint_id", d."submitted_at", d."at", d."open", lead(d."at") OVER (PARTITION BY d."complaint_id" ORDER BY d."at") AS "next_at"
          FROM (
            SELECT DISTINCT ON (h."complaint_id", h."at") h."complaint_id", c3."submitted_at", h."at",
                   h."status" IN ('received','verified','dispatched','in_progress','reopened') AS "open"
              FROM "complaint_status_history" h JOIN "complaints" c3 ON c3."id" = h."complaint_id"
             ORDER BY h."complaint_id", h."at",
                   CASE h."status" WHEN 'received' THEN 0 WHEN 'verified' THEN 1 WHEN 'dispatched' THEN 2 WHEN 'in_progress' THEN 3
                     WHEN 'resolved' THEN 4 WHEN 'closed' THEN 5 WHEN 'rejected' THEN 6 WHEN 'duplicate' THEN 6 WHEN 'reopened' THEN 7 ELSE -1 END DESC
          ) d
      ) s
      LEFT JOIN (
        SELECT DISTINCT ON ("complaint_id") "complaint_id", CASE WHEN "ended_by" IS NULL THEN "opd_code" END AS "holder"
          FROM "complaint_assignments" ORDER BY "complaint_id", "idx" DESC
      ) l ON l."complaint_id" = s."complaint_id"
     GROUP BY s."complaint_id", l."holder"
  ) x
 WHERE x."id" = c."id";--> statement-breakpoint
CREATE INDEX "complaint_assignments_facts_resolution_due_idx" ON "complaint_assignments" USING btree ("opd_code","resolution_due_at","resolved_at","live");--> statement-breakpoint
CREATE INDEX "complaint_assignments_facts_dispatched_idx" ON "complaint_assignments" USING btree ("dispatched_at","opd_code","category_code","dispatched_by","ended_by");--> statement-breakpoint
CREATE INDEX "complaint_assignments_facts_opd_dispatched_idx" ON "complaint_assignments" USING btree ("opd_code","dispatched_at","ended_by");--> statement-breakpoint
CREATE INDEX "complaint_assignments_facts_first_response_idx" ON "complaint_assignments" USING btree ("opd_code","first_response_at","dispatched_at");--> statement-breakpoint
CREATE INDEX "complaint_assignments_facts_resolved_idx" ON "complaint_assignments" USING btree ("opd_code","resolved_at","dispatched_at");--> statement-breakpoint
CREATE INDEX "complaints_facts_submitted_idx" ON "complaints" USING btree ("submitted_at","kecamatan_code");--> statement-breakpoint
CREATE INDEX "complaints_facts_holder_idx" ON "complaints" USING btree ("holder_opd","submitted_at");--> statement-breakpoint
CREATE INDEX "complaints_facts_resolution_due_idx" ON "complaints" USING btree ("resolution_due_at","resolved_at","status","kecamatan_code");--> statement-breakpoint
CREATE INDEX "complaints_facts_first_response_idx" ON "complaints" USING btree ("first_response_at","submitted_at","kecamatan_code");--> statement-breakpoint
CREATE INDEX "complaints_facts_resolved_idx" ON "complaints" USING btree ("resolved_at","submitted_at","kecamatan_code");--> statement-breakpoint
CREATE INDEX "complaints_facts_open_spans_idx" ON "complaints" USING gist ("open_spans");