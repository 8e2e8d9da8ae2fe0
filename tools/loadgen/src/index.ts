export { LoadGenerator, type LoadGeneratorOptions } from './load-generator';
export { LoadStats, FAILURE_EXAMPLES, type FailureExample, type LoadSnapshot } from './load-stats';
export { CourierJourney, type JourneyStep } from './courier-journey';
