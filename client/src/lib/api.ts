import type { CreateRoomInput, CreateRoomResponse, PublicConfig } from '../../../shared/src/protocol/rest.ts';

export type CreateResult = { ok: true; room: CreateRoomResponse } | { ok: false; message: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** POST /api/rooms: the server validates the request; its message is shown as is. */
export async function createRoom(request: CreateRoomInput): Promise<CreateResult> {
  let response: Response;
  try {
    response = await fetch('/api/rooms', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
  } catch {
    return { ok: false, message: 'Could not reach the server. Check your connection and try again.' };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok && isObject(body) && typeof body.roomId === 'string' && typeof body.secret === 'string') {
    const room: CreateRoomResponse = { roomId: body.roomId, secret: body.secret };
    // Handed back as it came: the process that brings the room to life checks its seal.
    if (isObject(body.genesis)) room.genesis = body.genesis as unknown as CreateRoomResponse['genesis'];
    return { ok: true, room };
  }
  if (isObject(body) && typeof body.message === 'string') return { ok: false, message: body.message };
  if (response.status === 429 || response.status === 503) {
    return { ok: false, message: 'The server is busy right now. Please try again in a minute.' };
  }
  return { ok: false, message: `The room could not be created (error ${response.status}).` };
}

function toConfig(body: unknown): PublicConfig | null {
  if (!isObject(body) || !Array.isArray(body.supportResources)) return null;
  const supportResources = body.supportResources.flatMap((r: unknown) => {
    if (!isObject(r) || typeof r.label !== 'string' || typeof r.detail !== 'string') return [];
    const href = typeof r.href === 'string' ? r.href : undefined;
    return [{ label: r.label, detail: r.detail, href }];
  });
  if (typeof body.capacity !== 'number') return null;
  return { supportResources, capacity: body.capacity };
}

let configRequest: Promise<PublicConfig | null> | null = null;

/** GET /api/config, once per page load. Null when the server cannot be reached. */
export function loadConfig(): Promise<PublicConfig | null> {
  configRequest ??= fetch('/api/config')
    .then((r) => (r.ok ? r.json() : null))
    .then(toConfig)
    .catch(() => {
      configRequest = null;
      return null;
    });
  return configRequest;
}
