/** Param shapes several resources share (Stripe's own sub-objects). */
import { S } from "../params";

export const ADDRESS_FIELDS = { city: S.str(), country: S.str(), line1: S.str(), line2: S.str(), postal_code: S.str(), state: S.str() };
export const ADDRESS = S.obj(ADDRESS_FIELDS);
/** A PaymentIntent's `shipping`: `name` and `address` required (Stripe's 400 names the missing one); `shipping=` clears it. */
export const SHIPPING = S.obj(
  { address: S.obj(ADDRESS_FIELDS, { required: true }), name: S.str({ required: true }), carrier: S.str(), phone: S.str(), tracking_number: S.str() },
  { nullable: true },
);
export const BILLING_DETAILS = S.obj({ address: ADDRESS, email: S.str(), name: S.str(), phone: S.str() });
export const CARD_INPUT = S.obj({ number: S.str(), exp_month: S.int(), exp_year: S.int(), cvc: S.str(), token: S.str() });
export const US_BANK_ACCOUNT_INPUT = S.obj({
  routing_number: S.str(),
  account_number: S.str(),
  account_holder_type: S.str({ enum: ["individual", "company"] }),
  account_type: S.str({ enum: ["checking", "savings"] }),
});
export const PAYMENT_METHOD_DATA = S.obj({
  type: S.str({ required: true, enum: ["card", "us_bank_account"] }),
  card: CARD_INPUT,
  us_bank_account: US_BANK_ACCOUNT_INPUT,
  billing_details: BILLING_DETAILS,
  metadata: S.metadata(),
});
/** `automatic_payment_methods` of PaymentIntents and SetupIntents. */
export const AUTOMATIC_PAYMENT_METHODS = S.obj({ enabled: S.bool({ required: true }), allow_redirects: S.str({ enum: ["always", "never"] }) });
export const RECURRING = S.obj({ interval: S.str({ required: true, enum: ["day", "week", "month", "year"] }), interval_count: S.int({ min: 1 }) });

/** An address with every field present (null unless given), as Stripe renders it. */
export const nullAddress = () => ({ city: null, country: null, line1: null, line2: null, postal_code: null, state: null });
