/** The object `Stripe(pk)` returns: Elements, payment methods, tokens, PaymentIntent confirmation (confirm.ts). */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { integrationError, request, type Json } from "./api-client";
import { confirmIntent, handleActions, paymentMethodFromElement, retrieveIntent } from "./confirm";
import { EmulatedElements } from "./elements";
import { EmulatedElement } from "./payment-element";

export class EmulatedStripe {
  constructor(
    private readonly pk: string,
    readonly options: Json,
  ) {}

  registerAppInfo(): void {}
  _registerWrapper(): void {}

  elements(options: Json = {}): EmulatedElements {
    return new EmulatedElements(this, options);
  }

  retrievePaymentIntent(clientSecret: string): Promise<Json> {
    return retrieveIntent(this.pk, clientSecret);
  }

  async createPaymentMethod(arg: Json, maybeElement?: Json, maybeData?: Json): Promise<Json> {
    if (typeof arg === "string") {
      // Legacy signature: createPaymentMethod('card', element, data)
      return paymentMethodFromElement(this.pk, maybeElement as EmulatedElement, maybeData?.billing_details);
    }
    if (arg?.elements) {
      const el = (arg.elements as EmulatedElements)._cardElement();
      if (!el) return integrationError("createPaymentMethod: no Payment Element is mounted.");
      return paymentMethodFromElement(this.pk, el, arg.params?.billing_details);
    }
    if (arg?.card instanceof EmulatedElement) return paymentMethodFromElement(this.pk, arg.card, arg.billing_details);
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
      const created = await paymentMethodFromElement(this.pk, el, confirmParams.payment_method_data?.billing_details);
      if (created.error) return created;
      paymentMethod = created.paymentMethod.id;
    }
    const result = await confirmIntent(this.pk, clientSecret, paymentMethod, {
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
      const created = await paymentMethodFromElement(this.pk, pmData.card, pmData.billing_details);
      if (created.error) return created;
      paymentMethod = created.paymentMethod.id;
    }
    return confirmIntent(this.pk, 
      clientSecret,
      paymentMethod,
      { return_url: data?.return_url, receipt_email: data?.receipt_email, setup_future_usage: data?.setup_future_usage },
      options?.handleActions !== false,
    );
  }

  async handleNextAction(args: Json): Promise<Json> {
    const clientSecret = args?.clientSecret;
    const got = await retrieveIntent(this.pk, clientSecret);
    if (got.error) return got;
    return handleActions(this.pk, got.paymentIntent, clientSecret);
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
