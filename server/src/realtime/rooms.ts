import type { WebSocket } from "ws";

/** Sockets grouped by workspace: an event for a workspace goes to its room and nowhere else. */
export class Rooms {
  private readonly rooms = new Map<string, Set<WebSocket>>();

  join(workspaceId: string, ws: WebSocket): void {
    const room = this.rooms.get(workspaceId) ?? new Set();
    this.rooms.set(workspaceId, room);
    room.add(ws);
  }

  leave(workspaceId: string, ws: WebSocket): void {
    const room = this.rooms.get(workspaceId);
    if (!room) return;
    room.delete(ws);
    if (room.size === 0) this.rooms.delete(workspaceId);
  }

  members(workspaceId: string): Iterable<WebSocket> {
    return this.rooms.get(workspaceId) ?? [];
  }

  get size(): number {
    let n = 0;
    for (const room of this.rooms.values()) n += room.size;
    return n;
  }
}
