import * as z from 'zod';

/**
 * zod schemas for the QuickBooks payloads Dunwise reads. Bodies are parsed with parseJsonKeepingNumbers, so
 * every JSON number arrives here as its exact text: money stays a decimal string, counts are coerced.
 * Objects are lenient: unknown fields are ignored, so additive API changes never break the sync.
 */
const Decimal = z.string().regex(/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/, 'not a decimal number');
const Count = z.coerce.number().int();
const Ref = z.object({ value: z.string(), name: z.string().optional() });
const CalendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'not a YYYY-MM-DD date');
const MetaData = z.object({ CreateTime: z.string().optional(), LastUpdatedTime: z.string() });
const FreeForm = z.object({ FreeFormNumber: z.string().optional() });
const Address = z.object({ Country: z.string().optional(), CountrySubDivisionCode: z.string().optional() });

export const CustomerSchema = z.object({
  Id: z.string(),
  DisplayName: z.string(),
  CompanyName: z.string().optional(),
  GivenName: z.string().optional(),
  FamilyName: z.string().optional(),
  PrimaryEmailAddr: z.object({ Address: z.string().optional() }).optional(),
  PrimaryPhone: FreeForm.optional(),
  Mobile: FreeForm.optional(),
  BillAddr: Address.optional(),
  CurrencyRef: Ref.optional(),
  Active: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional(),
  MetaData: MetaData.optional(),
});
export type QboCustomer = z.infer<typeof CustomerSchema>;

export const InvoiceSchema = z.object({
  Id: z.string(),
  SyncToken: z.string().optional(),
  DocNumber: z.string().optional(),
  TxnDate: CalendarDate.optional(),
  DueDate: CalendarDate.optional(),
  CurrencyRef: Ref.optional(),
  CustomerRef: Ref,
  PrivateNote: z.string().optional(),
  InvoiceLink: z.string().optional(),
  TotalAmt: Decimal,
  Balance: Decimal,
  MetaData: MetaData.optional(),
});
export type QboInvoice = z.infer<typeof InvoiceSchema>;

const LinkedTxn = z.object({ TxnId: z.string(), TxnType: z.string() });

export const PaymentSchema = z.object({
  Id: z.string(),
  TxnDate: CalendarDate.optional(),
  CustomerRef: Ref.optional(),
  CurrencyRef: Ref.optional(),
  TotalAmt: Decimal,
  UnappliedAmt: Decimal.optional(),
  Line: z
    .array(z.object({ Amount: Decimal.optional(), LinkedTxn: z.array(LinkedTxn).optional() }))
    .optional(),
  MetaData: MetaData.optional(),
});
export type QboPayment = z.infer<typeof PaymentSchema>;

export const CreditMemoSchema = z.object({
  Id: z.string(),
  TxnDate: CalendarDate.optional(),
  CustomerRef: Ref.optional(),
  CurrencyRef: Ref.optional(),
  TotalAmt: Decimal,
  RemainingCredit: Decimal.optional(),
  Balance: Decimal.optional(),
  PrivateNote: z.string().optional(),
  MetaData: MetaData.optional(),
});
export type QboCreditMemo = z.infer<typeof CreditMemoSchema>;

/** How CDC reports a deleted object: only its Id, `status: "Deleted"` and the time of deletion. */
export const DeletedStubSchema = z.object({
  Id: z.string(),
  status: z.literal('Deleted'),
  MetaData: MetaData.optional(),
});

/** `{"QueryResponse": {"Invoice": [...], "startPosition": 1, "maxResults": 2}}`; the entity key is absent when empty. */
export const QueryResponseSchema = z.object({
  QueryResponse: z.record(z.string(), z.unknown()),
  time: z.string().optional(),
});

export const CdcResponseSchema = z.object({
  CDCResponse: z.array(z.object({ QueryResponse: z.array(z.record(z.string(), z.unknown())).optional() })),
  time: z.string().optional(),
});

export const FaultSchema = z.object({
  Error: z
    .array(
      z.object({
        Message: z.string().optional(),
        Detail: z.string().optional(),
        code: z.string().optional(),
        element: z.string().optional(),
      }),
    )
    .default([]),
  type: z.string().optional(),
});
export type QboFault = z.infer<typeof FaultSchema>;

export const CompanyInfoSchema = z.object({
  CompanyInfo: z.object({
    CompanyName: z.string(),
    Country: z.string().optional(),
    DefaultTimeZone: z.string().optional(),
    CompanyAddr: Address.optional(),
    LegalAddr: Address.optional(),
  }),
});

export const PreferencesSchema = z.object({
  Preferences: z.object({
    CurrencyPrefs: z.object({ HomeCurrency: Ref.optional() }).optional(),
    OtherPrefs: z
      .object({ NameValue: z.array(z.object({ Name: z.string(), Value: z.string().optional() })).optional() })
      .optional(),
  }),
});

export const AttachableResponseSchema = z.object({ Attachable: z.object({ Id: z.string() }) });

export { Count };
