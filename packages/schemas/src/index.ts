/**
 * @cebe/schemas — CEBE's versioned event contract.
 *
 * ```ts
 * import { validateEvent, catalog, type EventAttributes } from '@cebe/schemas'
 * ```
 */

export type { EventAttributes, EventName } from './catalog/catalog.js'
export {
  CATALOG_EVENTS,
  EVENT_NAMES,
  eventsOfModule,
  getEventDefinition,
  isEventName,
} from './catalog/catalog.js'
export type { CatalogEntry, CatalogVersion } from './catalog/catalog-entries.js'
export { EXAMPLE_TENANT, exampleEnvelope, getCatalog } from './catalog/catalog-entries.js'
export type { CustomerRule, EventDefinition, EventVersion } from './catalog/define-event.js'
export { defineEvent } from './catalog/define-event.js'
export type { CebeEvent, CebeEventOf, EnvelopeFields, ModuleOf } from './catalog/event-types.js'
export { catalog } from './catalog/lazy-catalog.js'
export { catalogSnapshot } from './compat/catalog-snapshot.js'
export type {
  CatalogSnapshot,
  ChangeClass,
  CompatibilityReport,
  EventCompatibility,
  SchemaChange,
  SemverBump,
} from './compat/compat-checker.js'
export { checkCompatibility } from './compat/compat-checker.js'
export type { Actor, ActorType, SchemaVer, SourceModule } from './envelope/envelope-fields.js'
export {
  ACTOR_TYPES,
  EVENT_ID_PATTERN,
  EVENT_NAME_PATTERN,
  MAX_FUTURE_SKEW_MS,
  MODULE_TITLES,
  SCHEMAVER_PATTERN,
  SOURCE_MODULES,
  WIRE_LIMITS,
} from './envelope/envelope-fields.js'
export { eventEnvelopeSchema } from './envelope/event-schema.js'
export type { FieldMark, IdentityKind, PiiKind } from './fields/marks.js'
export { IDENTITY_KEYWORD, IDENTITY_KINDS, PII_KEYWORD, PII_KINDS, readMarks } from './fields/marks.js'
export { artifactFiles } from './json-schema/artifact-files.js'
export type { JsonSchema } from './json-schema/event-json-schema.js'
export {
  buildEnvelopeJsonSchema,
  buildEventJsonSchema,
  ENVELOPE_SCHEMA_ID,
  eventSchemaId,
  JSON_SCHEMA_DIALECT,
} from './json-schema/event-json-schema.js'
export type { HealthScoreFactor, HealthScoreFactorId } from './metrics/health-score.js'
export { HEALTH_SCORE_FACTORS } from './metrics/health-score.js'
export type { CompanyMetricId, CustomerMetricId, MetricId } from './metrics/metric-definitions.js'
export {
  getMetricDefinition,
  METRIC_DEFINITIONS,
  metricsFedBy,
  metricsForScope,
} from './metrics/metric-definitions.js'
export type {
  MetricDefinition,
  MetricEmptyValue,
  MetricGroupBy,
  MetricKind,
  MetricScope,
  MetricUnit,
} from './metrics/metric-types.js'
export { METRIC_GROUP_BY_RULES, METRIC_RULES } from './metrics/metric-types.js'
export { createAjv } from './validation/ajv-instance.js'
export type { RegisteredEvent, ValidateOptions } from './validation/event-validator.js'
export { EventValidator } from './validation/event-validator.js'
export { compareSchemaVer, isSchemaVer } from './validation/schema-ver.js'
export { validateEvent } from './validation/validate-event.js'
export type {
  ValidationError,
  ValidationErrorCode,
  ValidationResult,
} from './validation/validation-result.js'
