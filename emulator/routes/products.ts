/** `/v1/products`: create (with `default_price_data`), retrieve, update, list, delete. */
import { checkPriceInput, createPrice, newProduct, storeProduct } from "../catalog";
import type { Engine } from "../engine";
import { invalidRequest } from "../errors";
import { fieldNames, S, validate } from "../params";
import { nowSeconds } from "../store";
import { deleteRoute, listRoute, retrieveRoute, type Router } from "./factory";
import { RECURRING } from "./schemas";

const PRODUCT_FIELDS = {
  name: S.str({ max: 5000 }),
  description: S.str({ nullable: true }),
  active: S.bool(),
  metadata: S.metadata(),
  images: S.arr(S.str(), { nullable: true }),
  url: S.str({ nullable: true }),
  shippable: S.bool(),
  statement_descriptor: S.str({ nullable: true, max: 22 }),
  tax_code: S.str({ nullable: true }),
  unit_label: S.str({ nullable: true }),
};

export function productRoutes(r: Router, e: Engine): void {
  r.on("POST", "/v1/products", (ctx) => {
    const p = validate(ctx.params, {
      ...PRODUCT_FIELDS,
      name: S.str({ required: true, max: 5000 }),
      id: S.str(),
      default_price_data: S.obj({ currency: S.str({ required: true }), unit_amount: S.int({ required: true, min: 0 }), recurring: RECURRING, metadata: S.metadata() }),
    });
    if (p.id && e.store.get(p.id)) throw invalidRequest(`Product already exists.`, "id", "resource_already_exists");
    if (p.default_price_data) checkPriceInput(e, p.default_price_data);
    const product = newProduct(e, p);
    e.checkExpand(product, p.expand);
    storeProduct(e, product);
    if (p.default_price_data) {
      const price = createPrice(e, { ...p.default_price_data, product: product.id });
      product.default_price = price.id;
      e.touch();
    }
    return e.render(product, p.expand);
  });

  retrieveRoute(r, e, "/v1/products", "product");

  r.on("POST", "/v1/products/:id", (ctx, [id]) => {
    const p = validate(ctx.params, { ...PRODUCT_FIELDS, default_price: S.str() });
    const product = e.get(id, "product");
    if (p.default_price) {
      const price = e.get(p.default_price, "price", "default_price");
      if (price.product !== id) throw invalidRequest("The default price must belong to this product.", "default_price");
    }
    e.checkExpand(product, p.expand);
    const prev = e.update(product, p, [...fieldNames(PRODUCT_FIELDS), "default_price"]);
    product.updated = nowSeconds();
    e.updated("product.updated", product, prev);
    return e.render(product, p.expand);
  });

  deleteRoute(r, e, "/v1/products", "product", {
    check: (product) => {
      if (e.store.all("price", `product=${product.id}`).some((pr) => pr.product === product.id)) {
        throw invalidRequest("This product cannot be deleted because it has one or more user-created prices.", undefined, "product_has_prices");
      }
    },
    event: "product.deleted",
  });

  listRoute(r, e, "/v1/products", "product", { active: S.bool(), ids: S.arr(S.str()), shippable: S.bool(), url: S.str() }, (p) => (o) =>
    (p.active === undefined || o.active === p.active) && (!p.ids || p.ids.includes(o.id)) && (p.shippable === undefined || o.shippable === p.shippable),
  );
}
