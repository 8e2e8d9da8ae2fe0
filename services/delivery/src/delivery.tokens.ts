/** DI token for the ETA model this version runs. */
export const ETA_MODEL = Symbol('ETA_MODEL');
