/** Conversion module (PRD §6.5): Booking (4 events) and Commerce (5 events). */
import { z } from 'zod'
import { count, entityId, idList, label, money, personal, timestamp } from '../fields/field-types.js'
import { defineEvent } from './define-event.js'

const bookingId = entityId('Booking id')
const serviceType = label('Kind of service booked, e.g. haircut, consultation, test_drive')
const appointmentDatetime = timestamp('Start of the booked appointment')
const orderId = entityId('Order id')
const paymentMethod = label('Payment method, e.g. bank_transfer, qris, credit_card, cod, gopay')

// ── Booking ──────────────────────────────────────────────────────────────────

export const bookingCreated = defineEvent({
  name: 'booking.created',
  module: 'conversion',
  description: 'The customer created a booking.',
  version: '1-0-0',
  notes: ['`location_id` is optional: online or at-home services have no location.'],
  attributes: z.strictObject({
    booking_id: bookingId,
    service_type: serviceType,
    appointment_datetime: appointmentDatetime,
    location_id: entityId('Branch or outlet where the appointment takes place').optional(),
  }),
  example: {
    booking_id: 'bk_2026_11_0042',
    service_type: 'hair_spa',
    appointment_datetime: '2026-11-28T10:00:00+07:00',
    location_id: 'outlet_jkt_kemang',
  },
})

export const bookingConfirmed = defineEvent({
  name: 'booking.confirmed',
  module: 'conversion',
  description: 'The business confirmed a booking.',
  version: '1-0-0',
  exampleActor: { type: 'agent', id: 'agent_17' },
  exampleTriggerFrom: 'agent',
  notes: ['`confirmed_at` is optional: it defaults to the envelope `event_timestamp`.'],
  attributes: z.strictObject({
    booking_id: bookingId,
    service_type: serviceType,
    appointment_datetime: appointmentDatetime,
    confirmed_at: timestamp('When the business confirmed the booking').optional(),
  }),
  example: {
    booking_id: 'bk_2026_11_0042',
    service_type: 'hair_spa',
    appointment_datetime: '2026-11-28T10:00:00+07:00',
    confirmed_at: '2026-11-26T09:15:00+07:00',
  },
})

export const bookingCancelled = defineEvent({
  name: 'booking.cancelled',
  module: 'conversion',
  description: 'A booking was cancelled.',
  version: '1-0-0',
  notes: [
    '`cancelled_by` is a label (customer, business, system) rather than an enum: sources name the party differently.',
    '`cancellation_reason` is a reason code, not free text; both are optional because not every channel records them.',
  ],
  attributes: z.strictObject({
    booking_id: bookingId,
    service_type: serviceType,
    appointment_datetime: appointmentDatetime,
    cancelled_by: label('Who cancelled, e.g. customer, business, system').optional(),
    cancellation_reason: personal(
      label('Why the booking was cancelled, as a reason code'),
      'free_text',
    ).optional(),
  }),
  example: {
    booking_id: 'bk_2026_11_0042',
    service_type: 'hair_spa',
    appointment_datetime: '2026-11-28T10:00:00+07:00',
    cancelled_by: 'customer',
    cancellation_reason: 'schedule_conflict',
  },
})

export const bookingCompleted = defineEvent({
  name: 'booking.completed',
  module: 'conversion',
  description: 'The booked service or appointment was completed.',
  version: '1-0-0',
  exampleActor: { type: 'agent', id: 'agent_17' },
  exampleTriggerFrom: 'agent',
  notes: [
    '`rating` is an optional integer 1–5: the customer may not rate, or may rate later.',
    '`completed_at` is optional: it defaults to the envelope `event_timestamp`.',
  ],
  attributes: z.strictObject({
    booking_id: bookingId,
    service_type: serviceType,
    appointment_datetime: appointmentDatetime,
    completed_at: timestamp('When the service was completed').optional(),
    rating: z
      .number()
      .int()
      .min(1)
      .max(5)
      .meta({ description: "Customer's rating of the service, 1–5" })
      .optional(),
  }),
  example: {
    booking_id: 'bk_2026_11_0042',
    service_type: 'hair_spa',
    appointment_datetime: '2026-11-28T10:00:00+07:00',
    completed_at: '2026-11-28T11:20:00+07:00',
    rating: 5,
  },
})

// ── Commerce ─────────────────────────────────────────────────────────────────

export const addToCart = defineEvent({
  name: 'add_to_cart',
  module: 'conversion',
  description: 'The customer added a catalogue item to the cart.',
  version: '1-0-0',
  notes: ['`items_id` holds at least one item id.'],
  attributes: z.strictObject({
    items_id: idList('Catalogue item ids added to the cart').min(1),
    timestamp: timestamp('When the item was added').optional(),
  }),
  example: {
    items_id: ['sku_batik_tulis_m', 'sku_kopi_gayo_250g'],
    timestamp: '2026-11-27T19:42:00+07:00',
  },
})

const orderItem = z
  .strictObject({
    item_id: entityId('Catalogue item id'),
    name: label('Item name at the time of ordering').optional(),
    quantity: z.number().int().min(1).meta({ description: 'Units ordered' }),
    unit_price: money('Price of one unit in the company currency').optional(),
  })
  .meta({ description: 'One order line' })

