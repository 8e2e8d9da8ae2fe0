export { LoadGenerator, type LoadGeneratorOptions } from './load-generator';
export { LoadStats, type LoadSnapshot } from './load-stats';
export { CourierJourney, type JourneyStep } from './courier-journey';
