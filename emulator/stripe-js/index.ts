/**
 * Stripe.js stand-in, served by the emulator at `/v3/stripe.js` and bundled with esbuild.
 *
 * Installs `window.Stripe(pk, options)` so that `loadStripe` (from `@stripe/stripe-js/pure`) finds
 * it, and implements what `@stripe/react-stripe-js` calls. The Payment/Card Element renders plain
 * inputs in the host page ("Card number", "Expiration date", "Security code", "ZIP"); card details go
 * from the browser straight to the emulator (`POST /v1/payment_methods` with the publishable key),
 * never to the host app. 3-D Secure challenges are a modal dialog with "Complete" and "Fail".
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

import { brandOf, luhnValid } from "../card-numbers";

type Json = any;

interface StripeErrorLike {
  type: string;
  code?: string;
  decline_code?: string;
  message: string;
  param?: string;
  doc_url?: string;
  payment_intent?: Json;
  payment_method?: Json;
  charge?: string;
}

const currentScript = document.currentScript as HTMLScriptElement | null;
const API_BASE = currentScript?.src ? new URL(currentScript.src).origin : window.location.origin;

// ---------------------------------------------------------------------------------------------
// HTTP

function formEncode(value: Json, prefix = "", out: string[] = []): string[] {
  if (value === undefined || value === null) return out;
  if (typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) formEncode(v, prefix ? `${prefix}[${k}]` : k, out);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => formEncode(v, `${prefix}[${i}]`, out));
  } else {
    out.push(`${encodeURIComponent(prefix)}=${encodeURIComponent(String(value))}`);
  }
  return out;
}

async function request(pk: string, method: "GET" | "POST", path: string, params: Json = {}): Promise<{ ok: boolean; body: Json }> {
  const query = method === "GET" ? formEncode(params).join("&") : "";
  try {
    const res = await fetch(`${API_BASE}${path}${query ? `?${query}` : ""}`, {
      method,
      headers: {
        Authorization: `Bearer ${pk}`,
        ...(method === "POST" ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
      },
      body: method === "POST" ? formEncode(params).join("&") : undefined,
    });
    const body = await res.json();
    return { ok: res.ok, body };
  } catch {
    return { ok: false, body: { error: { type: "api_connection_error", message: "We could not reach the Stripe emulator. Check that it is running." } } };
  }
}

async function helper(path: string, body: Json): Promise<Json> {
  const res = await fetch(`${API_BASE}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  return res.json();
}

function intentIdFromSecret(clientSecret: string): string | null {
  const m = /^(pi_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/.exec(clientSecret ?? "");
  return m ? m[1] : null;
}

function integrationError(message: string): { error: StripeErrorLike } {
  return { error: { type: "invalid_request_error", message } };
}

// ---------------------------------------------------------------------------------------------
// Card validation (messages as Stripe's Payment Element shows them)

type FieldState = { state: "empty" | "incomplete" | "invalid" | "complete"; message: string | null; code: string | null };


function numberLength(brand: string): number {
  return brand === "amex" ? 15 : brand === "diners" ? 14 : 16;
}

function checkNumber(digits: string): FieldState {
  if (!digits) return { state: "empty", message: "Your card number is incomplete.", code: "incomplete_number" };
  const len = numberLength(brandOf(digits));
  if (digits.length < len) return { state: "incomplete", message: "Your card number is incomplete.", code: "incomplete_number" };
  if (!luhnValid(digits)) return { state: "invalid", message: "Your card number is invalid.", code: "invalid_number" };
  return { state: "complete", message: null, code: null };
}

function checkExpiry(value: string, now = new Date()): FieldState & { month?: number; year?: number } {
  const digits = value.replace(/\D/g, "");
  if (!digits) return { state: "empty", message: "Your card's expiration date is incomplete.", code: "incomplete_expiry" };
  const month = Number(digits.slice(0, 2));
  if (digits.length >= 2 && (month < 1 || month > 12)) {
    return { state: "invalid", message: "Your card's expiration date is invalid.", code: "invalid_expiry_month" };
  }
  if (digits.length < 4) return { state: "incomplete", message: "Your card's expiration date is incomplete.", code: "incomplete_expiry" };
  const year = 2000 + Number(digits.slice(2, 4));
  const thisYear = now.getFullYear();
  if (year < thisYear) return { state: "invalid", message: "Your card's expiration year is in the past.", code: "invalid_expiry_year_past" };
  if (year === thisYear && month < now.getMonth() + 1) {
    return { state: "invalid", message: "Your card's expiration date is in the past.", code: "invalid_expiry_month_past" };
  }
  if (year > thisYear + 50) return { state: "invalid", message: "Your card's expiration year is invalid.", code: "invalid_expiry_year" };
  return { state: "complete", message: null, code: null, month, year };
}

function checkCvc(digits: string, brand: string): FieldState {
  if (!digits) return { state: "empty", message: "Your card's security code is incomplete.", code: "incomplete_cvc" };
  if (digits.length < (brand === "amex" ? 4 : 3)) return { state: "incomplete", message: "Your card's security code is incomplete.", code: "incomplete_cvc" };
  return { state: "complete", message: null, code: null };
}

function checkZip(value: string): FieldState {
  const v = value.trim();
  if (!v) return { state: "empty", message: "Your ZIP is incomplete.", code: "incomplete_zip" };
  if (/^\d+$/.test(v) && v.length < 5) return { state: "incomplete", message: "Your ZIP is incomplete.", code: "incomplete_zip" };
  return { state: "complete", message: null, code: null };
}

// ---------------------------------------------------------------------------------------------
// Styles

let stylesInstalled = false;
function installStyles(): void {
  if (stylesInstalled) return;
  stylesInstalled = true;
  const style = document.createElement("style");
  style.setAttribute("data-stripe-emulator", "");
  style.textContent = `
.emu-stripe{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:14px;color:#30313d;display:grid;gap:12px}
.emu-stripe__row{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.emu-stripe__field{display:flex;flex-direction:column;gap:4px}
.emu-stripe__field label{font-size:13px;color:#30313d}
.emu-stripe__field input{font:inherit;padding:10px 12px;border:1px solid #e6e6e6;border-radius:5px;box-shadow:0 1px 1px rgba(0,0,0,.03),0 3px 6px rgba(0,0,0,.02);outline:none;background:#fff;color:#30313d}
.emu-stripe__field input:focus{border-color:#0570de;box-shadow:0 0 0 3px rgba(5,112,222,.25)}
.emu-stripe__field input[aria-invalid=true]{border-color:#df1b41;color:#df1b41}
.emu-stripe__error{color:#df1b41;font-size:13px;min-height:0}
.emu-stripe__badge{font-size:11px;color:#6d6e78}
.emu-3ds{position:fixed;inset:0;background:rgba(10,20,40,.55);display:flex;align-items:center;justify-content:center;z-index:2147483647;font-family:system-ui,sans-serif}
.emu-3ds__box{background:#fff;border-radius:8px;padding:24px 28px;max-width:420px;width:calc(100% - 32px);box-shadow:0 10px 40px rgba(0,0,0,.3)}
.emu-3ds__box h2{margin:0 0 12px;font-size:18px}
.emu-3ds__box p{margin:0 0 20px;color:#444;line-height:1.4}
.emu-3ds__box button{font:inherit;padding:8px 18px;margin-right:8px;border-radius:5px;border:1px solid #ccc;background:#f6f8fa;cursor:pointer}
.emu-3ds__box button.primary{background:#635bff;color:#fff;border-color:#635bff}`;
  (document.head || document.body).appendChild(style);
}

// ---------------------------------------------------------------------------------------------
// Elements

type Listener = (event: Json) => void;
let uid = 0;

class EmulatedElement {
  private listeners = new Map<string, Set<Listener>>();
  private root: HTMLElement | null = null;
  private container: HTMLElement | null = null;
  private inputs: { number?: HTMLInputElement; expiry?: HTMLInputElement; cvc?: HTMLInputElement; zip?: HTMLInputElement } = {};
  private errorBox: HTMLElement | null = null;
  private touched = new Set<string>();
  private showAll = false;
  private readyFired = false;
  private destroyed = false;
  private lastChange = "";

  constructor(
    readonly elementType: string,
    private readonly group: EmulatedElements,
    private options: Json,
  ) {}

  mount(target: string | HTMLElement): void {
    if (this.destroyed) throw new Error("This Element has already been destroyed. Please create a new one.");
    const node = typeof target === "string" ? document.querySelector<HTMLElement>(target) : target;
    if (!node) throw new Error(`The selector you specified (${String(target)}) applies to no DOM elements that are currently on the page.`);
    if (this.root) this.unmount();
    installStyles();
    this.container = node;
    this.root = this.render();
    node.appendChild(this.root);
    setTimeout(() => {
      if (this.destroyed || !this.root) return;
      this.readyFired = true;
      this.emit("ready", { elementType: this.elementType });
    }, 30);
  }

  private render(): HTMLElement {
    const n = ++uid;
    const root = document.createElement("div");
    root.className = "emu-stripe";
    root.setAttribute("data-stripe-emulator-element", this.elementType);
    const field = (key: "number" | "expiry" | "cvc" | "zip", label: string, attrs: Record<string, string>) => {
      const wrap = document.createElement("div");
      wrap.className = "emu-stripe__field";
      const id = `emu-stripe-${n}-${key}`;
      const l = document.createElement("label");
      l.htmlFor = id;
      l.textContent = label;
      const input = document.createElement("input");
      input.id = id;
      input.type = "text";
      input.spellcheck = false;
      for (const [k, v] of Object.entries(attrs)) input.setAttribute(k, v);
      input.addEventListener("input", () => this.onInput(key));
      input.addEventListener("focus", () => this.emit("focus", { elementType: this.elementType }));
      input.addEventListener("blur", () => {
        if (input.value) this.touched.add(key);
        this.refresh();
        this.emit("blur", { elementType: this.elementType });
      });
      input.addEventListener("keydown", (e) => {
        if (e.key === "Escape") this.emit("escape", { elementType: this.elementType });
      });
      wrap.append(l, input);
      this.inputs[key] = input;
      return wrap;
    };
    root.append(field("number", "Card number", { autocomplete: "cc-number", inputmode: "numeric", placeholder: "1234 1234 1234 1234", name: "cardnumber" }));
    const row = document.createElement("div");
    row.className = "emu-stripe__row";
    row.append(
      field("expiry", "Expiration date", { autocomplete: "cc-exp", inputmode: "numeric", placeholder: "MM / YY", name: "exp-date" }),
      field("cvc", "Security code", { autocomplete: "cc-csc", inputmode: "numeric", placeholder: "CVC", name: "cvc" }),
    );
    root.append(row);
    if (!this.options?.hidePostalCode) root.append(field("zip", "ZIP", { autocomplete: "postal-code", placeholder: "12345", name: "postal" }));
    this.errorBox = document.createElement("div");
    this.errorBox.className = "emu-stripe__error";
    this.errorBox.setAttribute("role", "alert");
    root.append(this.errorBox);
    const badge = document.createElement("div");
    badge.className = "emu-stripe__badge";
    badge.textContent = "Test mode · Stripe emulator";
    root.append(badge);
    if (this.options?.disabled) this.setDisabled(true);
    return root;
  }

  private setDisabled(disabled: boolean): void {
    for (const input of Object.values(this.inputs)) if (input) input.disabled = disabled;
  }

  private onInput(key: "number" | "expiry" | "cvc" | "zip"): void {
    const input = this.inputs[key]!;
    if (key === "number") {
      const digits = input.value.replace(/\D/g, "").slice(0, 19);
      const brand = brandOf(digits);
      const groups = brand === "amex" ? [4, 6, 5] : [4, 4, 4, 4, 3];
      const parts: string[] = [];
      let i = 0;
      for (const g of groups) {
        if (i >= digits.length) break;
        parts.push(digits.slice(i, i + g));
        i += g;
      }
      input.value = parts.join(" ");
    } else if (key === "expiry") {
      let digits = input.value.replace(/\D/g, "").slice(0, 4);
      if (digits.length === 1 && Number(digits) > 1) digits = `0${digits}`;
      input.value = digits.length > 2 ? `${digits.slice(0, 2)} / ${digits.slice(2)}` : digits;
    } else if (key === "cvc") {
      input.value = input.value.replace(/\D/g, "").slice(0, 4);
    }
    this.refresh();
  }

  /** Validate every field; `show` decides which messages are displayed. */
  private states(): Record<"number" | "expiry" | "cvc" | "zip", FieldState> {
    const number = (this.inputs.number?.value ?? "").replace(/\D/g, "");
    const brand = brandOf(number);
    return {
      number: checkNumber(number),
      expiry: checkExpiry(this.inputs.expiry?.value ?? ""),
      cvc: checkCvc(this.inputs.cvc?.value ?? "", brand),
      zip: this.inputs.zip ? checkZip(this.inputs.zip.value) : { state: "complete", message: null, code: null },
    };
  }

  private visibleError(): FieldState | null {
    const states = this.states();
    for (const key of ["number", "expiry", "cvc", "zip"] as const) {
      const s = states[key];
      if (s.state === "complete") continue;
      if (s.state === "invalid" || this.showAll || (this.touched.has(key) && s.state !== "empty")) return s;
    }
    return null;
  }

  private refresh(): void {
    if (!this.root) return;
    const states = this.states();
    const error = this.visibleError();
    for (const key of ["number", "expiry", "cvc", "zip"] as const) {
      const input = this.inputs[key];
      if (!input) continue;
      const s = states[key];
      const shown = s.state !== "complete" && (s.state === "invalid" || this.showAll || (this.touched.has(key) && s.state !== "empty"));
      input.setAttribute("aria-invalid", shown ? "true" : "false");
    }
    if (this.errorBox) this.errorBox.textContent = error?.message ?? "";
    const complete = Object.values(states).every((s) => s.state === "complete");
    const empty = Object.values(states).every((s) => s.state === "empty") || (!this.inputs.zip && ["number", "expiry", "cvc"].every((k) => states[k as "number"].state === "empty"));
    const event: Json = {
      elementType: this.elementType,
      complete,
      empty,
      collapsed: false,
      value: this.elementType === "payment" ? { type: "card" } : { postalCode: this.inputs.zip?.value ?? "" },
    };
    if (this.elementType === "card") event.brand = brandOf((this.inputs.number?.value ?? "").replace(/\D/g, ""));
    if (error) event.error = { type: "validation_error", code: error.code, message: error.message };
    const signature = JSON.stringify(event);
    if (signature === this.lastChange) return;
    this.lastChange = signature;
    this.emit("change", event);
  }

  /** Show every problem (as on submit) and return the first, or null when the details are complete. */
  _validate(): StripeErrorLike | null {
    this.showAll = true;
    this.refresh();
    const error = this.visibleError();
    if (!error) return null;
    return { type: "validation_error", code: error.code ?? undefined, message: error.message ?? "Your card details are incomplete." };
  }

  _cardParams(): Json {
    const expiry = checkExpiry(this.inputs.expiry?.value ?? "");
    return {
      number: (this.inputs.number?.value ?? "").replace(/\D/g, ""),
      exp_month: expiry.month,
      exp_year: expiry.year,
      cvc: this.inputs.cvc?.value ?? "",
    };
  }

  _postalCode(): string | undefined {
    return this.inputs.zip?.value.trim() || undefined;
  }

  unmount(): void {
    this.root?.remove();
    this.root = null;
    this.container = null;
    this.inputs = {};
  }

  destroy(): void {
    this.unmount();
    this.destroyed = true;
    this.group._forget(this);
    this.listeners.clear();
  }

  update(options: Json): void {
    this.options = { ...this.options, ...options };
    if (options && "disabled" in options) this.setDisabled(!!options.disabled);
  }

  focus(): void {
    this.inputs.number?.focus();
  }

  blur(): void {
    (document.activeElement as HTMLElement | null)?.blur?.();
  }

  clear(): void {
    for (const input of Object.values(this.inputs)) if (input) input.value = "";
    this.touched.clear();
    this.showAll = false;
    this.refresh();
  }

  collapse(): void {
    // The emulated Payment Element has a single (card) layout: nothing to collapse.
  }

  on(event: string, handler: Listener): this {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(handler);
    // Late subscribers still learn that the element is ready (effects may attach after mount).
    if (event === "ready" && this.readyFired) setTimeout(() => handler({ elementType: this.elementType }), 0);
    return this;
  }

  once(event: string, handler: Listener): this {
    const wrapped: Listener = (e) => {
      this.off(event, wrapped);
      handler(e);
    };
    return this.on(event, wrapped);
  }

  off(event: string, handler?: Listener): this {
    if (!handler) this.listeners.delete(event);
    else this.listeners.get(event)?.delete(handler);
    return this;
  }

  private emit(event: string, payload: Json): void {
    for (const handler of Array.from(this.listeners.get(event) ?? [])) {
      try {
        handler(payload);
      } catch (err) {
        setTimeout(() => {
          throw err;
        });
      }
    }
  }
}

