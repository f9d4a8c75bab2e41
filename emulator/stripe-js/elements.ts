/** `stripe.elements(options)`: the group that creates, finds and submits the Elements. */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { integrationError, type Json, type StripeErrorLike } from "./api-client";
import { BILLING_ADDRESS_ELEMENT, type FramedType } from "./frame/protocol";
import { BaseElement, EmulatedElement, ExpressCheckoutElement } from "./payment-element";

const FRAMED: readonly string[] = ["payment", "card", "address", "linkAuthentication"] satisfies FramedType[];

export class EmulatedElements {
  private elements = new Map<string, BaseElement>();

  constructor(
    private readonly pk: string,
    public options: Json,
  ) {}

  create(type: string, options: Json = {}): BaseElement {
    if (!FRAMED.includes(type) && type !== "expressCheckout") {
      throw new Error(`The Stripe emulator does not implement the '${type}' Element (only payment, card, address, linkAuthentication and expressCheckout).`);
    }
    if (type === "address" && options?.mode !== "shipping" && options?.mode !== "billing") {
      throw new Error("Invalid value for create('address'): mode should be one of the following strings: shipping, billing.");
    }
    if (this.elements.has(type)) throw new Error(`Can only create one Element of type ${type}.`);
    const el = type === "expressCheckout" ? new ExpressCheckoutElement(type, this, options) : new EmulatedElement(type as FramedType, this, options, this.pk);
    this.elements.set(type, el);
    this.syncBillingAddress();
    return el;
  }

  /** While an Address Element in billing mode is in the group, the Payment Element leaves Country and ZIP to it (as on Stripe). */
  private syncBillingAddress(): void {
    const payment = this.elements.get("payment");
    const address = this.elements.get("address");
    if (payment instanceof EmulatedElement) payment._setHostOption(BILLING_ADDRESS_ELEMENT, address?._options().mode === "billing");
  }

  getElement(type: string): BaseElement | null {
    return this.elements.get(type) ?? null;
  }

  update(options: Json): void {
    this.options = { ...this.options, ...options };
  }

  async fetchUpdates(): Promise<Json> {
    return {};
  }

  /** Validate every mounted Element (problems are shown in each); the first problem is the answer. */
  async submit(): Promise<Json> {
    if (!this._cardElement()) return integrationError("elements.submit(): no Payment Element is mounted.");
    const error = await this._validateAll();
    return error ? { error } : { selectedPaymentMethod: "card" };
  }

  on(): this {
    return this;
  }

  off(): this {
    return this;
  }

  async _validateAll(): Promise<StripeErrorLike | null> {
    let first: StripeErrorLike | null = null;
    for (const el of this._framed()) first ??= await el._validate();
    return first;
  }

  /**
   * What the Address and Link Authentication Elements collected, as confirmation params: a billing
   * address (and the email) for the payment method, a shipping address for the PaymentIntent.
   */
  async _collected(): Promise<{ billing_details: Json; shipping?: Json }> {
    const billing: Json = {};
    let shipping: Json | undefined;
    const address = this.elements.get("address");
    if (address instanceof EmulatedElement && address._mounted()) {
      const { value } = await address.getValue();
      const details = { name: value.name, address: value.address, ...(value.phone ? { phone: value.phone } : {}) };
      if (address._options().mode === "billing") Object.assign(billing, details);
      else shipping = details;
    }
    const link = this.elements.get("linkAuthentication");
    if (link instanceof EmulatedElement && link._mounted()) {
      const { value } = await link.getValue();
      if (value?.email) billing.email = value.email;
    }
    return { billing_details: billing, shipping };
  }

  _cardElement(): EmulatedElement | null {
    const el = this.elements.get("payment") ?? this.elements.get("card");
    return el instanceof EmulatedElement && el._mounted() ? el : null;
  }

  private _framed(): EmulatedElement[] {
    return Array.from(this.elements.values()).filter((el): el is EmulatedElement => el instanceof EmulatedElement && el._mounted());
  }

  _forget(el: BaseElement): void {
    for (const [k, v] of this.elements) if (v === el) this.elements.delete(k);
    this.syncBillingAddress();
  }
}
