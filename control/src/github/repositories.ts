import { z } from 'zod';
import { GitHubError, type GitHubApi } from './github-api.js';
import { nextPage } from './link-header.js';

// The signed-in user's repositories as GitHub lists them, in the fields the dashboard shows.

const repositorySchema = z.object({
  name: z.string(),
  full_name: z.string(),
  private: z.boolean(),
  default_branch: z.string(),
  clone_url: z.string(),
  updated_at: z.string(),
});

export interface Repository {
  name: string;
  fullName: string;
  private: boolean;
  defaultBranch: string;
  cloneUrl: string;
  updatedAt: string;
}

export interface RepositoryPage {
  repositories: Repository[];
  page: number;
  perPage: number;
  /** Null on the last page. */
  nextPage: number | null;
}

function toRepository(repository: z.infer<typeof repositorySchema>): Repository {
  return {
    name: repository.name,
    fullName: repository.full_name,
    private: repository.private,
    defaultBranch: repository.default_branch,
    cloneUrl: repository.clone_url,
    updatedAt: repository.updated_at,
  };
}

/**
 * Every repository the user can reach, most recently updated first; with a search, those they
 * own whose name contains it (GitHub's search qualifies by owner, so it cannot take in the
 * repositories of their organisations the way the plain list does).
 */
export async function listRepositories(api: GitHubApi, login: string, options: { search?: string; page: number; perPage: number }): Promise<RepositoryPage> {
  const paging = { page: String(options.page), per_page: String(options.perPage), sort: 'updated' };
  const { body, link } =
    options.search === undefined
      ? await api.get(z.array(repositorySchema), '/user/repos', paging)
      : await api.get(z.object({ items: z.array(repositorySchema) }).transform((found) => found.items), '/search/repositories', {
          ...paging,
          q: `${options.search} in:name user:${login} fork:true`,
        });
  return { repositories: body.map(toRepository), page: options.page, perPage: options.perPage, nextPage: nextPage(link) };
}

/** The repository `owner/name`, or null when GitHub says the user cannot see it. */
export async function findRepository(api: GitHubApi, fullName: string): Promise<Repository | null> {
  const [owner, name] = fullName.split('/') as [string, string];
  try {
    return toRepository((await api.get(repositorySchema, `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`)).body);
  } catch (error) {
    if (error instanceof GitHubError && error.status === 404) return null;
    throw error;
  }
}
