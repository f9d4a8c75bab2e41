/**
 * The Elements on the host page. `payment`, `card`, `address` and `linkAuthentication` render
 * their inputs in an iframe served from the emulator's origin and titled like Stripe's ("Secure
 * payment input frame", ...); this side relays the frame's events (`ready`, `change`, `focus`,
 * `blur`, `escape`) and calls into it (validation, values, payment methods). `expressCheckout`
 * has no wallets to offer: it mounts empty and is ready with `availablePaymentMethods: undefined`.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { API_BASE, type Json, type StripeErrorLike } from "./api-client";
import { FRAME_PATH, FRAME_TITLES, type FrameConfig, type FrameMessage, type FramedType, type HostMessage } from "./frame/protocol";

/** The elements group an element belongs to (it leaves the group when destroyed). */
interface ElementGroup {
  _forget(el: BaseElement): void;
}

type Listener = (event: Json) => void;
let uid = 0;

function resolveTarget(target: string | HTMLElement): HTMLElement {
  const node = typeof target === "string" ? document.querySelector<HTMLElement>(target) : target;
  if (!node) throw new Error(`The selector you specified (${String(target)}) applies to no DOM elements that are currently on the page.`);
  return node;
}

/** Events, options and the element lifecycle every Element shares. */
export class BaseElement {
  private listeners = new Map<string, Set<Listener>>();
  protected readyEvent: Json = null;
  protected destroyed = false;

  constructor(
    readonly elementType: string,
    private readonly group: ElementGroup,
    protected options: Json,
  ) {}

  _options(): Json {
    return this.options;
  }

  protected checkMountable(): void {
    if (this.destroyed) throw new Error("This Element has already been destroyed. Please create a new one.");
  }

  unmount(): void {}

  destroy(): void {
    this.unmount();
    this.destroyed = true;
    this.group._forget(this);
    this.listeners.clear();
  }

  update(options: Json): void {
    this.options = { ...this.options, ...options };
  }

  focus(): void {}

  blur(): void {
    (document.activeElement as HTMLElement | null)?.blur?.();
  }

  clear(): void {}

  collapse(): void {
    // A single (card) layout: nothing to collapse.
  }

