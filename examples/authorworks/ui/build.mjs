// Builds dist/: index.html and the assets it names. No bundler, so the UI builds offline with Node alone.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist/assets', { recursive: true });
cpSync('src/app.js', 'dist/assets/app.js');
cpSync('src/app.css', 'dist/assets/app.css');
writeFileSync('dist/index.html', readFileSync('src/index.html'));
