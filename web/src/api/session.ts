import { createResource } from 'solid-js';
import type { UserReply } from '../../../control/src/api/replies.js';
import { api, ApiFailure } from './client.js';

// Who is signed in, read once and shared by every page: null when nobody is.

async function fetchUser(): Promise<UserReply | null> {
  try {
    return await api<UserReply>('GET', '/me');
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 401) return null;
    throw error;
  }
}

const [user, { refetch, mutate }] = createResource(fetchUser);

export const session = {
  user,
  /** After sign-in or sign-up: the reply is the user. */
  signedIn: (who: UserReply) => mutate(who),
  signedOut: () => mutate(null),
  refresh: refetch,
};
