import { docker, removeTestObjects } from './docker.js';

// Fails the run at once, with what to do, when the test bed is not up, and clears what a
// crashed earlier run left behind.
export default async function setup(): Promise<() => Promise<void>> {
  try {
    await docker.ping();
  } catch (error) {
    throw new Error(`the Docker engine does not answer (${String(error)}); run scripts/testbed.sh up, or npm test, which does`);
  }
  await removeTestObjects();
  return removeTestObjects;
}
