/**
 * The Address Element (`mode: 'shipping' | 'billing'`), inside the frame: **Full name**,
 * **Country or region**, **Address line 1**, **Address line 2**, **City**, **State** (a select in
 * the US), **ZIP code** (**Postal code** elsewhere) and, with `fields.phone: 'always'`, **Phone
 * number**. Its value is Stripe's `{name, address:{line1, line2, city, state, postal_code, country}, phone?}`.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Json } from "../api-client";
import { checkZip, type FieldState } from "../card-validation";
import { COMPLETE, COUNTRIES, FrameForm, type Emit } from "./form";

const US_STATES: [string, string][] = [
  ["", "Select"], ["AL", "Alabama"], ["AK", "Alaska"], ["AZ", "Arizona"], ["AR", "Arkansas"], ["CA", "California"], ["CO", "Colorado"],
  ["CT", "Connecticut"], ["DE", "Delaware"], ["DC", "District of Columbia"], ["FL", "Florida"], ["GA", "Georgia"], ["HI", "Hawaii"],
  ["ID", "Idaho"], ["IL", "Illinois"], ["IN", "Indiana"], ["IA", "Iowa"], ["KS", "Kansas"], ["KY", "Kentucky"], ["LA", "Louisiana"],
  ["ME", "Maine"], ["MD", "Maryland"], ["MA", "Massachusetts"], ["MI", "Michigan"], ["MN", "Minnesota"], ["MS", "Mississippi"],
  ["MO", "Missouri"], ["MT", "Montana"], ["NE", "Nebraska"], ["NV", "Nevada"], ["NH", "New Hampshire"], ["NJ", "New Jersey"],
  ["NM", "New Mexico"], ["NY", "New York"], ["NC", "North Carolina"], ["ND", "North Dakota"], ["OH", "Ohio"], ["OK", "Oklahoma"],
  ["OR", "Oregon"], ["PA", "Pennsylvania"], ["RI", "Rhode Island"], ["SC", "South Carolina"], ["SD", "South Dakota"], ["TN", "Tennessee"],
  ["TX", "Texas"], ["UT", "Utah"], ["VT", "Vermont"], ["VA", "Virginia"], ["WA", "Washington"], ["WV", "West Virginia"],
  ["WI", "Wisconsin"], ["WY", "Wyoming"],
];

const required = (value: string, what: string, code: string): FieldState =>
  value.trim() ? COMPLETE : { state: "empty", message: `Your ${what} is incomplete.`, code };

export class AddressForm extends FrameForm {
  readonly elementType = "address";
  private stateHolder = document.createElement("div");

  constructor(emit: Emit, options: Json) {
    super(emit, options);
    const d = options?.defaultValues ?? {};
    const a = d.address ?? {};
    const allowed: string[] | null = options?.allowedCountries ?? null;
    const countries = allowed ? COUNTRIES.filter(([code]) => allowed.includes(code)) : COUNTRIES;
    this.root.setAttribute("data-stripe-emulator-element", "address");
    this.root.append(
      this.input("name", "Full name", { name: "name", autocomplete: `${this.section()} name` }),
      this.select("country", "Country or region", countries.length ? countries : COUNTRIES, a.country ?? "US", { name: "country", autocomplete: `${this.section()} country` }),
      this.input("addressLine1", "Address line 1", { name: "addressLine1", autocomplete: `${this.section()} address-line1` }),
      this.input("addressLine2", "Address line 2", { name: "addressLine2", autocomplete: `${this.section()} address-line2`, placeholder: "Apt., suite, unit number, etc. (optional)" }),
      this.input("locality", "City", { name: "locality", autocomplete: `${this.section()} address-level2` }),
    );
    const row = document.createElement("div");
    row.className = "emu-stripe__row";
    row.append(this.stateHolder, this.input("postalCode", "ZIP code", { name: "postalCode", autocomplete: `${this.section()} postal-code` }));
    this.root.append(row);
    if (options?.fields?.phone === "always") this.root.append(this.input("phoneNumber", "Phone number", { name: "phone", type: "tel", autocomplete: `${this.section()} tel` }));
    this.buildState(a.state ?? "");
    const set = (key: string, value: string | null | undefined) => {
      if (value && this.has(key)) this.controls.get(key)!.value = value;
    };
    set("name", d.name ?? ([d.firstName, d.lastName].filter(Boolean).join(" ") || null));
    set("addressLine1", a.line1);
    set("addressLine2", a.line2);
    set("locality", a.city);
    set("postalCode", a.postal_code);
    set("phoneNumber", d.phone);
    this.finish();
  }

  private section(): string {
    return this.options?.mode === "billing" ? "billing" : "shipping";
  }

  /** The State field: a select of US states, a free-text region elsewhere. */
  private buildState(value: string): void {
    this.controls.delete("administrativeArea");
    this.stateHolder.replaceChildren(
      this.value("country") === "US"
        ? this.select("administrativeArea", "State", US_STATES, value, { name: "administrativeArea", autocomplete: `${this.section()} address-level1` })
        : this.input("administrativeArea", "State, county, province, or region", { name: "administrativeArea", autocomplete: `${this.section()} address-level1` }),
    );
    this.stateHolder.firstElementChild?.classList.add("emu-stripe__field");
  }

  protected onSelect(key: string): void {
    if (key !== "country") return;
    this.buildState("");
    this.relabel("postalCode", this.value("country") === "US" ? "ZIP code" : "Postal code");
  }

  protected states(): [string, FieldState][] {
    const us = this.value("country") === "US";
    const out: [string, FieldState][] = [
      ["name", required(this.value("name"), "full name", "incomplete_name")],
      ["addressLine1", required(this.value("addressLine1"), "address", "incomplete_address_line1")],
      ["locality", required(this.value("locality"), "city", "incomplete_locality")],
    ];
    if (us) out.push(["administrativeArea", required(this.value("administrativeArea"), "state", "incomplete_administrative_area")]);
    out.push(["postalCode", us ? checkZip(this.value("postalCode")) : required(this.value("postalCode"), "postal code", "incomplete_zip")]);
    if (this.has("phoneNumber")) out.push(["phoneNumber", required(this.value("phoneNumber"), "phone number", "incomplete_phone_number")]);
    return out;
  }

  /** Stripe's address value. */
  addressValue(): Json {
    const value: Json = {
      name: this.value("name").trim(),
      address: {
        line1: this.value("addressLine1").trim(),
        line2: this.value("addressLine2").trim() || null,
        city: this.value("locality").trim(),
        state: this.value("administrativeArea").trim(),
        postal_code: this.value("postalCode").trim(),
        country: this.value("country"),
      },
    };
    if (this.has("phoneNumber")) value.phone = this.value("phoneNumber").trim();
    return value;
  }

  protected changeDetails(): Json {
    return { elementMode: this.options?.mode ?? "shipping", isNewAddress: true, value: this.addressValue() };
  }

  /** `getValue()`: shows any problems, as Stripe's does. */
  getValue(): Json {
    this.validate();
    const { complete, isNewAddress, value } = this.current();
    return { complete, isNewAddress, value };
  }
}
