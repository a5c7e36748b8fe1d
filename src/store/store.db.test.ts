/** The store contract (test/store-contract.ts) on both drivers: PGlite in memory, and a real PostgreSQL server. */
import { describePg } from '../../test/pg.js';
import { storeContract } from '../../test/store-contract.js';
import { openStore } from './open.js';

storeContract('PGlite', () => openStore({ dataDir: 'memory://' }));

describePg('store on PostgreSQL', (ctx) => {
  storeContract('PostgreSQL', async () => (ctx.url() === '' ? undefined : openStore({ url: ctx.url() })));
});
