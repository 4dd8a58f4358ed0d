CREATE TYPE "public"."rollout_step" AS ENUM('starting', 'probing', 'switching');--> statement-breakpoint
ALTER TABLE "deployments" ADD COLUMN "rollout_step" "rollout_step";--> statement-breakpoint
-- A rollout's step is announced as a status move is (0007), so that a dashboard shows it as it goes.
CREATE OR REPLACE FUNCTION "notify_deployment_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."status" IS NOT DISTINCT FROM NEW."status" AND OLD."rollout_step" IS NOT DISTINCT FROM NEW."rollout_step" THEN
    RETURN NULL;
  END IF;
  PERFORM pg_notify('deployment_changes', json_build_object(
    'ownerId', (SELECT "owner_id" FROM "projects" WHERE "id" = NEW."project_id"),
    'projectId', NEW."project_id",
    'deploymentId', NEW."id",
    'status', NEW."status"
  )::text);
  RETURN NULL;
END
$$;--> statement-breakpoint
DROP TRIGGER "deployments_notify_change" ON "deployments";--> statement-breakpoint
CREATE TRIGGER "deployments_notify_change" AFTER INSERT OR UPDATE OF "status", "rollout_step" ON "deployments"
  FOR EACH ROW EXECUTE FUNCTION "notify_deployment_change"();
