// The project name a repository suggests, by the rule control applies to an import without one
// (control/src/github/repository-slug.ts), so what the form shows is what a blank field would get.

/** The slug's limit in control: a deployment's DNS label, `<8 hex>--<slug>`, stays within 63 characters. */
const SLUG_MAX_LENGTH = 53;

/** `owner/My_Site.io`, or a git URL ending in `My_Site.io.git`, → `my-site-io`; empty when nothing usable is left. */
export function slugFromRepository(repository: string): string {
  const name = repository.trim().replace(/\/+$/, '').split(/[/:]/).pop() ?? '';
  return name
    .replace(/\.git$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/^-+|-+$/g, '');
}
