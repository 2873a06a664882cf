/**
 * WebSocket close codes the axon uses (4000-4999 is the application range;
 * 4xxx mirrors the HTTP status). See protocol/README.md, "Errors, and close or keep open".
 */
export const CLOSE_CODES = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  MESSAGE_TOO_BIG: 1009,
  BAD_REQUEST: 4400,
  UNAUTHORIZED: 4401,
  BLACKLISTED: 4403,
  TIMEOUT: 4408,
  RATE_LIMITED: 4429,
  OVERLOADED: 4503,
} as const;
