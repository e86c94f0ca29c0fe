import { describe, expect, it } from 'vitest';
import { CubicBezierEasing, EASING_FUNCTIONS, Easing, isEasingName } from './index.js';

describe('Easing', () => {
  it('lists every function under its preset name', () => {
    expect(Object.values(Easing).sort()).toEqual(Object.keys(EASING_FUNCTIONS).sort());
    expect(isEasingName('easeInOutCubic')).toBe(true);
    expect(isEasingName('linear')).toBe(false);
  });

  it.each(Object.keys(EASING_FUNCTIONS))('%s starts exactly at 0 and ends exactly at 1, continuously', (name) => {
    const ease = EASING_FUNCTIONS[name as keyof typeof EASING_FUNCTIONS];
    expect(ease(0)).toBeCloseTo(0, 14);
    expect(ease(1)).toBeCloseTo(1, 14);
    expect(ease(1e-9)).toBeCloseTo(0, 6);
    expect(ease(1 - 1e-9)).toBeCloseTo(1, 6);
    for (let u = 0; u < 1; u += 0.01) expect(Math.abs(ease(u + 0.001) - ease(u))).toBeLessThan(0.02);
  });

  it.each(Object.keys(EASING_FUNCTIONS).filter((name) => !name.includes('Back')))('%s is monotone', (name) => {
    const ease = EASING_FUNCTIONS[name as keyof typeof EASING_FUNCTIONS];
    for (let u = 0; u < 1; u += 0.001) expect(ease(u + 0.001)).toBeGreaterThanOrEqual(ease(u) - 1e-12);
  });

  it('easeIn is slow at the start, easeOut slow at the end, easeInOut symmetric', () => {
    expect(EASING_FUNCTIONS.easeInCubic(0.5)).toBeCloseTo(0.125, 12);
    expect(EASING_FUNCTIONS.easeOutCubic(0.5)).toBeCloseTo(0.875, 12);
    for (const family of ['Quad', 'Cubic', 'Quart', 'Sine', 'Expo', 'Back']) {
      const inOut = EASING_FUNCTIONS[`easeInOut${family}` as keyof typeof EASING_FUNCTIONS];
      expect(inOut(0.5)).toBeCloseTo(0.5, 12);
      expect(inOut(0.2) + inOut(0.8)).toBeCloseTo(1, 12);
    }
  });

  it('back easings overshoot', () => {
    expect(Math.min(...Array.from({ length: 100 }, (_, i) => EASING_FUNCTIONS.easeInBack(i / 100)))).toBeLessThan(-0.05);
    expect(Math.max(...Array.from({ length: 100 }, (_, i) => EASING_FUNCTIONS.easeOutBack(i / 100)))).toBeGreaterThan(1.05);
  });
});

describe('CubicBezierEasing', () => {
  /** Brute force: sample the curve densely and interpolate y at x = u. */
  function bruteForce(x1: number, y1: number, x2: number, y2: number, u: number): number {
    const bez = (a: number, b: number, s: number) => 3 * (1 - s) ** 2 * s * a + 3 * (1 - s) * s * s * b + s ** 3;
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if (bez(x1, x2, mid) < u) lo = mid;
      else hi = mid;
    }
    return bez(y1, y2, (lo + hi) / 2);
  }

  it.each([
    [0.25, 0.1, 0.25, 1], [0.42, 0, 1, 1], [0, 0, 0.58, 1], [0.42, 0, 0.58, 1], [0.68, -0.55, 0.27, 1.55], [1, 0, 0, 1],
  ])('cubic-bezier(%s, %s, %s, %s) matches a brute-force solve', (x1, y1, x2, y2) => {
    const easing = new CubicBezierEasing(x1, y1, x2, y2);
    for (let u = 0; u <= 1; u += 0.05) expect(easing.ease(u)).toBeCloseTo(bruteForce(x1, y1, x2, y2, u), 7);
  });

  it('(0, 0, 1, 1) is the identity and ends are exact', () => {
    const linear = new CubicBezierEasing(0, 0, 1, 1);
    for (let u = 0; u <= 1; u += 0.1) expect(linear.ease(u)).toBeCloseTo(u, 9);
    expect(linear.ease(0)).toBe(0);
    expect(linear.ease(1)).toBe(1);
  });

  it('parses CSS syntax and prints it canonically', () => {
    expect(CubicBezierEasing.parse('cubic-bezier(.42,0,.58,1)')?.toString()).toBe('cubic-bezier(0.42, 0, 0.58, 1)');
    expect(CubicBezierEasing.parse(' cubic-bezier( 0.1 , -2e-1, 1, 1.5 ) ')?.toString()).toBe('cubic-bezier(0.1, -0.2, 1, 1.5)');
    expect(CubicBezierEasing.parse('cubic-bezier(0.1, 0.2, 0.3)')).toBeUndefined();
    expect(CubicBezierEasing.parse('cubic-bezier(1.1, 0, 0.5, 1)')).toBeUndefined();
    expect(CubicBezierEasing.parse('cubic-bezier(a, 0, 0.5, 1)')).toBeUndefined();
  });

  it('rejects x outside 0..1 and non-finite numbers', () => {
    expect(() => new CubicBezierEasing(-0.1, 0, 0.5, 1)).toThrow(/x1 and x2/);
    expect(() => new CubicBezierEasing(0.1, Number.NaN, 0.5, 1)).toThrow(/finite/);
  });
});
