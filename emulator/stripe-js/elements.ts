/** `stripe.elements(options)`: the group that creates, finds and submits the Elements. */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { integrationError, type Json } from "./api-client";
import { EmulatedElement } from "./payment-element";
import type { EmulatedStripe } from "./stripe";

export class EmulatedElements {
  private elements = new Map<string, EmulatedElement>();

  constructor(
    readonly stripe: EmulatedStripe,
    public options: Json,
  ) {}

  create(type: string, options: Json = {}): EmulatedElement {
    if (type !== "payment" && type !== "card") {
      throw new Error(`The Stripe emulator does not implement the '${type}' Element (only 'payment' and 'card').`);
    }
    if (this.elements.has(type)) throw new Error(`Can only create one Element of type ${type}.`);
    const el = new EmulatedElement(type, this, options);
    this.elements.set(type, el);
    return el;
  }

  getElement(type: string): EmulatedElement | null {
    return this.elements.get(type) ?? null;
  }

  update(options: Json): void {
    this.options = { ...this.options, ...options };
  }

  async fetchUpdates(): Promise<Json> {
    return {};
  }

  async submit(): Promise<Json> {
    const el = this._cardElement();
    if (!el) return integrationError("elements.submit(): no Payment Element is mounted.");
    const error = el._validate();
    return error ? { error } : {};
  }

  on(): this {
    return this;
  }

  off(): this {
    return this;
  }

  _cardElement(): EmulatedElement | null {
    return this.elements.get("payment") ?? this.elements.get("card") ?? null;
  }

  _forget(el: EmulatedElement): void {
    for (const [k, v] of this.elements) if (v === el) this.elements.delete(k);
  }
}

