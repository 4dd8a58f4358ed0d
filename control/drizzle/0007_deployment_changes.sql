-- Every deployment's creation and status move, by whichever instance or the reconciler made it,
-- announced on the `deployment_changes` channel when its transaction commits (in commit order).
-- The owner travels with it, so that a listener filters viewers without a query per change.
CREATE FUNCTION "notify_deployment_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."status" IS NOT DISTINCT FROM NEW."status" THEN
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
CREATE TRIGGER "deployments_notify_change" AFTER INSERT OR UPDATE OF "status" ON "deployments"
  FOR EACH ROW EXECUTE FUNCTION "notify_deployment_change"();
