/**
 * The Payment Element's card form (and the Card Element's), inside the frame: **Card number**,
 * **Expiration date** (`MM / YY`), **Security code**, **Country** and **ZIP code** (**Postal
 * code** outside the US), formatted and validated while typing with Stripe's messages. It makes
 * the card payment method (or token) itself, so card details never reach the host page.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { brandOf } from "../../card-numbers";
import { request, type Json } from "../api-client";
import { checkCvc, checkExpiry, checkNumber, checkZip, type FieldState } from "../card-validation";
import { COMPLETE, COUNTRIES, FrameForm, type Emit } from "./form";
import { BILLING_ADDRESS_ELEMENT } from "./protocol";

function formatNumber(value: string): string {
  const digits = value.replace(/\D/g, "").slice(0, 19);
  const groups = brandOf(digits) === "amex" ? [4, 6, 5] : [4, 4, 4, 4, 3];
  const parts: string[] = [];
  let i = 0;
  for (const g of groups) {
    if (i >= digits.length) break;
    parts.push(digits.slice(i, i + g));
    i += g;
  }
  return parts.join(" ");
}

function formatExpiry(value: string): string {
  let digits = value.replace(/\D/g, "").slice(0, 4);
  if (digits.length === 1 && Number(digits) > 1) digits = `0${digits}`;
  return digits.length > 2 ? `${digits.slice(0, 2)} / ${digits.slice(2)}` : digits;
}

function checkPostal(value: string, country: string): FieldState {
  if (country === "US") return checkZip(value);
  if (!value.trim()) return { state: "empty", message: "Your postal code is incomplete.", code: "incomplete_zip" };
  return COMPLETE;
}

export class PaymentForm extends FrameForm {
  readonly elementType: string;
  private place: HTMLElement | null = null;

  constructor(
    type: "payment" | "card",
    emit: Emit,
    options: Json,
    private readonly pk: string,
  ) {
    super(emit, options);
    this.elementType = type;
    this.root.setAttribute("data-stripe-emulator-element", type);
    const address = options?.fields?.billingDetails?.address;
    const defaults = options?.defaultValues?.billingDetails?.address ?? {};
    const collectCountry = type === "payment" && address !== "never" && address?.country !== "never";
    const collectPostal = type === "card" ? !options?.hidePostalCode : address !== "never" && address?.postalCode !== "never";
    this.root.append(this.input("number", "Card number", { name: "number", autocomplete: "cc-number", inputmode: "numeric", placeholder: "1234 1234 1234 1234" }, formatNumber));
    const row = document.createElement("div");
    row.className = "emu-stripe__row";
    row.append(
      this.input("expiry", "Expiration date", { name: "expiry", autocomplete: "cc-exp", inputmode: "numeric", placeholder: "MM / YY" }, formatExpiry),
      this.input("cvc", "Security code", { name: "cvc", autocomplete: "cc-csc", inputmode: "numeric", placeholder: "CVC" }, (v) => v.replace(/\D/g, "").slice(0, 4)),
    );
    this.root.append(row);
    if (collectCountry || collectPostal) {
      const place = (this.place = document.createElement("div"));
      place.className = "emu-stripe__row";
      if (collectCountry) place.append(this.select("country", "Country", COUNTRIES, defaults.country ?? "US", { name: "country", autocomplete: "billing country" }));
      if (collectPostal) place.append(this.input("postalCode", "ZIP code", { name: "postalCode", autocomplete: "billing postal-code", placeholder: "12345" }));
      this.root.append(place);
      place.style.display = this.collectsAddress() ? "" : "none";
      if (defaults.postal_code && this.has("postalCode")) this.controls.get("postalCode")!.value = defaults.postal_code;
      this.onSelect();
    }
    if (type === "payment") {
      const badge = document.createElement("div");
      badge.className = "emu-stripe__badge";
      badge.textContent = "Test mode · Stripe emulator";
      this.root.append(badge);
    }
    this.finish();
  }

  /** Country and ZIP are collected here unless an Address Element (billing) does it. */
  private collectsAddress(): boolean {
    return this.options?.[BILLING_ADDRESS_ELEMENT] !== true;
  }

  private present(key: "country" | "postalCode"): boolean {
    return this.has(key) && this.collectsAddress();
  }

  update(options: Json): void {
    super.update(options);
    if (this.place && options && BILLING_ADDRESS_ELEMENT in options) {
      this.place.style.display = this.collectsAddress() ? "" : "none";
      this.refresh();
    }
  }

  private country(): string {
    return this.present("country") ? this.value("country") : (this.options?.defaultValues?.billingDetails?.address?.country ?? "US");
  }

  protected onSelect(): void {
    this.relabel("postalCode", this.country() === "US" ? "ZIP code" : "Postal code");
  }

  protected states(): [string, FieldState][] {
    const number = this.value("number").replace(/\D/g, "");
    const out: [string, FieldState][] = [
      ["number", checkNumber(number)],
      ["expiry", checkExpiry(this.value("expiry"))],
      ["cvc", checkCvc(this.value("cvc"), brandOf(number))],
    ];
    if (this.present("postalCode")) out.push(["postalCode", checkPostal(this.value("postalCode"), this.country())]);
    return out;
  }

  protected changeDetails(): Json {
    if (this.elementType === "payment") return { collapsed: false, value: { type: "card" } };
    return { brand: brandOf(this.value("number").replace(/\D/g, "")) || "unknown", value: { postalCode: this.value("postalCode") } };
  }

  private card(): Json {
    const expiry = checkExpiry(this.value("expiry"));
    return { number: this.value("number").replace(/\D/g, ""), exp_month: expiry.month, exp_year: expiry.year, cvc: this.value("cvc") };
  }

  /** The billing details the form collected, under those the host gives (an Address Element's win). */
  private billing(given: Json = {}): Json | undefined {
    const billing = { ...given };
    const collected: Json = {};
    if (this.present("country")) collected.country = this.value("country");
    if (this.present("postalCode") && this.value("postalCode").trim()) collected.postal_code = this.value("postalCode").trim();
    if (Object.keys(collected).length) billing.address = { ...collected, ...(given.address ?? {}) };
    return Object.keys(billing).length ? billing : undefined;
  }

  async createPaymentMethod(args: Json = {}): Promise<Json> {
    const error = this.validate();
    if (error) return { error };
    const res = await request(this.pk, "POST", "/v1/payment_methods", {
      type: "card",
      card: this.card(),
      billing_details: this.billing(args.billing_details),
      payment_user_agent: "stripe.js/emulator",
    });
    return res.ok ? { paymentMethod: res.body } : { error: res.body.error };
  }

  async createToken(data: Json = {}): Promise<Json> {
    const error = this.validate();
    if (error) return { error };
    const res = await request(this.pk, "POST", "/v1/tokens", {
      card: { ...this.card(), address_zip: this.value("postalCode") || data.address_zip, name: data.name },
    });
    return res.ok ? { token: res.body } : { error: res.body.error };
  }
}
