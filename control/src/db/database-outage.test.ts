import { DrizzleQueryError } from 'drizzle-orm/errors';
import { DatabaseError } from 'pg';
import { describe, expect, it } from 'vitest';
import { lostTheDatabase, throughOutages } from './database-outage.js';

/** An error as pg makes it from Postgres's answer. */
function fromPostgres(code: string, message: string): DatabaseError {
  return Object.assign(new DatabaseError(message, 0, 'error'), { code });
}

/** An error as Node's network makes it. */
function fromNetwork(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });
}

const wrapped = (cause: Error) => new DrizzleQueryError('update "deployments" set "rollout_step" = $1', ['probing'], cause);

describe('telling a lost database from a refused query', () => {
  it.each([
    ['refused connection', fromNetwork('ECONNREFUSED')],
    ['reset connection', fromNetwork('ECONNRESET')],
    ['a host name the network no longer knows (its container stopped)', fromNetwork('ENOTFOUND')],
    ['a shutdown ending the session', fromPostgres('57P01', 'terminating connection due to administrator command')],
    ['a crashed server', fromPostgres('57P02', 'terminating connection because of crash of another server process')],
    ['a server starting up', fromPostgres('57P03', 'the database system is starting up')],
    ['a connection failure of class 08', fromPostgres('08006', 'connection failure')],
    ['a connection ended under a query', new Error('Connection terminated unexpectedly')],
    ['a connection that could not open in time', new Error('timeout expired')],
    ['a client already broken', new Error('Client has encountered a connection error and is not queryable')],
  ])('%s is a lost database, bare or wrapped by drizzle', (_, error) => {
    expect(lostTheDatabase(error)).toBe(true);
    expect(lostTheDatabase(wrapped(error))).toBe(true);
  });

  it.each([
    ['a unique violation', fromPostgres('23505', 'duplicate key value violates unique constraint')],
    ['a wrong password', fromPostgres('28P01', 'password authentication failed for user "aether"')],
    ['a missing table', fromPostgres('42P01', 'relation "deployments" does not exist')],
    ['a code that merely starts like a lost connection', fromPostgres('0800', 'not a code Postgres has')],
    ['an error of the work itself', new Error('the app exited with code 1 before it answered')],
  ])('%s is not, bare or wrapped by drizzle', (_, error) => {
    expect(lostTheDatabase(error)).toBe(false);
    expect(lostTheDatabase(wrapped(error))).toBe(false);
  });

  it('is not for what is not an error', () => {
    expect(lostTheDatabase({ code: 'ECONNREFUSED', message: 'Connection terminated' })).toBe(false);
    expect(lostTheDatabase(undefined)).toBe(false);
  });
});

describe('work riding out a database outage', () => {
  /** A database that answers once `ask` has been called `downFor` times. */
  function databaseBackAfter(downFor: number) {
    let asked = 0;
    return { answers: async () => { if (++asked <= downFor) throw fromNetwork('ECONNREFUSED'); }, asked: () => asked };
  }

  it('runs the work again once the database answers, and returns what it made', async () => {
    const database = databaseBackAfter(2);
    let runs = 0;
    const made = await throughOutages(async () => {
      if (++runs === 1) throw wrapped(new Error('Connection terminated unexpectedly'));
      return 'probing';
    }, database.answers);
    expect({ made, runs, asked: database.asked() }).toEqual({ made: 'probing', runs: 2, asked: 3 });
  });

  it('throws at once what was not a lost database, without asking it', async () => {
    const database = databaseBackAfter(0);
    let runs = 0;
    const work = async () => {
      runs++;
      throw new Error('the app exited with code 1 before it answered');
    };
    await expect(throughOutages(work, database.answers)).rejects.toThrow('the app exited');
    expect({ runs, asked: database.asked() }).toEqual({ runs: 1, asked: 0 });
  });

  it('gives up, throwing what cut the work, when the database does not answer within its patience', async () => {
    const database = databaseBackAfter(Infinity);
    let runs = 0;
    const cut = fromPostgres('57P01', 'terminating connection due to administrator command');
    const work = async () => {
      runs++;
      throw cut;
    };
    await expect(throughOutages(work, database.answers, 1_200)).rejects.toBe(cut);
    expect(runs).toBe(1);
    expect(database.asked()).toBeGreaterThanOrEqual(2);
  });

  it('gives up on a database that keeps going away, after three runs again', async () => {
    const database = databaseBackAfter(0);
    let runs = 0;
    const work = async () => {
      runs++;
      throw fromNetwork('ECONNRESET');
    };
    await expect(throughOutages(work, database.answers)).rejects.toThrow('ECONNRESET');
    expect(runs).toBe(4);
  });
});