export const orderCreated = defineEvent({
  name: 'order.created',
  module: 'conversion',
  description: 'An order was placed (Commerce).',
  version: '1-0-0',
  notes: [
    '`items` is an array of 1–500 lines `{ item_id, name?, quantity, unit_price? }`.',
    '`total_value` and `payment_method` are required: average order value and preferred payment method read them.',
  ],
  attributes: z.strictObject({
    order_id: orderId,
    items: z.array(orderItem).min(1).max(500).meta({ description: 'Order lines' }),
    total_value: money('Order total in the company currency'),
    payment_method: paymentMethod,
  }),
  example: {
    order_id: 'ord_2026_11_10087',
    items: [
      { item_id: 'sku_batik_tulis_m', name: 'Kemeja Batik Tulis (M)', quantity: 1, unit_price: 385000 },
      { item_id: 'sku_kopi_gayo_250g', name: 'Kopi Gayo 250 g', quantity: 2, unit_price: 95000 },
    ],
    total_value: 575000,
    payment_method: 'qris',
  },
})

// order.paid, order.delivered and payment.failed: 1-0-0 is the PRD's payload, which cannot be
// linked to its order; 2-0-0 adds a required order_id. 1-0-0 stays validatable by schema_version.

const orderPaidV1 = z.strictObject({
  payment_type: z.enum(['dp', 'full']).meta({ description: 'Down payment (dp) or full payment' }),
  paid_amount: money('Amount paid in this payment, in the company currency'),
  paid_at: timestamp('When the payment was confirmed').optional(),
})

export const orderPaid = defineEvent({
  name: 'order.paid',
  module: 'conversion',
  description: 'A payment was confirmed.',
  exampleActor: { type: 'system' },
  exampleTriggerFrom: 'system',
  notes: [
    'Added required `order_id` in 2-0-0: the PRD payload cannot be linked to its order (paid rate needs it).',
    '`paid_amount` is required: LTV and campaign-attributed revenue sum it.',
  ],
  previousVersions: [
    {
      version: '1-0-0',
      attributes: orderPaidV1,
      example: {
        payment_type: 'full',
        paid_amount: 575000,
        paid_at: '2026-11-27T19:50:00+07:00',
      } satisfies z.input<typeof orderPaidV1>,
    },
  ],
  version: '2-0-0',
  changes: 'Added required order_id to link the payment/delivery to its order (MODEL: breaking).',
  attributes: z.strictObject({ order_id: orderId, ...orderPaidV1.shape }),
  example: {
    order_id: 'ord_2026_11_10087',
    payment_type: 'full',
    paid_amount: 575000,
    paid_at: '2026-11-27T19:50:00+07:00',
  },
})

const orderDeliveredV1 = z.strictObject({
  delivery_method: label('How the order was delivered, e.g. jne_reg, gosend_instant, pickup'),
  delivered_at: timestamp('When the order was delivered').optional(),
})

export const orderDelivered = defineEvent({
  name: 'order.delivered',
  module: 'conversion',
  description: 'An order was delivered.',
  exampleActor: { type: 'system' },
  exampleTriggerFrom: 'system',
  notes: ['Added required `order_id` in 2-0-0: the PRD payload cannot be linked to its order.'],
  previousVersions: [
    {
      version: '1-0-0',
      attributes: orderDeliveredV1,
      example: {
        delivery_method: 'jne_reg',
        delivered_at: '2026-11-30T14:05:00+07:00',
      } satisfies z.input<typeof orderDeliveredV1>,
    },
  ],
  version: '2-0-0',
  changes: 'Added required order_id to link the payment/delivery to its order (MODEL: breaking).',
  attributes: z.strictObject({ order_id: orderId, ...orderDeliveredV1.shape }),
  example: {
    order_id: 'ord_2026_11_10087',
    delivery_method: 'jne_reg',
    delivered_at: '2026-11-30T14:05:00+07:00',
  },
})

const paymentFailedV1 = z.strictObject({
  failure_reason: personal(label('Why the payment failed, as reported by the payment gateway'), 'free_text'),
  attempt_count: count('Number of payment attempts so far, this one included').min(1),
})

export const paymentFailed = defineEvent({
  name: 'payment.failed',
  module: 'conversion',
  description: 'A payment attempt failed.',
  exampleActor: { type: 'system' },
  exampleTriggerFrom: 'system',
  notes: [
    'Added required `order_id` in 2-0-0: the PRD payload cannot be linked to its order.',
    'Added optional `payment_method` in 2-0-0: shows which method fails for the customer.',
    '`attempt_count` is at least 1: the failed attempt itself counts.',
  ],
  previousVersions: [
    {
      version: '1-0-0',
      attributes: paymentFailedV1,
      example: {
        failure_reason: 'insufficient_funds',
        attempt_count: 1,
      } satisfies z.input<typeof paymentFailedV1>,
    },
  ],
  version: '2-0-0',
  changes:
    'Added required order_id to link the payment/delivery to its order (MODEL: breaking); added optional payment_method.',
  attributes: z.strictObject({
    order_id: orderId,
    ...paymentFailedV1.shape,
    payment_method: paymentMethod.optional(),
  }),
  example: {
    order_id: 'ord_2026_11_10087',
    failure_reason: 'insufficient_funds',
    attempt_count: 2,
    payment_method: 'credit_card',
  },
})

export const conversionEvents = [
  bookingCreated,
  bookingConfirmed,
  bookingCancelled,
  bookingCompleted,
  addToCart,
  orderCreated,
  orderPaid,
  orderDelivered,
  paymentFailed,
] as const
