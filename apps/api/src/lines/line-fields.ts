import { Param } from '@nestjs/common';
import { ZodValidationPipe } from '@continuum/http';
import { money } from '@continuum/kernel';
import { z } from 'zod';

/** Ids become stream names and URLs: keep them to URL-safe characters. */
export const lineId = z
  .string()
  .regex(/^[A-Za-z0-9][\w.:-]{0,127}$/, 'letters, digits, . _ : - only (at most 128)');
export const text = z.string().trim().min(1);
/** YYYY-MM-DD */
export const day = z.iso.date();
/** ISO 8601 timestamp with an offset */
export const instant = z.iso.datetime({ offset: true });

const decimal = /^-?\d{1,15}(\.\d{1,4})?$/;

/** `{ amount: "25000.00" | 25000, currency: "USD" }`, kept exact as the kernel's Money. */
export const moneyField = z
  .object({
    amount: z
      .union([z.string().trim(), z.number()])
      .refine((amount) => decimal.test(String(amount)), 'a decimal amount such as "25000.00"'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD'),
  })
  .transform(({ amount, currency }) => money(amount, currency));

/** Path parameters that name a stream about to be written, validated like body ids. */
export const ValidPath = (shape: Record<string, z.ZodType>): ParameterDecorator =>
  Param(new ZodValidationPipe(z.object(shape), 'path'));
