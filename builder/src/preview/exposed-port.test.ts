import { describe, expect, it } from 'vitest';
import { exposedPort } from './exposed-port.js';

describe('exposedPort', () => {
  it('is the first TCP port the final stage exposes', () => {
    expect(exposedPort('FROM node AS build\nEXPOSE 9999\nFROM node\nEXPOSE 53/udp 8080/tcp 8081\nCMD ["node"]\n')).toBe(8080);
    expect(exposedPort('FROM nginx\nEXPOSE 80\n')).toBe(80);
  });

  it('is null when the final stage exposes nothing readable', () => {
    expect(exposedPort('FROM node\nEXPOSE 3000\nFROM scratch\nCMD ["/app"]\n')).toBeNull();
    expect(exposedPort('FROM node\nARG PORT=3000\nEXPOSE $PORT\n')).toBeNull();
    expect(exposedPort('FROM node\nEXPOSE 70000\n')).toBeNull();
    expect(exposedPort('FROM node\nEXPOSE 0\n')).toBeNull();
  });

  it('takes the lowest and highest ports there are', () => {
    expect([exposedPort('FROM node\nEXPOSE 1\n'), exposedPort('FROM node\nEXPOSE 65535/TCP\n')]).toEqual([1, 65535]);
  });

  it('reads EXPOSE only, and whole port words only', () => {
    expect(exposedPort('FROM node\nENV PORT 3000\nARG PORT1=4000\nEXPOSE $PORT1 8080\nCMD node server.js 5000\n')).toBe(8080);
  });
});
