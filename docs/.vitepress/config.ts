/**
 * The CEBE docs site. Reference pages (`reference/`) are generated from `@cebe/schemas` by
 * `cebe docs build`; guides and ADRs are hand-written. The sidebar is built from the same catalog.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { getCatalog, MODULE_TITLES, SOURCE_MODULES } from '@cebe/schemas'
import { type DefaultTheme, defineConfig } from 'vitepress'

const guides: DefaultTheme.SidebarItem[] = [
  { text: 'Quick start', link: '/guides/quick-start' },
  { text: 'Add your module’s events', link: '/guides/add-your-module' },
  { text: 'Validate events in CI', link: '/guides/ci-validation' },
  { text: 'Run the server', link: '/guides/running-the-server' },
  { text: 'Reading customers', link: '/guides/reading-customers' },
  { text: 'Read metrics', link: '/guides/metrics' },
  { text: 'Segments', link: '/guides/segments' },
  { text: 'Agent customer memory (MCP)', link: '/guides/agent-memory' },
  { text: 'PII and identity', link: '/guides/pii-and-identity' },
  { text: 'Security and tenancy', link: '/guides/security' },
  { text: 'Webhooks', link: '/guides/webhooks' },
  { text: 'Backfill history', link: '/guides/backfill' },
]

function referenceSidebar(): DefaultTheme.SidebarItem[] {
  const catalog = getCatalog()
  return [
    {
      text: 'Reference',
      items: [
        { text: 'Event catalog', link: '/reference/' },
        { text: 'The envelope', link: '/reference/envelope' },
        { text: 'Metrics', link: '/reference/metrics' },
        { text: 'HTTP API', link: '/reference/http-api' },
      ],
    },
    ...SOURCE_MODULES.map((module) => ({
      text: MODULE_TITLES[module] ?? module,
      collapsed: true,
      items: [
        { text: 'Module overview', link: `/reference/modules/${module}` },
        ...catalog
          .filter((entry) => entry.module === module)
          .map((entry) => ({ text: entry.name, link: `/reference/events/${entry.name}` })),
      ],
    })),
  ]
}

function decisionsSidebar(): DefaultTheme.SidebarItem[] {
  const dir = new URL('../adr/', import.meta.url)
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.md'))
    .sort()
  return [
    {
      text: 'Architecture decisions',
      items: [
        { text: 'All decisions', link: '/reference/decisions' },
        ...files.map((file) => ({
          text: /^#\s+(.+)$/m.exec(readFileSync(new URL(file, dir), 'utf8'))?.[1] ?? file,
          link: `/adr/${file.replace(/\.md$/, '')}`,
        })),
      ],
    },
  ]
}

export default defineConfig({
  title: 'CEBE',
  description: 'The Customer Event-Based Engine: event catalog, schemas, metrics and guides.',
  lang: 'en',
  srcExclude: ['test/**', 'README.md'],
  lastUpdated: false,
  themeConfig: {
    nav: [
      { text: 'Guides', link: '/guides/quick-start' },
      { text: 'Events', link: '/reference/' },
      { text: 'Metrics', link: '/reference/metrics' },
      { text: 'HTTP API', link: '/reference/http-api' },
      { text: 'Decisions', link: '/reference/decisions' },
    ],
    sidebar: {
      '/guides/': [{ text: 'Guides', items: guides }],
      '/reference/decisions': decisionsSidebar(),
      '/adr/': decisionsSidebar(),
      '/reference/': referenceSidebar(),
    },
    search: { provider: 'local' },
    outline: { level: [2, 3] },
  },
})