  on(event: string, handler: Listener): this {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(handler);
    // Late subscribers still learn that the element is ready (effects may attach after mount).
    const ready = this.readyEvent;
    if (event === "ready" && ready) setTimeout(() => handler(ready), 0);
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

  protected emit(event: string, payload: Json): void {
    if (event === "ready") this.readyEvent = payload;
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

/** An Element whose inputs live in an emulator-served iframe. */
export class EmulatedElement extends BaseElement {
  private wrapper: HTMLElement | null = null;
  private frame: HTMLIFrameElement | null = null;
  private channel = "";
  private nextCall = 0;
  private pending = new Map<number, (result: Json) => void>();
  private frameReady: Promise<void> = Promise.resolve();
  private markReady: () => void = () => {};
  private readonly onMessage = (event: MessageEvent) => this.receive(event);

  constructor(
    readonly elementType: FramedType,
    group: ElementGroup,
    options: Json,
    private readonly pk: string,
  ) {
    super(elementType, group, options);
  }

  mount(target: string | HTMLElement): void {
    this.checkMountable();
    const node = resolveTarget(target);
    if (this.wrapper) this.unmount();
    this.channel = `emu${++uid}_${Math.random().toString(36).slice(2)}`;
    this.frameReady = new Promise((resolve) => (this.markReady = resolve));
    this.readyEvent = null;
    const config: FrameConfig = { channel: this.channel, type: this.elementType, options: this.options, pk: this.pk, parentOrigin: window.location.origin };
    const wrapper = document.createElement("div");
    wrapper.className = "__PrivateStripeElement";
    wrapper.style.cssText = "margin:0;padding:0;border:none;display:block;background:transparent;position:relative;opacity:1";
    const frame = document.createElement("iframe");
    frame.name = `__privateStripeFrame${uid}`;
    frame.title = FRAME_TITLES[this.elementType];
    frame.setAttribute("frameborder", "0");
    frame.setAttribute("allowtransparency", "true");
    frame.setAttribute("scrolling", "no");
    frame.setAttribute("role", "presentation");
    frame.allow = "payment *";
    frame.style.cssText = "border:none;margin:0;padding:0;width:1px;min-width:100%;overflow:hidden;display:block;user-select:none;height:0";
    frame.src = `${API_BASE}${FRAME_PATH}#${encodeURIComponent(JSON.stringify(config))}`;
    window.addEventListener("message", this.onMessage);
    wrapper.append(frame);
    node.appendChild(wrapper);
    this.wrapper = wrapper;
    this.frame = frame;
  }

  private receive(event: MessageEvent): void {
    if (!this.frame || event.source !== this.frame.contentWindow || event.origin !== API_BASE) return;
    const msg = event.data as FrameMessage;
    if (!msg || msg.source !== "emu-stripe-frame" || msg.channel !== this.channel) return;
    if (typeof msg.height === "number") this.frame.style.height = `${msg.height}px`;
    if (msg.reply !== undefined) {
      this.pending.get(msg.reply)?.(msg.result);
      this.pending.delete(msg.reply);
    }
    if (msg.event) {
      if (msg.event === "ready") this.markReady();
      this.emit(msg.event, msg.payload);
    }
  }

  /** Call into the frame (once it is ready) and wait for its answer. */
  async _call(method: HostMessage["method"], args?: Json): Promise<Json> {
    if (!this.frame) throw new Error(`This ${this.elementType} Element is not mounted.`);
    await this.frameReady;
    const frame = this.frame;
    return new Promise((resolve) => {
      const id = ++this.nextCall;
      this.pending.set(id, resolve);
      const message: HostMessage = { source: "emu-stripe-host", channel: this.channel, id, method, args };
      frame.contentWindow?.postMessage(message, API_BASE);
    });
  }

  _mounted(): boolean {
    return this.frame !== null;
  }

  /** Show every problem (as on submit) and return the first, or null when complete. */
  async _validate(): Promise<StripeErrorLike | null> {
    return (await this._call("validate")).error ?? null;
  }

  unmount(): void {
    window.removeEventListener("message", this.onMessage);
    this.wrapper?.remove();
    this.wrapper = null;
    this.frame = null;
    for (const resolve of this.pending.values()) resolve({ error: { type: "invalid_request_error", message: "The Element was unmounted." } });
    this.pending.clear();
  }

  update(options: Json): void {
    super.update(options);
    if (this.frame) void this._call("update", options);
  }

  focus(): void {
    this.frame?.focus();
    if (this.frame) void this._call("focus");
  }

  clear(): void {
    if (this.frame) void this._call("clear");
  }

  /** An option the stand-in itself sets (not the integration): sent to the frame when it changes. */
  _setHostOption(key: string, value: unknown): void {
    if (this.options?.[key] === value) return;
    this.options = { ...this.options, [key]: value };
    if (this.frame) void this._call("update", { [key]: value });
  }

  /** Address and Link Authentication Elements: their value (problems shown, as Stripe's `getValue` does). */
  getValue(): Promise<Json> {
    return this._call("getValue");
  }
}

/** The Express Checkout Element: no wallets in the emulator, so it shows nothing and offers none. */
export class ExpressCheckoutElement extends BaseElement {
  private holder: HTMLElement | null = null;

  mount(target: string | HTMLElement): void {
    this.checkMountable();
    const node = resolveTarget(target);
    this.unmount();
    this.holder = document.createElement("div");
    this.holder.className = "__PrivateStripeElement";
    this.holder.setAttribute("data-stripe-emulator-element", "expressCheckout");
    node.appendChild(this.holder);
    setTimeout(() => {
      if (!this.destroyed && this.holder) this.emit("ready", { elementType: "expressCheckout", availablePaymentMethods: undefined });
    }, 0);
  }

  unmount(): void {
    this.holder?.remove();
    this.holder = null;
  }
}
