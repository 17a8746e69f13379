ALTER TABLE "complaint_assignments" ADD COLUMN "held" "tstzmultirange";--> statement-breakpoint
-- When each OPD held each complaint while it was open (from here on the processor writes it with the
-- row, server/repositories/complaint-repository.ts assignmentRows): the complaint's open spans from the
-- dispatch to the next dispatch, less the time it was handed back (from the first hand-back of that
-- part of the history until a resolution there, if one follows).
UPDATE "complaint_assignments" a SET "held" = x."held"
  FROM (
    SELECT a2."complaint_id", a2."idx",
           (c."open_spans" * tstzmultirange(tstzrange(a2."dispatched_at", a2."next_at")))
             - CASE WHEN p."hb" IS NOT NULL AND (p."rs" IS NULL OR p."hb" < p."rs") THEN tstzmultirange(tstzrange(p."hb", p."rs")) ELSE '{}'::tstzmultirange END AS "held"
      FROM (SELECT s.*, lead(s."dispatched_at") OVER (PARTITION BY s."complaint_id" ORDER BY s."idx") AS "next_at" FROM "complaint_assignments" s) a2
      JOIN "complaints" c ON c."id" = a2."complaint_id"
      CROSS JOIN LATERAL (
        SELECT min(e."at") FILTER (WHERE e."status" = 'verified' AND e."prev" IN ('dispatched', 'in_progress')) AS "hb",
               min(e."at") FILTER (WHERE e."status" IN ('resolved', 'closed')) AS "rs"
          FROM (SELECT h."at", h."status",
                       lag(h."status") OVER (ORDER BY h."at",
                         CASE h."status" WHEN 'received' THEN 0 WHEN 'verified' THEN 1 WHEN 'dispatched' THEN 2 WHEN 'in_progress' THEN 3
                           WHEN 'resolved' THEN 4 WHEN 'closed' THEN 5 WHEN 'rejected' THEN 6 WHEN 'duplicate' THEN 6 WHEN 'reopened' THEN 7 ELSE -1 END,
                         h."status", h."id") AS "prev"
                  FROM "complaint_status_history" h WHERE h."complaint_id" = a2."complaint_id") e
         WHERE e."at" >= a2."dispatched_at" AND (a2."next_at" IS NULL OR e."at" < a2."next_at")
      ) p
  ) x
 WHERE x."complaint_id" = a."complaint_id" AND x."idx" = a."idx";--> statement-breakpoint
CREATE INDEX "complaint_assignments_facts_held_idx" ON "complaint_assignments" USING gist ("held");
