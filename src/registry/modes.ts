/**
 * The five development modes of the CBEC pilot zones described in seed 002 ("Exploring the Development Mode
 * of China's Cross-Border E-Commerce Comprehensive Pilot Zone in the New Era"), with the cities the seed
 * names: industrial agglomeration (Shenzhen, Hangzhou), traditional foreign trade (Ningbo, Guangzhou,
 * Suzhou), B2C retail import (Zhengzhou), Belt-and-Road "Silk Road e-commerce" (Chengdu, Hefei), and
 * bilateral cooperation on local characteristics (no city named). A typology for heterogeneity analysis.
 */
import { readDataJson } from './data-files.js';
import type { DevelopmentMode } from './types.js';

/** The five modes, in the seed's order. */
export function developmentModes(): readonly DevelopmentMode[] {
  return readDataJson<{ modes: DevelopmentMode[] }>('registry/development-modes.json').modes;
}

/** The mode the seed assigns to a city code, or undefined (most cities are not named by the seed). */
export function developmentModeOf(code: string): DevelopmentMode | undefined {
  return developmentModes().find((m) => m.city_codes.includes(code));
}
