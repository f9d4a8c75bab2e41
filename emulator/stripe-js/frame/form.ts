/**
 * What every Element form inside the frame shares: labelled inputs and selects with Stripe's ids
 * (`Field-numberInput`, ...), messages shown once a field was left (or all of them on submit),
 * and `change` events sent only when something a listener sees has changed.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Json, StripeErrorLike } from "../api-client";
import type { FieldState } from "../card-validation";

export type Emit = (event: string, payload: Json) => void;

export const COMPLETE: FieldState = { state: "complete", message: null, code: null };

/** Countries the forms offer (ISO code, name), United States first as Stripe does for US visitors. */
export const COUNTRIES: [string, string][] = [
  ["US", "United States"],
  ["AU", "Australia"],
  ["AT", "Austria"],
  ["BE", "Belgium"],
  ["CA", "Canada"],
  ["DK", "Denmark"],
  ["FI", "Finland"],
  ["FR", "France"],
  ["DE", "Germany"],
  ["IE", "Ireland"],
  ["IT", "Italy"],
  ["JP", "Japan"],
  ["NL", "Netherlands"],
  ["NZ", "New Zealand"],
  ["NO", "Norway"],
  ["PT", "Portugal"],
  ["ES", "Spain"],
  ["SE", "Sweden"],
  ["CH", "Switzerland"],
  ["GB", "United Kingdom"],
];

type Control = HTMLInputElement | HTMLSelectElement;

export abstract class FrameForm {
  readonly root = document.createElement("div");
  protected controls = new Map<string, Control>();
  private errorBox = document.createElement("div");
  private touched = new Set<string>();
  private showAll = false;
  private lastChange = "";

  constructor(
    protected readonly emit: Emit,
    protected options: Json,
  ) {
    this.root.className = "emu-stripe";
    this.errorBox.className = "emu-stripe__error";
    this.errorBox.setAttribute("role", "alert");
  }

  abstract readonly elementType: string;
  /** Each shown field's state, in display order (the first problem is the one displayed). */
  protected abstract states(): [string, FieldState][];
  /** The `change` event (without `elementType`, `complete`, `empty`). */
  protected abstract changeDetails(): Json;

  /** Append the error box (after the fields). */
  protected finish(): void {
    this.root.append(this.errorBox);
    if (this.options?.disabled || this.options?.readOnly) this.setDisabled(true);
  }

  protected value(key: string): string {
    return this.controls.get(key)?.value ?? "";
  }

  protected has(key: string): boolean {
    return this.controls.has(key);
  }

  /** A labelled input with Stripe's id `Field-<key>Input`; `format` rewrites the value as the user types. */
  protected input(key: string, label: string, attrs: Record<string, string>, format?: (value: string) => string): HTMLElement {
    const input = document.createElement("input");
    input.type = attrs.type ?? "text";
    input.spellcheck = false;
    for (const [k, v] of Object.entries(attrs)) if (k !== "type") input.setAttribute(k, v);
    input.addEventListener("input", () => {
      if (format) input.value = format(input.value);
      this.refresh();
    });
    return this.wrap(key, label, input);
  }

  protected select(key: string, label: string, options: [string, string][], selected: string, attrs: Record<string, string> = {}): HTMLElement {
    const select = document.createElement("select");
    for (const [value, text] of options) {
      const option = document.createElement("option");
      option.value = value;
      option.textContent = text;
      select.append(option);
    }
    select.value = options.some(([v]) => v === selected) ? selected : options[0][0];
    for (const [k, v] of Object.entries(attrs)) select.setAttribute(k, v);
    select.addEventListener("change", () => {
      this.onSelect(key);
      this.refresh();
    });
    return this.wrap(key, label, select);
  }

  /** A select changed (forms re-label or re-validate dependent fields). */
  protected onSelect(_key: string): void {}

  private wrap(key: string, label: string, control: Control): HTMLElement {
    const wrap = document.createElement("div");
    wrap.className = "emu-stripe__field";
    control.id = `Field-${key}Input`;
    const l = document.createElement("label");
    l.htmlFor = control.id;
    l.textContent = label;
    l.id = `Field-${key}Label`;
    control.addEventListener("focus", () => this.emit("focus", {}));
    control.addEventListener("blur", () => {
      if (control.value) this.touched.add(key);
      this.refresh();
      this.emit("blur", {});
    });
    control.addEventListener("keydown", (e) => {
      if ((e as KeyboardEvent).key === "Escape") this.emit("escape", {});
    });
    wrap.append(l, control);
    this.controls.set(key, control);
    return wrap;
  }

  protected relabel(key: string, label: string): void {
    const l = this.root.querySelector<HTMLLabelElement>(`#Field-${key}Label`);
    if (l) l.textContent = label;
  }

  private shown(key: string, s: FieldState): boolean {
    return s.state !== "complete" && (s.state === "invalid" || this.showAll || (this.touched.has(key) && s.state !== "empty"));
  }

  private visibleError(states = this.states()): FieldState | null {
    for (const [key, s] of states) if (this.shown(key, s)) return s;
    return null;
  }

  /** The current `change` event. */
  current(): Json {
    const states = this.states();
    const error = this.visibleError(states);
    const event: Json = {
      elementType: this.elementType,
      complete: states.every(([, s]) => s.state === "complete"),
      empty: states.every(([key, s]) => s.state === "empty" || this.controls.get(key) instanceof HTMLSelectElement),
      ...this.changeDetails(),
    };
    if (error) event.error = { type: "validation_error", code: error.code, message: error.message };
    return event;
  }

  /** Take the current state as the starting point: no `change` event for it (Stripe sends `ready`). */
  prime(): void {
    this.lastChange = JSON.stringify(this.current());
  }

  refresh(): void {
    const states = this.states();
    for (const [key, s] of states) this.controls.get(key)?.setAttribute("aria-invalid", this.shown(key, s) ? "true" : "false");
    this.errorBox.textContent = this.visibleError(states)?.message ?? "";
    const event = this.current();
    const signature = JSON.stringify(event);
    if (signature === this.lastChange) return;
    this.lastChange = signature;
    this.emit("change", event);
  }

  /** Show every problem (as on submit) and return the first, or null when the form is complete. */
  validate(): StripeErrorLike | null {
    this.showAll = true;
    this.refresh();
    const error = this.visibleError();
    if (!error) return null;
    return { type: "validation_error", code: error.code ?? undefined, message: error.message ?? "Your details are incomplete." };
  }

  update(options: Json): void {
    this.options = { ...this.options, ...options };
    if (options && ("disabled" in options || "readOnly" in options)) this.setDisabled(!!(this.options.disabled || this.options.readOnly));
  }

  private setDisabled(disabled: boolean): void {
    for (const control of this.controls.values()) control.disabled = disabled;
  }

  focus(): void {
    this.controls.values().next().value?.focus();
  }

  clear(): void {
    for (const control of this.controls.values()) if (control instanceof HTMLInputElement) control.value = "";
    this.touched.clear();
    this.showAll = false;
    this.refresh();
  }
}
