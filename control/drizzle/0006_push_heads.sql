ALTER TABLE "webhook_deliveries" ADD COLUMN "ref" text;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "head" text;--> statement-breakpoint
CREATE INDEX "webhook_deliveries_branch_heads" ON "webhook_deliveries" USING btree ("project_id","ref","head");