class EmulatedElements {
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

// ---------------------------------------------------------------------------------------------
// 3-D Secure challenge

function showChallenge(pi: Json): Promise<"complete" | "fail"> {
  installStyles();
  return new Promise((resolve) => {
    const overlay = document.createElement("div");
    overlay.className = "emu-3ds";
    const box = document.createElement("div");
    box.className = "emu-3ds__box";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-labelledby", "emu-3ds-title");
    const h = document.createElement("h2");
    h.id = "emu-3ds-title";
    h.textContent = "3D Secure 2 Test Page";
    const p = document.createElement("p");
    const amount = typeof pi.amount === "number" ? `${(pi.amount / 100).toFixed(2)} ${String(pi.currency ?? "").toUpperCase()}` : "";
    p.textContent = `Your bank needs to confirm this payment${amount ? ` of ${amount}` : ""}. This is a test challenge from the Stripe emulator: choose an outcome.`;
    const complete = document.createElement("button");
    complete.type = "button";
    complete.className = "primary";
    complete.textContent = "Complete";
    const fail = document.createElement("button");
    fail.type = "button";
    fail.textContent = "Fail";
    const done = (outcome: "complete" | "fail") => {
      complete.disabled = true;
      fail.disabled = true;
      overlay.remove();
      resolve(outcome);
    };
    complete.addEventListener("click", () => done("complete"));
    fail.addEventListener("click", () => done("fail"));
    box.append(h, p, complete, fail);
    overlay.append(box);
    document.body.appendChild(overlay);
    complete.focus();
  });
}

// ---------------------------------------------------------------------------------------------
// Stripe instance

class EmulatedStripe {
  constructor(
    private readonly pk: string,
    readonly options: Json,
  ) {}

