import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { greeting } from '../src/app.js';

test('the greeting names the writer', () => {
  assert.equal(greeting('Ada'), 'Welcome to AuthorWorks, Ada');
});

test('the page loads the assets the build copies', () => {
  const page = readFileSync(new URL('../src/index.html', import.meta.url), 'utf8');
  assert.match(page, /\/assets\/app\.js/);
  assert.match(page, /\/assets\/app\.css/);
});
