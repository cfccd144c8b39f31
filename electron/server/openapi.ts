// OpenAPI 3.1 document generated from the contract: one POST per query/command at /api/v1/<group>.<name>.
import { z } from 'zod';
import { listMethods } from '../shared/contract/index.js';

export function buildOpenApi(version: string): object {
  const paths: Record<string, object> = {};
  const envelopeError = {
    type: 'object',
    properties: {
      ok: { const: false },
      error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] },
    },
    required: ['ok', 'error'],
  };
  for (const { method, entry } of listMethods()) {
    paths[`/api/v1/${method}`] = {
      post: {
        operationId: method,
        summary: entry.summary,
        tags: [method.split('.')[0]],
        'x-kind': entry.kind,
        requestBody: { required: false, content: { 'application/json': { schema: jsonSchema(entry.input, 'input') } } },
        responses: {
          '200': {
            description: 'Success envelope',
            content: {
              'application/json': {
                schema: { type: 'object', properties: { ok: { const: true }, value: jsonSchema(entry.output, 'output') }, required: ['ok', 'value'] },
              },
            },
          },
          '400': { description: 'invalid-input', content: { 'application/json': { schema: envelopeError } } },
          '401': { description: 'Missing or wrong access token', content: { 'application/json': { schema: envelopeError } } },
          '404': { description: 'unknown-method or not-found', content: { 'application/json': { schema: envelopeError } } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'PrintFarm API', version, description: 'Every query and command of the PrintFarm contract. Envelope: {ok:true,value} | {ok:false,error:{code,message}}.' },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
      },
    },
    security: [{ bearer: [] }, { apiKey: [] }, {}],
    paths,
  };
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): object {
  try {
    return z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as object;
  } catch {
    return {};
  }
}
