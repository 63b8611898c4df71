/** Where `cebe mcp --http` answers; apart from the server so `cebe --help` needs no MCP SDK. */
export const MCP_PATH = '/mcp'
export const MCP_DEFAULT_PORT = 4749
