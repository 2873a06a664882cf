import { z } from 'zod';

/**
 * Synapse payloads are described with a JSON-Schema subset (type, properties,
 * required, items, enum, min/max bounds) so that a definition stays plain
 * YAML; `subnet-config/synapse-schema.ts` turns them into zod validators.
 */
export interface PayloadSchema {
  type: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';
  description?: string;
  properties?: Record<string, PayloadSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: PayloadSchema;
  enum?: (string | number)[];
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}

const PayloadSchemaSchema: z.ZodType<PayloadSchema> = z.lazy(() =>
  z
    .object({
      type: z.enum(['object', 'array', 'string', 'number', 'integer', 'boolean', 'null']),
      description: z.string().optional(),
      properties: z.record(z.string(), PayloadSchemaSchema).optional(),
      required: z.array(z.string()).optional(),
      additionalProperties: z.boolean().optional(),
      items: PayloadSchemaSchema.optional(),
      enum: z.array(z.union([z.string(), z.number()])).optional(),
      minItems: z.number().int().min(0).optional(),
      maxItems: z.number().int().min(0).optional(),
      minLength: z.number().int().min(0).optional(),
      maxLength: z.number().int().min(0).optional(),
      minimum: z.number().optional(),
      maximum: z.number().optional(),
    })
    .strict(),
);

export const SynapseSchema = z
  .object({
    description: z.string().optional(),
    request: PayloadSchemaSchema.describe('JSON-Schema subset the validator request must satisfy'),
    response: PayloadSchemaSchema.describe('JSON-Schema subset the miner response must satisfy (the `schema` rule checks it)'),
    max_request_bytes: z.number().int().min(64).default(1_048_576).describe('axon size limit for one request'),
    required_hash_fields: z
      .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a Python field name'))
      .optional()
      .describe(
        "Bittensor HTTP transport only: the Python synapse class's `required_hash_fields`, in its order (the body hash covers them; a Python axon refuses a request whose hash does not match)",
      ),
  })
  .strict();
