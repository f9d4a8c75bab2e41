/** Products and prices: how they are built, and how a lookup key moves from one price to another. */
import type Stripe from "stripe";
import type { Engine } from "./engine";
import { invalidRequest } from "./errors";
import { newId, nowSeconds, type Obj } from "./store";

type Metadata = Record<string, string> | null;

export interface ProductInput {
  id?: string;
  name: string;
  active?: boolean;
  description?: string | null;
  images?: string[] | null;
  metadata?: Metadata;
  shippable?: boolean;
  statement_descriptor?: string | null;
  tax_code?: string | null;
  unit_label?: string | null;
  url?: string | null;
}

export interface PriceInput {
  product: string;
  currency: string;
  unit_amount: number;
  active?: boolean;
  lookup_key?: string;
  transfer_lookup_key?: boolean;
  metadata?: Metadata;
  nickname?: string;
  recurring?: { interval: Stripe.Price.Recurring.Interval; interval_count?: number };
  tax_behavior?: Stripe.Price.TaxBehavior;
}

/** On the wire a `Decimal` is a string. */
export function wireDecimal(n: number): Stripe.Decimal {
  return String(n) as unknown as Stripe.Decimal;
}

/** A product as `createProduct` stores it, not stored yet. */
export function newProduct(e: Engine, p: ProductInput): Stripe.Product {
  const now = nowSeconds();
  const product: Stripe.Product = {
    id: p.id ?? newId("prod"),
    object: "product",
    active: p.active ?? true,
    created: now,
    default_price: null,
    description: p.description ?? null,
    images: p.images ?? [],
    livemode: false,
    marketing_features: [],
    metadata: {},
    name: p.name,
    package_dimensions: null,
    shippable: p.shippable ?? null,
    statement_descriptor: p.statement_descriptor ?? null,
    tax_code: p.tax_code ?? null,
    tax_details: null,
    type: "service",
    unit_label: p.unit_label ?? null,
    updated: now,
    url: p.url ?? null,
  };
  e.applyMetadata(product, p.metadata);
  return product;
}

export function storeProduct(e: Engine, product: Stripe.Product): Obj {
  e.insert(product);
  e.emit("product.created", product);
  return product;
}

/** The price holding `key`, other than `priceId` (null: a price being created). */
function lookupKeyHolder(e: Engine, key: string, priceId: string | null): Obj | undefined {
  return e.store.all("price", `lookup_key=${key}`).find((pr) => pr.lookup_key === key && pr.id !== priceId);
}

/** Throws unless `key` is free for `priceId`, or may be taken from its holder (`transfer`). */
export function checkLookupKey(e: Engine, key: string, priceId: string | null, transfer: boolean): void {
  const holder = lookupKeyHolder(e, key, priceId);
  if (holder && !transfer) {
    throw invalidRequest(
      `A price (\`${holder.id}\`) already uses that lookup key. To transfer the lookup key to this new price, set \`transfer_lookup_key\` to \`true\`.`,
      "lookup_key",
    );
  }
}

/** Give `key` to `priceId`, taking it from its holder (checked with `checkLookupKey`). */
export function claimLookupKey(e: Engine, key: string, priceId: string | null, transfer: boolean): void {
  checkLookupKey(e, key, priceId, transfer);
  const holder = lookupKeyHolder(e, key, priceId);
  if (!holder) return;
  const prev = { lookup_key: holder.lookup_key };
  holder.lookup_key = null;
  e.emit("price.updated", holder, prev);
}

/** What `createPrice` would refuse: an invalid currency, a lookup key in use. */
export function checkPriceInput(e: Engine, p: Pick<PriceInput, "currency" | "lookup_key" | "transfer_lookup_key">): void {
  if (!/^[a-z]{3}$/.test(String(p.currency).toLowerCase())) throw invalidRequest(`Invalid currency: ${p.currency}.`, "currency");
  if (p.lookup_key) checkLookupKey(e, p.lookup_key, null, p.transfer_lookup_key === true);
}

/** A price as `createPrice` stores it (checked), not stored yet. */
export function newPrice(e: Engine, p: PriceInput): Stripe.Price {
  checkPriceInput(e, p);
  const currency = String(p.currency).toLowerCase();
  const recurring = p.recurring;
  const price: Stripe.Price = {
    id: newId("price"),
    object: "price",
    active: p.active ?? true,
    billing_scheme: "per_unit",
    created: nowSeconds(),
    currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: p.lookup_key ?? null,
    metadata: {},
    nickname: p.nickname ?? null,
    product: p.product,
    recurring: recurring
      ? { interval: recurring.interval, interval_count: recurring.interval_count ?? 1, meter: null, trial_period_days: null, usage_type: "licensed" }
      : null,
    tax_behavior: p.tax_behavior ?? "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: recurring ? "recurring" : "one_time",
    unit_amount: p.unit_amount,
    unit_amount_decimal: wireDecimal(p.unit_amount),
  };
  e.applyMetadata(price, p.metadata);
  return price;
}

/** Store a price from `newPrice`, taking its lookup key from another price when `transfer`. */
export function storePrice(e: Engine, price: Stripe.Price, transfer: boolean): Obj {
  if (price.lookup_key) claimLookupKey(e, price.lookup_key, null, transfer);
  e.insert(price);
  e.emit("price.created", price);
  return price;
}

export function createPrice(e: Engine, p: PriceInput): Obj {
  return storePrice(e, newPrice(e, p), p.transfer_lookup_key === true);
}
