/** `POST /v1/tokens`: card tokens, as Stripe.js `createToken` makes them (publishable key). */
import { checkCard } from "../cards";
import type { Engine } from "../engine";
import { S, validate } from "../params";
import { newId, nowSeconds } from "../store";
import type { Router } from "./factory";

const BRAND_NAMES: Record<string, string> = { visa: "Visa", mastercard: "MasterCard", amex: "American Express", discover: "Discover", jcb: "JCB", diners: "Diners Club", unionpay: "UnionPay" };

export function tokenRoutes(r: Router, e: Engine): void {
  r.on(
    "POST",
    "/v1/tokens",
    (ctx) => {
      const { card } = validate(ctx.params, {
        card: S.obj({ number: S.str({ required: true }), exp_month: S.int({ required: true }), exp_year: S.int({ required: true }), cvc: S.str(), address_zip: S.str(), name: S.str() }, { required: true }),
      });
      const checked = checkCard({ number: card.number, exp_month: card.exp_month, exp_year: card.exp_year, cvc: card.cvc });
      const token = {
        id: newId("tok"),
        object: "token",
        card: {
          id: newId("card"),
          object: "card",
          address_zip: card.address_zip ?? null,
          brand: BRAND_NAMES[checked.brand] ?? "Unknown",
          country: "US",
          cvc_check: checked.cvcProvided ? "unchecked" : null,
          exp_month: checked.exp_month,
          exp_year: checked.exp_year,
          fingerprint: checked.fingerprint,
          funding: checked.funding,
          last4: checked.last4,
          name: card.name ?? null,
        },
        client_ip: null,
        created: nowSeconds(),
        livemode: false,
        type: "card",
        used: false,
      };
      e.insert(token, { behaviour: checked.behaviour });
      return token;
    },
    { publishable: true },
  );
}
