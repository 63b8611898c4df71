/**
 * The company event feed (`GET /v1/events`, ADR 0112): a company's events newest first, every
 * event — with a customer or not. Neither existing index yields that order: the customer
 * timeline key starts with the customer, `events_company_window` with the event name.
 */
import type { DialectSql } from './dialect-sql.js'

const statements = ['CREATE INDEX events_company_feed ON events (company_id, event_ts)']

export const companyFeed: DialectSql = { sqlite: statements, postgres: statements }
