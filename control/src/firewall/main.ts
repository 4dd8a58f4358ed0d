import { readFile } from 'node:fs/promises';
import { pino } from 'pino';
import { applyFirewall, dockersIptables, removeFirewall } from './apply.js';
import { firewallPlan, hostNameservers, INSTALL_GUARDED } from './rules.js';

// The firewall service: on the host's network with NET_ADMIN, it keeps the rules of rules.ts
// in place. A restarted engine rebuilds its own chains, so the rules are checked again and again;
// stopped (`docker compose down`, or an upgrade that starts it anew), it leaves the host as it was.

const log = pino({ name: 'firewall' });
const ipt = await dockersIptables();

/** Traefik's published ports, as compose passes them. */
const publishedPorts = [process.env.AETHER_HTTP_PORT ?? '80', process.env.AETHER_HTTPS_PORT ?? '443'].map(Number);

async function plan() {
  // On the host's network, these are the host's files, the ones Docker hands containers from.
  const resolvConf = await readFile('/etc/resolv.conf', 'utf8');
  const systemd = await readFile('/run/systemd/resolve/resolv.conf', 'utf8').catch(() => undefined);
  return firewallPlan(INSTALL_GUARDED, { nameservers: hostNameservers(resolvConf, systemd), publishedPorts });
}

let applied = await plan();
await applyFirewall(ipt, applied);
log.info('firewall rules applied');
const timer = setInterval(
  () =>
    void plan()
      .then(async (next) => {
        await applyFirewall(ipt, next);
        applied = next;
      })
      .catch((error: unknown) => log.error({ err: error }, 'firewall rules')),
  30_000,
);
process.on('SIGTERM', () => {
  clearInterval(timer);
  void removeFirewall(ipt, applied).then(() => process.exit(0));
});
