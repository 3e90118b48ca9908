import { status } from '@grpc/grpc-js';
import type { ServerReflectionRequest, ServerReflectionResponse } from '@vigil/contracts/grpc-reflection';
import type { ReflectionCatalog } from './reflection-catalog.js';

type Answer = NonNullable<ServerReflectionResponse['messageResponse']>;

/** The answer to one request of a reflection stream (v1 and v1alpha alike); never throws. */
export function answerReflectionRequest(
  catalog: ReflectionCatalog,
  request: ServerReflectionRequest,
): ServerReflectionResponse {
  return { validHost: request.host, originalRequest: request, messageResponse: answer(catalog, request) };
}

function answer(catalog: ReflectionCatalog, { messageRequest }: ServerReflectionRequest): Answer {
  switch (messageRequest?.$case) {
    case 'listServices':
      return {
        $case: 'listServicesResponse',
        value: { service: catalog.services.map((name) => ({ name })) },
      };
    case 'fileByFilename':
      return files(catalog.fileByName(messageRequest.value), `file not found: ${messageRequest.value}`);
    case 'fileContainingSymbol':
      return files(catalog.fileContainingSymbol(messageRequest.value), `symbol not found: ${messageRequest.value}`);
    case 'fileContainingExtension': {
      const { containingType, extensionNumber } = messageRequest.value;
      return files(
        catalog.fileContainingExtension(containingType, extensionNumber),
        `extension not found: ${containingType} ${extensionNumber}`,
      );
    }
    case 'allExtensionNumbersOfType': {
      const numbers = catalog.extensionNumbersOf(messageRequest.value);
      if (numbers === undefined) return notFound(`type not found: ${messageRequest.value}`);
      return {
        $case: 'allExtensionNumbersResponse',
        value: { baseTypeName: messageRequest.value.replace(/^\./, ''), extensionNumber: [...numbers] },
      };
    }
    case undefined:
      return error(status.INVALID_ARGUMENT, 'the request names no message_request');
  }
}

function files(descriptors: Uint8Array[] | undefined, missing: string): Answer {
  if (descriptors === undefined) return notFound(missing);
  return {
    $case: 'fileDescriptorResponse',
    value: { fileDescriptorProto: descriptors.map((d) => Buffer.from(d.buffer, d.byteOffset, d.byteLength)) },
  };
}

const notFound = (message: string): Answer => error(status.NOT_FOUND, message);

function error(code: status, errorMessage: string): Answer {
  return { $case: 'errorResponse', value: { errorCode: code, errorMessage } };
}
