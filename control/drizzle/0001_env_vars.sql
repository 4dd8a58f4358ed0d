CREATE TYPE "public"."env_var_scope" AS ENUM('production', 'preview', 'build');--> statement-breakpoint
CREATE TABLE "env_vars" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"key" text NOT NULL,
	"sealed_value" text NOT NULL,
	"scope" "env_var_scope" NOT NULL,
	"secret" boolean DEFAULT true NOT NULL,
	CONSTRAINT "env_vars_project_key_scope" UNIQUE("project_id","key","scope")
);
--> statement-breakpoint
ALTER TABLE "env_vars" ADD CONSTRAINT "env_vars_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;