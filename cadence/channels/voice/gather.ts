import { channelDb } from '../db.js';
import type { ChannelDeps } from '../deps.js';
import { gatherAnswerTwiml } from './twiml.js';

/** The caller pressed a key during the automated call: 1 connects them to the business. */
export async function answerGather(
  deps: ChannelDeps,
  query: { delivery?: unknown; lang?: unknown },
  digits: string,
) {
  const deliveryId = typeof query.delivery === 'string' ? query.delivery : '';
  const language = typeof query.lang === 'string' ? query.lang : 'en-US';
  const detail = /^[0-9a-f-]{36}$/i.test(deliveryId)
    ? await channelDb(deps.db)
        .selectFrom('call_detail')
        .select('business_phone')
        .where('delivery_id', '=', deliveryId)
        .executeTakeFirst()
    : undefined;
  return gatherAnswerTwiml(digits, detail?.business_phone ?? null, language, null);
}
