export * from './schema.js';
export { defaultCadenceSettings, type OrganisationBasics } from './defaults.js';
export { parseSettingsPatch, type FieldError, type SettingsPatchResult } from './patch.js';
