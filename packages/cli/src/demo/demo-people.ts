/** Who the demo company's customers and agents are: Indonesian names, cities, phones, emails. */
import type { SeededRandom } from './seeded-random.js'

const FIRST = [
  'Sari',
  'Budi',
  'Dewi',
  'Agus',
  'Rina',
  'Andi',
  'Putri',
  'Rizky',
  'Maya',
  'Fajar',
  'Intan',
  'Hendra',
  'Nabila',
  'Yoga',
  'Ayu',
  'Dimas',
  'Lestari',
  'Bayu',
  'Citra',
  'Eko',
]
const LAST = [
  'Wulandari',
  'Santoso',
  'Pratama',
  'Saputra',
  'Kusuma',
  'Hidayat',
  'Lestari',
  'Nugroho',
  'Siregar',
  'Wijaya',
  'Halim',
  'Rahmawati',
  'Gunawan',
  'Setiawan',
]
const CITIES = [
  'Jakarta Selatan',
  'Bandung',
  'Surabaya',
  'Medan',
  'Semarang',
  'Yogyakarta',
  'Denpasar',
  'Makassar',
  'Bekasi',
  'Tangerang',
]
export const AGENTS = ['agent_3', 'agent_7', 'agent_12', 'agent_17', 'agent_21', 'agent_25']
export const SALES = ['agent_21', 'agent_25', 'agent_30']

export interface DemoCustomer {
  id: string
  name: string
  firstName: string
  city: string
  phone: string
  email: string
  /** When they were created in the CDP (ms). */
  since: number
  /** Shops online (orders, carts, loyalty). */
  shopper: boolean
  /** Books appointments. */
  booker: boolean
  /** A B2B buyer with deals. */
  business: boolean
  /** Came in through an ad. */
  fromAd: boolean
}

export function makeCustomer(n: number, since: number, random: SeededRandom): DemoCustomer {
  const firstName = random.pick(FIRST)
  const last = random.pick(LAST)
  return {
    id: `cust_${String(n).padStart(4, '0')}`,
    name: `${firstName} ${last}`,
    firstName,
    city: random.pick(CITIES),
    phone: `+628${String(1_100_000_000 + n * 7_919).slice(0, 10)}`,
    email: `${firstName}.${last}.${n}@example.co.id`.toLowerCase(),
    since,
    shopper: random.chance(0.75),
    booker: random.chance(0.3),
    business: random.chance(0.1),
    fromAd: random.chance(0.25),
  }
}
