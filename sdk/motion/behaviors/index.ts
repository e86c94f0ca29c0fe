export * from './BlinkBehavior.js';
export * from './BreathingBehavior.js';
export * from './CriticallyDampedSpring.js';
export * from './LookAtBehavior.js';
export * from './LookAtRangeMap.js';
export * from './SwayBehavior.js';
export * from './ValueNoise.js';