  registerAppInfo(): void {}
  _registerWrapper(): void {}

  elements(options: Json = {}): EmulatedElements {
    return new EmulatedElements(this, options);
  }

  private async retrieve(clientSecret: string): Promise<Json> {
    const id = intentIdFromSecret(clientSecret);
    if (!id) return integrationError("Invalid value for clientSecret: it should look like pi_..._secret_...");
    const res = await request(this.pk, "GET", `/v1/payment_intents/${id}`, { client_secret: clientSecret });
    return res.ok ? { paymentIntent: res.body } : { error: res.body.error };
  }

  retrievePaymentIntent(clientSecret: string): Promise<Json> {
    return this.retrieve(clientSecret);
  }

  private async createPm(element: EmulatedElement, billingDetails?: Json): Promise<Json> {
    const validation = element._validate();
    if (validation) return { error: validation };
    const postal = element._postalCode();
    const billing = { ...(billingDetails ?? {}) };
    if (postal) billing.address = { ...(billing.address ?? {}), postal_code: postal };
    const res = await request(this.pk, "POST", "/v1/payment_methods", {
      type: "card",
      card: element._cardParams(),
      billing_details: Object.keys(billing).length ? billing : undefined,
      payment_user_agent: "stripe.js/emulator",
    });
    return res.ok ? { paymentMethod: res.body } : { error: res.body.error };
  }

