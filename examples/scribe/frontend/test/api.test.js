import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiUrl } from '../src/lib/api.js';

test('paths go to the environment API', () => {
  const env = { PUBLIC_API_URL: 'https://api.staging.scribe.example.com' };
  assert.equal(apiUrl('/health', env), 'https://api.staging.scribe.example.com/health');
  assert.equal(apiUrl('documents/7', { PUBLIC_API_URL: 'https://api.scribe.example.com/v1/' }), 'https://api.scribe.example.com/v1/documents/7');
});

test('no API URL is an error, not a call to the wrong host', () => {
  assert.throws(() => apiUrl('/health', {}), /PUBLIC_API_URL is not set/);
});
