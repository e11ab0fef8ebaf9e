import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLinkedInUrl } from '../../ui/js/linkedin.js';

test('accepts https LinkedIn profile links', () => {
  for (const url of [
    'https://www.linkedin.com/in/michael-scott',
    'https://linkedin.com/in/x',
    'https://nl.linkedin.com/in/jan-jansen',
    'https://fr.linkedin.com/in/éloïse-martin/',
    'https://www.LinkedIn.com/in/x?trk=abc',
    '  https://www.linkedin.com/in/x  ',
  ]) assert.equal(isLinkedInUrl(url), true, url);
});

test('refuses anything else', () => {
  for (const url of [
    'http://www.linkedin.com/in/x',
    'javascript:alert(1)',
    'JavaScript://www.linkedin.com/%0Aalert(1)',
    'https://linkedin.com.evil.com/in/x',
    'https://evil.com/linkedin.com',
    'https://evil.com/?u=https://linkedin.com',
    'https://notlinkedin.com/in/x',
    'https://www.linkedin.com@evil.com/in/x',
    'https://user:pass@www.linkedin.com/in/x',
    'file:///etc/passwd',
    'data:text/html,linkedin.com',
    'www.linkedin.com/in/x',
    '',
    null,
    undefined,
    42,
  ]) assert.equal(isLinkedInUrl(url), false, String(url));
});
