import { sql } from "drizzle-orm";
import type { Database } from "./client";

/**
 * `npm run db:seed -- --scale`: a shop at scale, for benchmarks and the admin's figures —
 * 10,000 products, 5,000 users, 100,000 orders (1–3 items each, spread over the last 400 days,
 * mostly paid, some refunded, failed or canceled; web, api and ivr) and 20,000 webhook events.
 *
 * Written by set-based SQL (`generate_series`), a batch at a time, so it takes seconds on either
 * database rather than minutes. Idempotent: every row has a deterministic key (ids are
 * `md5(<kind>-<n>)::uuid`, slugs `scale-product-<n>`, emails `scale-user-<n>@example.com`,
 * PaymentIntent ids `pi_scale_<n>`, event ids `evt_scale_<n>`) and inserts skip what exists, so a
 * second run adds nothing. These are fixtures written straight to the tables (as db/seed.ts does
 * for the demo catalog); the app's rules (state machine, totals) hold for them: an order's total
 * is the sum of its items, a refunded order's refund equals its total.
 */
export type ScaleCounts = { products: number; users: number; orders: number; webhookEvents: number };
export const SCALE: Readonly<ScaleCounts> = { products: 10_000, users: 5_000, orders: 100_000, webhookEvents: 20_000 };
const BATCH = 10_000;

export type ScaleSeedResult = { products: number; users: number; orders: number; orderItems: number; webhookEvents: number };

/** Product n's price: 5.00–204.99 in the store's currency's minor units. */
const price = (n: ReturnType<typeof sql>) => sql`(500 + ((${n}) * 37) % 20000)`;
/** The k-th product of order g (k from 1), of `products` products. */
const productOf = (g: ReturnType<typeof sql>, k: ReturnType<typeof sql>, products: number) => sql`((((${g}) * 31 + (${k}) * 17) % ${products}) + 1)`;

/** The rows of a raw query: postgres-js answers an array, PGlite an object with `rows`. */
function rowsOf(result: unknown): unknown[] {
  return Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? []);
}

export async function seedScale(db: Database, opts: { currency: string; scale?: Partial<ScaleCounts> }): Promise<ScaleSeedResult> {
  const n = { ...SCALE, ...opts.scale };
  const result: ScaleSeedResult = { products: 0, users: 0, orders: 0, orderItems: 0, webhookEvents: 0 };
  const count = async (q: ReturnType<typeof sql>) => rowsOf(await db.execute(q)).length;

  for (let from = 1; from <= n.products; from += BATCH) {
    const to = Math.min(from + BATCH - 1, n.products);
    result.products += await count(sql`
      insert into products (id, slug, name, description, unit_amount, currency, image, active, category_id)
      select md5('scale-product-' || g)::uuid, 'scale-product-' || lpad(g::text, 5, '0'), 'Scale product ' || g,
             'A product of the scale seed, number ' || g || ', for benchmarks and search at size.',
             ${price(sql`g`)}, ${opts.currency}, '/products/stoneware-mug.svg', true,
             -- spread over the categories there are (none: uncategorised)
             cats.ids[1 + g % greatest(cardinality(cats.ids), 1)]
        from generate_series(${from}::int, ${to}::int) g,
             (select array_agg(id order by position, slug) as ids from categories) cats
      on conflict do nothing
      returning id`);
  }

  for (let from = 1; from <= n.users; from += BATCH) {
    const to = Math.min(from + BATCH - 1, n.users);
    result.users += await count(sql`
      insert into users (id, name, email, role, created_at, updated_at)
      select md5('scale-user-' || g)::uuid, 'Scale user ' || g, 'scale-user-' || lpad(g::text, 5, '0') || '@example.com', 'customer',
             now() - (g % 400) * interval '1 day', now() - (g % 400) * interval '1 day'
        from generate_series(${from}::int, ${to}::int) g
      on conflict do nothing
      returning id`);
  }

  for (let from = 1; from <= n.orders; from += BATCH) {
    const to = Math.min(from + BATCH - 1, n.orders);
    // Status by g mod 20: 17 paid, 1 refunded, 1 failed, 1 canceled; 60 % of orders by a user.
    const ids = rowsOf(
      await db.execute(sql`
      with src as (
        select g,
               case g % 20 when 17 then 'refunded' when 18 then 'failed' when 19 then 'canceled' else 'paid' end as status,
               (select sum(${price(productOf(sql`g`, sql`k`, n.products))} * (1 + (g + k) % 2)) from generate_series(1, 1 + g % 3) k)::int as total,
               now() - ((g * 7919) % (400 * 24 * 60)) * interval '1 minute' as at
          from generate_series(${from}::int, ${to}::int) g
      )
      insert into orders (id, user_id, email, status, currency, amount_total, amount_refunded, payment_intent_id, access_token, source, paid_at, created_at, updated_at)
      select md5('scale-order-' || g)::uuid,
             case when g % 5 < 3 then md5('scale-user-' || ((g * 7919) % ${n.users} + 1))::uuid end,
             case when g % 5 < 3 then 'scale-user-' || lpad(((g * 7919) % ${n.users} + 1)::text, 5, '0') || '@example.com' else 'guest-' || g || '@example.com' end,
             status, ${opts.currency}, total, case when status = 'refunded' then total else 0 end,
             'pi_scale_' || lpad(g::text, 6, '0'), md5('scale-token-' || g),
             case when g % 20 = 0 then 'ivr' when g % 7 = 0 then 'api' else 'web' end,
             case when status in ('paid', 'refunded') then at end, at, at
        from src
      on conflict do nothing
      returning id`),
    ).length;
    result.orders += ids;
    if (!ids) continue;
    result.orderItems += await count(sql`
      insert into order_items (id, order_id, product_id, name, unit_amount, quantity)
      select md5('scale-item-' || g || '-' || k)::uuid, md5('scale-order-' || g)::uuid, md5('scale-product-' || ${productOf(sql`g`, sql`k`, n.products)})::uuid,
             'Scale product ' || ${productOf(sql`g`, sql`k`, n.products)}, ${price(productOf(sql`g`, sql`k`, n.products))}, 1 + (g + k) % 2
        from generate_series(${from}::int, ${to}::int) g, lateral generate_series(1, 1 + g % 3) k
      on conflict do nothing
      returning id`);
  }

  for (let from = 1; from <= n.webhookEvents; from += BATCH) {
    const to = Math.min(from + BATCH - 1, n.webhookEvents);
    // 1 in 100 failed, 1 in 200 dead; the rest processed.
    result.webhookEvents += await count(sql`
      insert into webhook_events (id, type, payload, status, attempts, last_error, stripe_created_at, received_at, processed_at)
      select 'evt_scale_' || lpad(g::text, 6, '0'), 'payment_intent.succeeded',
             jsonb_build_object('id', 'evt_scale_' || lpad(g::text, 6, '0'), 'object', 'event', 'type', 'payment_intent.succeeded',
                                'data', jsonb_build_object('object', jsonb_build_object('id', 'pi_scale_' || lpad(g::text, 6, '0'), 'object', 'payment_intent'))),
             case when g % 200 = 0 then 'dead' when g % 100 = 0 then 'failed' else 'processed' end,
             case when g % 200 = 0 then 8 when g % 100 = 0 then 2 else 1 end,
             case when g % 100 = 0 then 'scale seed: a handler error' end,
             now() - (g % 400) * interval '1 day', now() - (g % 400) * interval '1 day',
             case when g % 100 <> 0 then now() - (g % 400) * interval '1 day' end
        from generate_series(${from}::int, ${to}::int) g
      on conflict do nothing
      returning id`);
  }
  return result;
}
