/** DI tokens for the values service-kit provides to every service. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const VERSION_INFO = Symbol('VERSION_INFO');
export const LOGGER = Symbol('LOGGER');
export const FAULT_INJECTOR = Symbol('FAULT_INJECTOR');
