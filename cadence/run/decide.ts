import type { DeliveryChannel, ConnectionStatus } from '../../server/db/schema.js';
import { decideCustomer, type CadenceSettings, type CustomerDecision } from '../policy/index.js';
import type { LoadedCustomer } from './load-facts.js';

export { atLocalTime } from '../policy/calendar.js';

/** Runs the pure policy for one loaded customer, adding what the organisation row says. */
export function decideCustomerFor(
  organisation: { status: ConnectionStatus; disabled_channels: readonly DeliveryChannel[] },
  settings: CadenceSettings,
  customer: LoadedCustomer,
  now: Date,
): CustomerDecision {
  return decideCustomer(
    {
      ...customer.input,
      organisation: {
        needsReconnect: organisation.status !== 'active',
        emailDisabled: organisation.disabled_channels.includes('email'),
      },
    },
    settings,
    now,
  );
}
