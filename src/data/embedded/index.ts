/** The embedded city panel (simulated around published statistics): generator, default panel, model and effects. */
export { generateCityPanel, SIMULATED_NOTICE, type CityPanel, type CityPanelOptions, type ColumnKind, type ColumnProvenance, type TruthByBatch } from './generate.js';
export { loadCityPanel } from './load.js';
export { DEFAULT_EFFECTS, DIFFUSION_OUTCOMES, NO_EFFECTS, PLANTABLE_OUTCOMES, plantedEffect, resolveEffects, type EffectSpec, type EffectsOption, type EffectOverrides, type OutcomeEffect } from './effects.js';
export { DEFAULT_SEED, DEFAULT_YEARS, SIM_VARIABLES, PRODUCTION, MEDIATOR_VARIABLES, URBANISATION, MARKETISATION, NATIONAL_URBANISATION, type SimVariable, type MediatorVariable } from './model.js';
export { defaultPanelCodes } from './panel-cities.js';
export { SRC_LEVELS } from './fill.js';
export { perpetualInventory } from './simulate.js';
