export { startKafka, type KafkaOptions, type RunningKafka } from './kafka.ts';
export { REALM, REALM_FILE, startKeycloak, type RunningKeycloak } from './keycloak.ts';
export {
  engineVersions,
  missingPrerequisites,
  provisionEngines,
  type EngineInstall,
  type EngineVersions,
} from './provision.ts';
export { ENGINE_ENV, enginesEnv, type Engines } from './env.ts';
