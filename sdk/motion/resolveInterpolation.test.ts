import { describe, expect, it } from 'vitest';
import {
  canonicalInterpolation, INTERPOLATION_NAMES, InterpolationMode, interpolationProblem, isInterpolation,
  LinearInterpolation, resolveInterpolation,
} from './index.js';

describe('resolveInterpolation', () => {
  it('resolves the modes, every easing and CSS cubic-bezier to shared strategy objects', () => {
    expect(resolveInterpolation('linear')).toBe(LinearInterpolation);
    for (const name of INTERPOLATION_NAMES) expect(resolveInterpolation(name)?.name).toBe(name);
    expect(Object.values(InterpolationMode).every((mode) => isInterpolation(mode))).toBe(true);
    expect(resolveInterpolation('cubic-bezier(0.1,0.2,0.3,0.4)')).toBe(resolveInterpolation('cubic-bezier(0.1,0.2,0.3,0.4)'));
  });

  it('canonicalizes cubic-bezier text', () => {
    expect(canonicalInterpolation('cubic-bezier(.25,.1,.25,1)')).toBe('cubic-bezier(0.25, 0.1, 0.25, 1)');
    expect(canonicalInterpolation('nope')).toBeUndefined();
  });

  it('explains unknown names', () => {
    expect(interpolationProblem('linear')).toBeUndefined();
    expect(interpolationProblem('Smooth')).toContain('did you mean "smooth"');
    expect(interpolationProblem('catmull')).toContain('use one of step, linear, smooth, bezier');
    expect(interpolationProblem('cubic-bezier(2, 0, 0, 1)')).toContain('x1, x2 in 0..1');
  });
});
