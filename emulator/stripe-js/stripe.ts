/** The object `Stripe(pk)` returns: Elements, payment methods, tokens, PaymentIntent and SetupIntent confirmation (confirm.ts). */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { integrationError, type Json } from "./api-client";
import { confirmIntent, handleActions, parseSecret, PAYMENT, paymentMethodFromElement, redirectToReturnUrl, retrieveIntent, SETUP, type IntentKind } from "./confirm";
import { EmulatedElements } from "./elements";
import { EmulatedElement } from "./payment-element";

const mergeBilling = (collected: Json, given: Json | undefined): Json => ({
  ...collected,
  ...(given ?? {}),
  ...(collected.address || given?.address ? { address: { ...(collected.address ?? {}), ...(given?.address ?? {}) } } : {}),
});

export class EmulatedStripe {
  constructor(
    private readonly pk: string,
    readonly options: Json,
  ) {}

  registerAppInfo(): void {}
  _registerWrapper(): void {}

  elements(options: Json = {}): EmulatedElements {
    return new EmulatedElements(this.pk, options);
  }

  retrievePaymentIntent(clientSecret: string): Promise<Json> {
    return retrieveIntent(this.pk, clientSecret, PAYMENT);
  }

  retrieveSetupIntent(clientSecret: string): Promise<Json> {
    return retrieveIntent(this.pk, clientSecret, SETUP);
  }

  async createPaymentMethod(arg: Json, maybeElement?: Json, maybeData?: Json): Promise<Json> {
    if (typeof arg === "string") {
      // Legacy signature: createPaymentMethod('card', element, data)
      if (!(maybeElement instanceof EmulatedElement)) return integrationError("createPaymentMethod: pass a card Element.");
      return paymentMethodFromElement(maybeElement, maybeData?.billing_details);
    }
    if (arg?.elements) {
      const elements = arg.elements as EmulatedElements;
      const el = elements._cardElement();
      if (!el) return integrationError("createPaymentMethod: no Payment Element is mounted.");
      const error = await elements._validateAll();
      if (error) return { error };
      const collected = await elements._collected();
      return paymentMethodFromElement(el, mergeBilling(collected.billing_details, arg.params?.billing_details));
    }
    if (arg?.card instanceof EmulatedElement) return paymentMethodFromElement(arg.card, arg.billing_details);
    return integrationError("createPaymentMethod: pass {elements} or {type: 'card', card: cardElement}.");
  }

  async createToken(element: Json, data: Json = {}): Promise<Json> {
    if (!(element instanceof EmulatedElement) || element.elementType !== "card") return integrationError("createToken: pass a card Element.");
    return element._call("createToken", data);
  }

  confirmPayment(args: Json): Promise<Json> {
    return this.confirmWithElements(PAYMENT, args);
  }

  confirmSetup(args: Json): Promise<Json> {
    return this.confirmWithElements(SETUP, args);
  }

  /**
   * `confirmPayment` / `confirmSetup`: every Element validated, a card payment method made in the
   * Payment Element's frame with what the Address (billing) and Link Authentication Elements
   * collected, a shipping address from an Address Element in shipping mode (payments only).
   */
  private async confirmWithElements(kind: IntentKind, args: Json): Promise<Json> {
    const { elements, confirmParams = {}, redirect = "always" } = args ?? {};
    const clientSecret: string | undefined = args?.clientSecret ?? elements?.options?.clientSecret;
    const name = kind === PAYMENT ? "confirmPayment" : "confirmSetup";
    if (!clientSecret) return integrationError(`${name}: a clientSecret is required (in elements options or as an argument).`);
    if (!parseSecret(clientSecret, [kind])) return integrationError(`${name}: the clientSecret is not a ${kind === PAYMENT ? "PaymentIntent" : "SetupIntent"}'s.`);
    if (!confirmParams.return_url && redirect !== "if_required") {
      return integrationError(`${name}: confirmParams.return_url is required unless redirect is 'if_required'.`);
    }
    let paymentMethod: string | undefined = typeof confirmParams.payment_method === "string" ? confirmParams.payment_method : undefined;
    let shipping = confirmParams.shipping;
    if (!paymentMethod) {
      const group = elements as EmulatedElements | undefined;
      const el = group?._cardElement();
      if (!group || !el) return integrationError(`${name}: pass the elements instance that holds a mounted Payment Element.`);
      const error = await group._validateAll();
      if (error) return { error };
      const collected = await group._collected();
      shipping ??= collected.shipping;
      const created = await paymentMethodFromElement(el, mergeBilling(collected.billing_details, confirmParams.payment_method_data?.billing_details));
      if (created.error) return created;
      paymentMethod = created.paymentMethod.id;
    }
    const extra: Json = { return_url: confirmParams.return_url };
    if (kind === PAYMENT) Object.assign(extra, { receipt_email: confirmParams.receipt_email, shipping });
    const result = await confirmIntent(this.pk, clientSecret, kind, paymentMethod, extra);
    if (result.error || redirect === "if_required" || !confirmParams.return_url) return result;
    return redirectToReturnUrl(confirmParams.return_url, result[kind.key], clientSecret, kind);
  }

  async confirmCardPayment(clientSecret: string, data: Json = {}, options: Json = {}): Promise<Json> {
    return this.confirmCard(PAYMENT, clientSecret, data, options, { receipt_email: data?.receipt_email, setup_future_usage: data?.setup_future_usage });
  }

  async confirmCardSetup(clientSecret: string, data: Json = {}, options: Json = {}): Promise<Json> {
    return this.confirmCard(SETUP, clientSecret, data, options, {});
  }

  private async confirmCard(kind: IntentKind, clientSecret: string, data: Json, options: Json, extra: Json): Promise<Json> {
    let paymentMethod: string | undefined;
    const pmData = data?.payment_method;
    if (typeof pmData === "string") paymentMethod = pmData;
    else if (pmData?.card instanceof EmulatedElement) {
      const created = await paymentMethodFromElement(pmData.card, pmData.billing_details);
      if (created.error) return created;
      paymentMethod = created.paymentMethod.id;
    }
    return confirmIntent(this.pk, clientSecret, kind, paymentMethod, { return_url: data?.return_url, ...extra }, options?.handleActions !== false);
  }

  async handleNextAction(args: Json): Promise<Json> {
    const clientSecret = args?.clientSecret;
    const parsed = parseSecret(clientSecret);
    if (!parsed) return integrationError("handleNextAction: Invalid value for clientSecret.");
    const got = await retrieveIntent(this.pk, clientSecret, parsed.kind);
    if (got.error) return got;
    return handleActions(this.pk, got[parsed.kind.key], clientSecret, parsed.kind);
  }

  handleCardAction(clientSecret: string): Promise<Json> {
    return this.handleNextAction({ clientSecret });
  }

  paymentRequest(): never {
    throw new Error("The Stripe emulator does not implement the Payment Request Button.");
  }
}
