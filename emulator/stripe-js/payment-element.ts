/**
 * The Payment (and Card) Element: plain inputs in the host page labelled like Stripe's ("Card
 * number", "Expiration date", "Security code", "ZIP"), formatted and validated while typing, with
 * Stripe's `change`/`ready`/`focus`/`blur`/`escape` events.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { brandOf } from "../card-numbers";
import type { Json, StripeErrorLike } from "./api-client";
import { checkCvc, checkExpiry, checkNumber, checkZip, type FieldState } from "./card-validation";
import { installStyles } from "./styles";

/** The elements group an element belongs to (it leaves the group when destroyed). */
interface ElementGroup {
  _forget(el: EmulatedElement): void;
}

type Listener = (event: Json) => void;
let uid = 0;

export class EmulatedElement {
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
    private readonly group: ElementGroup,
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
