import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Socket } from 'node:net';
import type { RefusalTally } from '../refusalTally.ts';
import { AddressConnections } from './addressConnections.ts';
import { type AddressKeying, addressKey, clientAddress } from './clientAddress.ts';

export interface ConnectionGateOptions extends AddressKeying {
  /** TCP connections one address may hold at once. */
  perAddress: number;
  /** TCP connections the whole process may hold at once, whoever they are from. */
  maxConnections: number;
}

/** Sent on a TCP connection the server will not take, then the connection closes. */
const answer = (status: string) =>
  `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\nRetry-After: 10\r\n\r\n`;
const SERVER_FULL = answer('503 Service Unavailable');
const ADDRESS_FULL = answer('429 Too Many Requests');

/**
 * Every connection to the server, counted where it is cheapest to refuse: each TCP connection
 * against the process's ceiling, and against its address's share — plain page loads, Socket.IO
 * and the board alike, so that sockets held open by sending a header line now and then cannot
 * starve anyone else [RC5]. Behind a trusted proxy every TCP connection comes from the proxy: the
 * share is then kept per forwarded address, when a request says whose it is (Socket.IO sessions
 * and board upgrades; the proxy's own timeouts guard its slow requests).
 */
export class ConnectionGate {
  readonly #perAddress: AddressConnections;
  #open = 0;

  constructor(
    private readonly options: ConnectionGateOptions,
    private readonly refusals: RefusalTally,
  ) {
    this.#perAddress = new AddressConnections(options.perAddress);
  }

  /** Counts every TCP connection the HTTP server accepts, and turns away those over a budget. */
  watch(http: HttpServer): void {
    http.on('connection', (socket: Socket) => this.#admitTcp(socket));
  }

  get openConnections(): number {
    return this.#open;
  }

  /**
   * For a request that opens a long-lived session (Socket.IO, board): behind a proxy, counts it
   * against the forwarded address's share and returns its release, or null when that share is
   * full; served directly, the TCP connection was counted already and this admits it as it is.
   */
  admitSession(request: IncomingMessage): (() => void) | null {
    if (!this.options.trustProxy) return noop;
    const release = this.#perAddress.open(clientAddress(request, this.options));
    if (!release) this.refusals.count('address_full');
    return release;
  }

  #admitTcp(socket: Socket): void {
    if (this.#open >= this.options.maxConnections) {
      this.refusals.count('server_full');
      refuse(socket, SERVER_FULL);
      return;
    }
    let release = noop;
    if (!this.options.trustProxy) {
      const held = this.#perAddress.open(addressKey(socket.remoteAddress ?? 'unknown', this.options.ipv6BudgetPrefix));
      if (!held) {
        this.refusals.count('address_full');
        refuse(socket, ADDRESS_FULL);
        return;
      }
      release = held;
    }
    this.#open += 1;
    socket.once('close', () => {
      this.#open -= 1;
      release();
    });
  }
}

const noop = () => {};

/**
 * Answers a connection the server will not take with a plain HTTP status and closes it at once:
 * its descriptor is free again now, not when the peer gets round to closing its end.
 */
function refuse(socket: Socket, response: string): void {
  socket.on('error', noop);
  socket.write(response);
  if (socket.writableLength === 0) socket.destroy();
  else socket.end(() => socket.destroy());
}
