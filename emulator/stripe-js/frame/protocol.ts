/**
 * The messages between an Element on the host page (emulator/stripe-js/payment-element.ts) and its
 * iframe, served from the emulator's origin (emulator/stripe-js/frame/). Card details stay inside
 * the frame: it creates the payment method itself and only answers with its id.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

export type FramedType = "payment" | "card" | "address" | "linkAuthentication";

/** What the host puts in the frame URL's fragment. */
export interface FrameConfig {
  channel: string;
  type: FramedType;
  options: any;
  pk: string;
  /** The host page's origin: the only one the frame talks to. */
  parentOrigin: string;
}

/** Host → frame: a call (answered with a `reply` carrying the same id). */
export interface HostMessage {
  source: "emu-stripe-host";
  channel: string;
  id: number;
  method: "validate" | "getValue" | "createPaymentMethod" | "createToken" | "update" | "focus" | "clear";
  args?: any;
}

/** Frame → host: an element event, a size change, or a reply to a call. */
export interface FrameMessage {
  source: "emu-stripe-frame";
  channel: string;
  event?: string;
  payload?: any;
  height?: number;
  reply?: number;
  result?: any;
}

/** The iframe titles Stripe.js gives each Element. */
export const FRAME_TITLES: Record<FramedType, string> = {
  payment: "Secure payment input frame",
  card: "Secure card payment input frame",
  address: "Secure address input frame",
  linkAuthentication: "Secure email input frame",
};

export const FRAME_PATH = "/v3/elements-inner.html";

/** Set by the host page on a Payment Element while an Address Element in billing mode shares its group: that one collects the address, as on Stripe. */
export const BILLING_ADDRESS_ELEMENT = "__billingAddressElement";
