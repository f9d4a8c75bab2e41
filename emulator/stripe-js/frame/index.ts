/**
 * The inside of an Element's iframe (`/v3/elements-inner.html`, served by the emulator): renders
 * the form for the Element's type, sends its events and size to the host page and answers the
 * host's calls. Only the host page's origin (from the frame's URL fragment) is listened to.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Json } from "../api-client";
import { installStyles } from "../styles";
import { AddressForm } from "./address-form";
import { EmailForm } from "./email-form";
import type { FrameForm } from "./form";
import { PaymentForm } from "./payment-form";
import type { FrameConfig, FrameMessage, HostMessage } from "./protocol";

const config = JSON.parse(decodeURIComponent(location.hash.slice(1))) as FrameConfig;

function post(message: Omit<FrameMessage, "source" | "channel">): void {
  window.parent.postMessage({ source: "emu-stripe-frame", channel: config.channel, ...message }, config.parentOrigin);
}

const emit = (event: string, payload: Json) => post({ event, payload: { elementType: config.type, ...payload } });

function build(): FrameForm {
  switch (config.type) {
    case "payment":
    case "card":
      return new PaymentForm(config.type, emit, config.options, config.pk);
    case "address":
      return new AddressForm(emit, config.options);
    case "linkAuthentication":
      return new EmailForm(emit, config.options);
  }
}

installStyles();
document.documentElement.lang = config.options?.locale && config.options.locale !== "auto" ? config.options.locale : "en";
document.body.style.margin = "0";
document.body.style.padding = "4px";
const form = build();
document.body.append(form.root);

const calls: Record<HostMessage["method"], (args: Json) => Json | Promise<Json>> = {
  validate: () => ({ error: form.validate() }),
  getValue: () => (form instanceof AddressForm || form instanceof EmailForm ? form.getValue() : form.current()),
  createPaymentMethod: (args) => (form instanceof PaymentForm ? form.createPaymentMethod(args) : { error: { type: "invalid_request_error", message: "Not a card Element." } }),
  createToken: (args) => (form instanceof PaymentForm ? form.createToken(args) : { error: { type: "invalid_request_error", message: "Not a card Element." } }),
  update: (args) => form.update(args ?? {}),
  focus: () => form.focus(),
  clear: () => form.clear(),
};

window.addEventListener("message", async (event) => {
  if (event.origin !== config.parentOrigin || event.source !== window.parent) return;
  const msg = event.data as HostMessage;
  if (!msg || msg.source !== "emu-stripe-host" || msg.channel !== config.channel || !(msg.method in calls)) return;
  const result = await calls[msg.method](msg.args);
  post({ reply: msg.id, result: result ?? null });
});

const reportHeight = () => post({ height: Math.ceil(document.documentElement.getBoundingClientRect().height) });
new ResizeObserver(reportHeight).observe(document.body);
reportHeight();
// Ready once rendered, as Stripe's Elements are once their frame has loaded.
form.prime();
emit("ready", {});
