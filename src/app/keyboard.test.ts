import { describe, expect, it } from 'vitest';
import { isTypingTarget, shortcutFor } from './keyboard';

const body = { tagName: 'BODY' };

describe('shortcutFor', () => {
  it('maps the documented keys', () => {
    expect(shortcutFor({ key: ' ', target: body })).toBe('toggle');
    expect(shortcutFor({ key: 'ArrowRight', target: body })).toBe('step');
    expect(shortcutFor({ key: 'r', target: body })).toBe('reset');
    expect(shortcutFor({ key: 'R', target: body })).toBe('reset');
    expect(shortcutFor({ key: '?', target: body })).toBe('help');
    expect(shortcutFor({ key: 'p', target: body })).toBe('present');
    expect(shortcutFor({ key: 'P', target: body })).toBe('present');
    expect(shortcutFor({ key: 'Escape', target: body })).toBe('close');
    expect(shortcutFor({ key: 'x', target: body })).toBeNull();
    expect(shortcutFor({ key: 'ArrowLeft', target: null })).toBeNull();
  });

  it('ignores keys while typing in inputs, selects and editable content', () => {
    for (const target of [
      { tagName: 'INPUT', type: 'number' },
      { tagName: 'INPUT', type: 'text' },
      { tagName: 'input' },
      { tagName: 'INPUT', type: 'range' },
      { tagName: 'SELECT' },
      { tagName: 'TEXTAREA' },
      { tagName: 'DIV', isContentEditable: true },
    ]) {
      expect(isTypingTarget(target)).toBe(true);
      for (const key of [' ', 'ArrowRight', 'r', '?', 'p']) expect(shortcutFor({ key, target })).toBeNull();
    }
    // Escape still closes the help overlay from anywhere
    expect(shortcutFor({ key: 'Escape', target: { tagName: 'INPUT', type: 'number' } })).toBe('close');
  });

  it('leaves Space to a focused button or checkbox but keeps the other keys', () => {
    const button = { tagName: 'BUTTON' };
    expect(shortcutFor({ key: ' ', target: button })).toBeNull();
    expect(shortcutFor({ key: ' ', target: { tagName: 'INPUT', type: 'checkbox' } })).toBeNull();
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(shortcutFor({ key: 'ArrowRight', target: button })).toBe('step');
    expect(shortcutFor({ key: 'r', target: button })).toBe('reset');
  });

  it('ignores modified keys and auto-repeat of toggles', () => {
    expect(shortcutFor({ key: 'r', ctrlKey: true, target: body })).toBeNull();
    expect(shortcutFor({ key: 'r', metaKey: true, target: body })).toBeNull();
    expect(shortcutFor({ key: ' ', altKey: true, target: body })).toBeNull();
    expect(shortcutFor({ key: ' ', repeat: true, target: body })).toBeNull();
    expect(shortcutFor({ key: 'r', repeat: true, target: body })).toBeNull();
    expect(shortcutFor({ key: 'p', repeat: true, target: body })).toBeNull();
    expect(shortcutFor({ key: 'p', ctrlKey: true, target: body })).toBeNull();
    // holding → keeps stepping
    expect(shortcutFor({ key: 'ArrowRight', repeat: true, target: body })).toBe('step');
  });
});
