import type { z } from 'zod';

/** Reads configuration from environment variables; an error names each variable that is wrong. */
export function readEnvironment<T extends z.ZodType>(schema: T, env: Record<string, string | undefined>, what: string): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid ${what}: ${problems.join('; ')}`);
  }
  return parsed.data;
}