  async createPaymentMethod(arg: Json, maybeElement?: Json, maybeData?: Json): Promise<Json> {
    if (typeof arg === "string") {
      // Legacy signature: createPaymentMethod('card', element, data)
      return this.createPm(maybeElement as EmulatedElement, maybeData?.billing_details);
    }
    if (arg?.elements) {
      const el = (arg.elements as EmulatedElements)._cardElement();
      if (!el) return integrationError("createPaymentMethod: no Payment Element is mounted.");
      return this.createPm(el, arg.params?.billing_details);
    }
    if (arg?.card instanceof EmulatedElement) return this.createPm(arg.card, arg.billing_details);
    return integrationError("createPaymentMethod: pass {elements} or {type: 'card', card: cardElement}.");
  }

  async createToken(element: Json, data: Json = {}): Promise<Json> {
    if (!(element instanceof EmulatedElement)) return integrationError("createToken: pass a card Element.");
    const validation = element._validate();
    if (validation) return { error: validation };
    const card = element._cardParams();
    const res = await request(this.pk, "POST", "/v1/tokens", {
      card: { ...card, address_zip: element._postalCode() ?? data.address_zip, name: data.name },
    });
    return res.ok ? { token: res.body } : { error: res.body.error };
  }

  /** Confirm with a payment method id, then (unless told not to) run any 3-D Secure challenge. */
  private async confirmIntent(clientSecret: string, paymentMethod: string | undefined, extra: Json, handleActions = true): Promise<Json> {
    const id = intentIdFromSecret(clientSecret);
    if (!id) return integrationError("Invalid value for clientSecret: it should look like pi_..._secret_...");
    const res = await request(this.pk, "POST", `/v1/payment_intents/${id}/confirm`, {
      client_secret: clientSecret,
      payment_method: paymentMethod,
      use_stripe_sdk: "true",
      ...extra,
    });
    if (!res.ok) return { error: res.body.error };
    if (!handleActions) return { paymentIntent: res.body };
    return this.handleActions(res.body, clientSecret);
  }

