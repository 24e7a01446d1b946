/** xero-node v20 rejects with a JSON string (reference pitfall P6); this reads it back. */
export interface SdkError {
  response: { statusCode: number; body: unknown; headers: Record<string, string> };
}

export async function sdkError(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    if (typeof error === 'string') return JSON.parse(error) as SdkError;
    throw error;
  }
  throw new Error('expected the call to fail');
}
