import type { BoardCloseCode } from '../../shared/src/protocol/boardEndpoint.ts';
import type { RefusalCode } from '../../shared/src/room/refusal.ts';

/** What the server turns away: a typed refusal, a board close, or a connection it does not take. */
export type RefusalKind =
  | RefusalCode
  | `board_${BoardCloseCode}`
  | 'origin_refused'
  | 'address_full'
  | 'server_full'
  | 'address_churn'
  | 'join_deadline'
  | 'slow_consumer'
  | 'flood_dropped'
  | 'resume_crowded'
  | 'resume_missing'
  | 'draining'
  | 'wrong_route'
  | 'resume_refused_here';
