import { randomBytes } from 'node:crypto';

// Fails the run at once, with what to do, when the test bed is not up; names the run, so that
// its clean-up removes only what it made; and clears what crashed runs left long ago.
export default async function setup(): Promise<() => Promise<void>> {
  // Set before the test workers start, which inherit it; docker.js reads it when loaded.
  process.env.AETHER_TEST_RUN = `run-${randomBytes(4).toString('hex')}`;
  const { docker, removeAbandonedTestObjects, removeTestObjects } = await import('./docker.js');
  try {
    await docker.ping();
  } catch (error) {
    throw new Error(`the Docker engine does not answer (${String(error)}); run scripts/testbed.sh up, or npm test, which does`);
  }
  await removeAbandonedTestObjects();
  return () => removeTestObjects(process.env.AETHER_TEST_RUN);
}
