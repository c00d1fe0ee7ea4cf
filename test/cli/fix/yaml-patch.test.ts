import { parseDocument } from 'yaml';
import { applyEdits, diffToEdits, YamlPatchError } from '../../../src/cli/fix/yaml-patch';

/** Patches `text` so that its value becomes `change(value)`, and returns the new text. */
function patched(text: string, change: (value: any) => any): string {
  const document = parseDocument(text);
  const before = document.toJS();
  const after = change(structuredClone(before));
  const result = applyEdits(text, diffToEdits(text, document.contents, before, after));
  expect(parseDocument(result).toJS()).toEqual(after); // the text says what was asked
  return result;
}

describe('minimal YAML edits (diffToEdits)', () => {
  test('an unchanged value gives no edit', () => {
    const text = 'a: 1 # one\nb: [x, y]\n';
    expect(diffToEdits(text, parseDocument(text).contents, parseDocument(text).toJS(), parseDocument(text).toJS())).toEqual([]);
  });

  test('a changed scalar is rewritten in place, its comment and the other lines kept', () => {
    const text = 'spec:\n  grace: 20   # too short\n  name: "web"\n';
    expect(patched(text, (v) => ({ ...v, spec: { ...v.spec, grace: 40 } }))).toBe('spec:\n  grace: 40   # too short\n  name: "web"\n');
  });

  test('the edit records the value it replaces, and none for a value it adds', () => {
    const text = 'grace: 20\n';
    const document = parseDocument(text);
    const edits = diffToEdits(text, document.contents, { grace: 20 }, { grace: 40, added: 1 });
    expect(edits.map((e) => e.replaced)).toEqual([{ path: 'grace', from: 20, to: 40 }, undefined]);
  });

  test('a new key goes right after the map\'s last key at its indentation (a comment below it stays below), before the parent\'s next key', () => {
    const text = 'spec:\n  template:\n    a: 1\n    # trailing comment\n  after: 2\n';
    expect(patched(text, (v) => ({ ...v, spec: { ...v.spec, template: { ...v.spec.template, b: { c: [1] } } } })))
      .toBe('spec:\n  template:\n    a: 1\n    b:\n      c:\n        - 1\n    # trailing comment\n  after: 2\n');
  });

  test('items appended to an indentless sequence keep its column, also after an anchored item', () => {
    const text = 'env:\n- &first {name: A, value: "1"}\nnext: true\n';
    expect(patched(text, (v) => ({ ...v, env: [...v.env, { name: 'B', value: '2' }] })))
      .toBe('env:\n- &first {name: A, value: "1"}\n- name: B\n  value: "2"\nnext: true\n');
  });

  test('items prepended to a sequence go before its first item', () => {
    const text = 'init:\n  - name: migrate\n    image: m\n';
    expect(patched(text, (v) => ({ init: [{ name: 'copy' }, ...v.init] }))).toBe('init:\n  - name: copy\n  - name: migrate\n    image: m\n');
  });

  test('a changed flow map is rewritten as a flow map', () => {
    const text = 'securityContext: {}\nother: 1\n';
    expect(patched(text, (v) => ({ ...v, securityContext: { runAsNonRoot: true } }))).toBe('securityContext: { runAsNonRoot: true }\nother: 1\n');
  });

  test('a key with no value gets the collection on the lines below it', () => {
    const text = 'container:\n  volumeMounts:\n  name: app\n';
    expect(patched(text, (v) => ({ container: { ...v.container, volumeMounts: [{ name: 'bin', mountPath: '/bin' }] } })))
      .toBe('container:\n  volumeMounts:\n    - name: bin\n      mountPath: /bin\n  name: app\n');
  });

  test('a key the new value lacks is left alone: nothing is removed', () => {
    const text = 'a: 1\nb: 2\n';
    const document = parseDocument(text);
    expect(applyEdits(text, diffToEdits(text, document.contents, { a: 1, b: 2 }, { a: 1 }))).toBe(text);
  });

  test('a change under a YAML alias is refused naming the path', () => {
    const text = 'base: &b\n  grace: 20\nspec: *b\n';
    const document = parseDocument(text);
    expect(() => diffToEdits(text, document.contents, document.toJS(), { base: { grace: 20 }, spec: { grace: 40 } }))
      .toThrow(new YamlPatchError('spec is a YAML alias (*b), which fix does not edit; write the value out in place of the alias'));
  });
});
