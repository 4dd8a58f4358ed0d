import { Hono } from 'hono';
import { z } from 'zod';
import { currentSignUpState } from '../../auth/accounts.js';
import { createInvite, listInvites, revokeInvite, setSignUpOpen } from '../../auth/invites.js';
import { authenticate, browserSession, requireAdmin } from '../authenticate.js';
import type { ApiDependencies, ApiEnv } from '../context.js';
import { notFound, parseBody } from '../errors.js';
import type { Operation } from '../openapi.js';

// Who may sign up, decided by the admin. Reading is open to the admin's API tokens; changing it
// needs the admin at the dashboard, so a leaked token cannot let in accounts that outlive it.

const signUpSetting = z.strictObject({ open: z.boolean() });
const newInvite = z.strictObject({
  /** Only this address may use it, when given. */
  email: z.email().max(254).exactOptional(),
  expiresInHours: z.number().int().min(1).max(720).default(168),
});

const adminOnly = { 401: 'not signed in', 403: 'not the admin' };
const browserOnly = { 401: 'not signed in', 403: 'not the admin, or made with an API token' };

export const adminOperations: Operation[] = [
  { operationId: 'getSignUpSetting', method: 'get', path: '/admin/sign-up', summary: 'Whether anyone may sign up, or only with an invite', auth: 'admin', responses: { 200: '`{ signUp, open }`', ...adminOnly } },
  {
    operationId: 'setSignUpSetting',
    method: 'put',
    path: '/admin/sign-up',
    summary: 'Open sign-up to anyone, or close it to all but invites (a browser session only)',
    auth: 'admin',
    body: signUpSetting,
    responses: { 200: '`{ signUp, open }`', 400: 'a field is invalid', ...browserOnly },
  },
  { operationId: 'listInvites', method: 'get', path: '/admin/invites', summary: 'Every invite: for whom, when it expires, whether used; never its token', auth: 'admin', responses: { 200: 'the invites', ...adminOnly } },
  {
    operationId: 'createInvite',
    method: 'post',
    path: '/admin/invites',
    summary: 'Make a single-use invite, for one email address or anyone, that expires; its token is shown once (a browser session only)',
    auth: 'admin',
    body: newInvite,
    responses: { 201: 'the invite and its token', 400: 'a field is invalid', ...browserOnly },
  },
  {
    operationId: 'revokeInvite',
    method: 'delete',
    path: '/admin/invites/:inviteId',
    summary: 'Withdraw an unused invite (a browser session only)',
    auth: 'admin',
    responses: { 204: 'withdrawn', 404: 'no such unused invite', ...browserOnly },
  },
];

const HOUR_MS = 3600 * 1000;

export function adminRoutes(deps: ApiDependencies): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const { db } = deps.platform;
  app.use('/admin/*', authenticate(deps), requireAdmin);

  const signUpSettingNow = async () => {
    const signUp = await currentSignUpState(db);
    return { signUp, open: signUp === 'open' };
  };

  app.get('/admin/sign-up', async (c) => c.json(await signUpSettingNow()));

  app.put('/admin/sign-up', async (c) => {
    browserSession(c);
    await setSignUpOpen(db, (await parseBody(c, signUpSetting)).open);
    return c.json(await signUpSettingNow());
  });

  app.get('/admin/invites', async (c) => c.json(await listInvites(db)));

  app.post('/admin/invites', async (c) => {
    browserSession(c);
    const input = await parseBody(c, newInvite);
    return c.json(await createInvite(db, c.get('user').id, { email: input.email ?? null, expiresAt: new Date(Date.now() + input.expiresInHours * HOUR_MS) }), 201);
  });

  app.delete('/admin/invites/:inviteId', async (c) => {
    browserSession(c);
    const id = c.req.param('inviteId');
    if (!z.uuid().safeParse(id).success || !(await revokeInvite(db, id))) throw notFound('unused invite');
    return c.body(null, 204);
  });

  return app;
}