  private async handleActions(pi: Json, clientSecret: string): Promise<Json> {
    if (pi.status === "requires_action" && pi.next_action) {
      if (pi.next_action.type === "redirect_to_url") {
        window.location.assign(pi.next_action.redirect_to_url.url);
        return new Promise(() => {});
      }
      const outcome = await showChallenge(pi);
      await helper(`/_emulator/payment_intents/${pi.id}/three_d_secure`, { outcome });
      const after = await this.retrieve(clientSecret);
      if (after.error) return after;
      pi = after.paymentIntent;
    }
    return this.result(pi);
  }

  private result(pi: Json): Json {
    if (pi.status === "requires_payment_method" && pi.last_payment_error) {
      return { error: { ...pi.last_payment_error, payment_intent: pi } };
    }
    return { paymentIntent: pi };
  }

  async confirmPayment(args: Json): Promise<Json> {
    const { elements, confirmParams = {}, redirect = "always" } = args ?? {};
    const clientSecret: string | undefined = args?.clientSecret ?? elements?.options?.clientSecret;
    if (!clientSecret) return integrationError("confirmPayment: a clientSecret is required (in elements options or as an argument).");
    if (!confirmParams.return_url && redirect !== "if_required") {
      return integrationError("confirmPayment: confirmParams.return_url is required unless redirect is 'if_required'.");
    }
    let paymentMethod: string | undefined = typeof confirmParams.payment_method === "string" ? confirmParams.payment_method : undefined;
    if (!paymentMethod) {
      const el = (elements as EmulatedElements | undefined)?._cardElement();
      if (!el) return integrationError("confirmPayment: pass the elements instance that holds a mounted Payment Element.");
      const created = await this.createPm(el, confirmParams.payment_method_data?.billing_details);
      if (created.error) return created;
      paymentMethod = created.paymentMethod.id;
    }
    const result = await this.confirmIntent(clientSecret, paymentMethod, {
      return_url: confirmParams.return_url,
      receipt_email: confirmParams.receipt_email,
      shipping: confirmParams.shipping,
    });
    if (result.error || redirect === "if_required" || !confirmParams.return_url) return result;
    const pi = result.paymentIntent;
    const url = new URL(confirmParams.return_url, window.location.href);
    url.searchParams.set("payment_intent", pi.id);
    url.searchParams.set("payment_intent_client_secret", clientSecret);
    url.searchParams.set("redirect_status", pi.status === "succeeded" || pi.status === "requires_capture" || pi.status === "processing" ? "succeeded" : "failed");
    window.location.assign(url.toString());
    return new Promise(() => {});
  }

