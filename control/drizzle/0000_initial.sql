CREATE TYPE "public"."build_log_stream" AS ENUM('step', 'stdout', 'stderr');--> statement-breakpoint
CREATE TYPE "public"."deployment_status" AS ENUM('queued', 'building', 'deploying', 'ready', 'failed', 'canceled', 'superseded');--> statement-breakpoint
CREATE TYPE "public"."deployment_trigger" AS ENUM('manual', 'webhook', 'rollback');--> statement-breakpoint
CREATE TABLE "build_log_lines" (
	"deployment_id" uuid NOT NULL,
	"stream_ms" bigint NOT NULL,
	"stream_seq" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"step" integer NOT NULL,
	"stream" "build_log_stream" NOT NULL,
	"text" text NOT NULL,
	CONSTRAINT "build_log_lines_deployment_id_stream_ms_stream_seq_pk" PRIMARY KEY("deployment_id","stream_ms","stream_seq")
);
--> statement-breakpoint
CREATE TABLE "deployments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"status" "deployment_status" DEFAULT 'queued' NOT NULL,
	"trigger" "deployment_trigger" NOT NULL,
	"commit_sha" text,
	"commit_message" text,
	"image_tag" text NOT NULL,
	"image_id" text,
	"dockerfile" text,
	"port" integer,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"build_started_at" timestamp with time zone,
	"build_finished_at" timestamp with time zone,
	"ready_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"repository" text NOT NULL,
	"branch" text DEFAULT 'main' NOT NULL,
	"root_directory" text DEFAULT '' NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"production_deployment_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
ALTER TABLE "build_log_lines" ADD CONSTRAINT "build_log_lines_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deployments_project_created" ON "deployments" USING btree ("project_id","created_at");