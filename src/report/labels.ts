/**
 * Fixed words of tables and figures in English and Chinese (the labels of Chinese economics journals:
 * 观测值 for N, 固定效应 for FE, 是/否 for Yes/No, 括号内为标准误...). One dictionary so tables and figures
 * never disagree.
 */

/** Output language of labels. */
export type Lang = 'en' | 'zh';

const WORDS = {
  yes: ['Yes', '是'],
  no: ['No', '否'],
  fe: ['{} FE', '{} 固定效应'],
  nobs: ['N', '观测值'],
  r2: ['R2', 'R2'],
  adjR2: ['Adj. R2', '调整 R2'],
  withinR2: ['Within R2', '组内 R2'],
  se: ['SE', '标准误'],
  seNote: ['Standard errors in parentheses', '括号内为标准误'],
  tNote: ['t statistics in parentheses', '括号内为 t 值'],
  controls: ['Controls', '控制变量'],
  year: ['Year', '年份'],
  treated: ['Treated', '处理组'],
  synthetic: ['Synthetic control', '合成控制'],
  control: ['Control', '控制组'],
  gap: ['Gap (treated - synthetic)', '处理效应（处理组 - 合成控制）'],
  placebo: ['Placebo units', '安慰剂单位'],
  pValue: ['p-value', 'p 值'],
  period: ['Period', '时期'],
  relTime: ['Periods relative to treatment', '相对政策实施的期数'],
  estimate: ['Estimate', '估计系数'],
  ci: ['95% CI', '95% 置信区间'],
  density: ['Density', '密度'],
  actual: ['Actual estimate', '真实估计值'],
  placeboEstimate: ['Placebo estimate', '安慰剂估计值'],
  weight: ['Weight', '权重'],
  comparison: ['Comparison', '比较类型'],
  pscore: ['Propensity score', '倾向得分'],
  count: ['Count', '频数'],
  group: ['Group', '组别'],
  batch: ['Batch', '批次'],
  notZone: ['Not a zone', '非试点城市'],
  longitude: ['Longitude', '经度'],
  latitude: ['Latitude', '纬度'],
  treatment: ['Treatment', '政策实施'],
  reference: ['Reference period', '基期'],
  outcome: ['Outcome', '结果变量'],
  simulated: ['Simulated data', '模拟数据'],
} as const;

/** A label key. */
export type Word = keyof typeof WORDS;

/** The label `key` in `lang`; `{}` in the label is replaced by `arg`. */
export function word(key: Word, lang: Lang = 'en', arg = ''): string {
  return WORDS[key][lang === 'zh' ? 1 : 0].replace('{}', arg);
}