  async confirmCardPayment(clientSecret: string, data: Json = {}, options: Json = {}): Promise<Json> {
    let paymentMethod: string | undefined;
    const pmData = data?.payment_method;
    if (typeof pmData === "string") paymentMethod = pmData;
    else if (pmData?.card instanceof EmulatedElement) {
      const created = await this.createPm(pmData.card, pmData.billing_details);
      if (created.error) return created;
      paymentMethod = created.paymentMethod.id;
    }
    return this.confirmIntent(
      clientSecret,
      paymentMethod,
      { return_url: data?.return_url, receipt_email: data?.receipt_email, setup_future_usage: data?.setup_future_usage },
      options?.handleActions !== false,
    );
  }

  async handleNextAction(args: Json): Promise<Json> {
    const clientSecret = args?.clientSecret;
    const got = await this.retrieve(clientSecret);
    if (got.error) return got;
    return this.handleActions(got.paymentIntent, clientSecret);
  }

  handleCardAction(clientSecret: string): Promise<Json> {
    return this.handleNextAction({ clientSecret });
  }

  async confirmSetup(): Promise<Json> {
    return integrationError("The Stripe emulator does not implement SetupIntents.");
  }

  paymentRequest(): never {
    throw new Error("The Stripe emulator does not implement the Payment Request Button.");
  }
}

function StripeFactory(pk: unknown, options?: Json): EmulatedStripe {
  if (typeof pk !== "string" || !/^pk_(test|live)_/.test(pk)) {
    throw new Error(`Invalid API Key provided: ${String(pk)}. Use a publishable key (pk_test_...).`);
  }
  return new EmulatedStripe(pk, options ?? {});
}
// `@stripe/stripe-js` 10 expects the "endive" release train (a number 3 would log a version warning).
(StripeFactory as Json).version = "endive";
(StripeFactory as Json).emulated = true;

(window as Json).Stripe = StripeFactory;
