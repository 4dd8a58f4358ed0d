import { sql } from 'drizzle-orm';
import { Refusal } from '../../../shared/refusal.js';
import type { Database } from '../db/database.js';

// The grammar keeps a new slug off every host Aether gives out now (routing/deployment-hosts.ts).
// Two names stay claimed beyond it: the dashboard's, when it sits right under the apps domain, and
// the deployment hosts of before `--` (`<8 hex>-<slug>`), which containers started then still
// answer on and links shared then still name.

/** Why a slug cannot be had, for a 400 naming the `slug` field. */
export class SlugRefused extends Refusal {
  constructor(message: string) {
    super(400, message, 'slug');
  }
}

export async function checkSlugClaimable(db: Database, slug: string, dashboardSlug: string | null): Promise<void> {
  if (slug === dashboardSlug) throw new SlugRefused(`slug: ${slug} would be the dashboard's own host`);
  const { rows } = await db.execute(sql`
    SELECT 1 FROM deployments d JOIN projects p ON p.id = d.project_id
    WHERE left(replace(d.id::text, '-', ''), 8) || '-' || p.slug = ${slug}
    LIMIT 1`);
  if (rows.length > 0) throw new SlugRefused(`slug: ${slug} is a deployment's host of another project`);
}
