export function greeting(name) {
  return `Welcome to AuthorWorks, ${name}`;
}

if (typeof document !== 'undefined') {
  document.getElementById('app').textContent = greeting('writer');
}
