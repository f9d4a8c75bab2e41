/** `/v1/prices`: create (`product` or `product_data`, `lookup_key`), retrieve, update, list. */
import { checkLookupKey, claimLookupKey, newPrice, newProduct, storePrice, storeProduct } from "../catalog";
import type { Engine } from "../engine";
import { invalidRequest } from "../errors";
import { checkCurrency } from "../money";
import { S, validate } from "../params";
import { listRoute, retrieveRoute, type Router } from "./factory";
import { RECURRING } from "./schemas";

const TAX_BEHAVIOR = S.str({ enum: ["exclusive", "inclusive", "unspecified"] });

export function priceRoutes(r: Router, e: Engine): void {
  r.on("POST", "/v1/prices", (ctx) => {
    const p = validate(ctx.params, {
      currency: S.str({ required: true }),
      unit_amount: S.int({ min: 0 }),
      unit_amount_decimal: S.str(),
      product: S.str(),
      product_data: S.obj({ name: S.str({ required: true }), active: S.bool(), metadata: S.metadata(), statement_descriptor: S.str(), unit_label: S.str(), tax_code: S.str() }),
      recurring: RECURRING,
      lookup_key: S.str({ max: 200 }),
      transfer_lookup_key: S.bool(),
      nickname: S.str(),
      active: S.bool(),
      metadata: S.metadata(),
      tax_behavior: TAX_BEHAVIOR,
      billing_scheme: S.str({ enum: ["per_unit"] }),
    });
    checkCurrency(p.currency);
    if (!p.product && !p.product_data) throw invalidRequest("Missing required param: product.", "product", "parameter_missing");
    if (p.product && p.product_data) throw invalidRequest("You may only specify one of these parameters: product, product_data.", "product_data");
    if (p.unit_amount === undefined && p.unit_amount_decimal === undefined) {
      throw invalidRequest("Missing required param: unit_amount.", "unit_amount", "parameter_missing");
    }
    const unitAmount = p.unit_amount ?? Math.round(Number(p.unit_amount_decimal));
    if (p.product) e.get(p.product, "product", "product");
    const product = p.product ? null : newProduct(e, p.product_data!);
    const price = newPrice(e, { ...p, product: p.product ?? product!.id, unit_amount: unitAmount });
    e.checkExpand(price, p.expand);
    if (product) storeProduct(e, product);
    storePrice(e, price, p.transfer_lookup_key === true);
    return e.render(price, p.expand);
  });

  retrieveRoute(r, e, "/v1/prices", "price");

  r.on("POST", "/v1/prices/:id", (ctx, [id]) => {
    const p = validate(ctx.params, {
      active: S.bool(),
      nickname: S.str({ nullable: true }),
      metadata: S.metadata(),
      lookup_key: S.str({ nullable: true, max: 200 }),
      transfer_lookup_key: S.bool(),
      tax_behavior: TAX_BEHAVIOR,
    });
    const price = e.get(id, "price");
    if (p.lookup_key) checkLookupKey(e, p.lookup_key, id, p.transfer_lookup_key === true);
    e.checkExpand(price, p.expand);
    if (p.lookup_key) claimLookupKey(e, p.lookup_key, id, p.transfer_lookup_key === true);
    const prev = e.update(price, p, ["active", "nickname", "metadata", "lookup_key", "tax_behavior"]);
    e.updated("price.updated", price, prev);
    return e.render(price, p.expand);
  });

  listRoute(
    r,
    e,
    "/v1/prices",
    "price",
    {
      active: S.bool(),
      product: S.str(),
      lookup_keys: S.arr(S.str()),
      type: S.str({ enum: ["one_time", "recurring"] }),
      currency: S.str(),
      recurring: S.obj({ interval: S.str(), usage_type: S.str() }),
    },
    (p) => (o) =>
      (p.active === undefined || o.active === p.active) &&
      (!p.product || o.product === p.product) &&
      (!p.lookup_keys || p.lookup_keys.includes(o.lookup_key)) &&
      (!p.type || o.type === p.type) &&
      (!p.currency || o.currency === p.currency) &&
      (!p.recurring?.interval || o.recurring?.interval === p.recurring.interval),
    ["product"],
  );
}
