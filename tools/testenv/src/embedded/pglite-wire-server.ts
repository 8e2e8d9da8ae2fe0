import { createServer, type Server, type Socket } from 'node:net';
import { ScramVerifier, type ScramStep } from './scram-verifier';

/** The part of PGlite this server drives (structural, so ESM and CJS typings of PGlite both fit). */
export interface PGliteSession {
  isInTransaction(): boolean;
  runExclusive<T>(fn: () => Promise<T>): Promise<T>;
  execProtocolRawStream(message: Uint8Array, options: { onRawData: (data: Uint8Array) => void }): Promise<void>;
  exec(query: string): Promise<unknown>;
}

/** Special startup-phase request codes (no type byte): answered here, never passed to PGlite. */
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

/**
 * Messages after which the client waits for an answer. A batch of extended-protocol messages
 * (Parse, Bind, Describe, Execute, …) ends at one of these and must reach PGlite uninterrupted.
 */
const BATCH_ENDS = new Set(['S', 'Q', 'H']);
/**
 * Like Postgres' idle_in_transaction_session_timeout, but only while others wait: a client that
 * opened a transaction and went quiet would otherwise stall every other client of the shared
 * session. Its connection is terminated and the transaction rolled back.
 */
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 5000;
const TERMINATE = 'X';
/** The SASL messages a client sends during authentication (SASLInitialResponse, SASLResponse). */
const PASSWORD_MESSAGE = 'p';
/** The one role PGlite has: a connection for any other is refused, as a server without that role would. */
const ROLE = 'postgres';

interface Batch {
  connection: Connection;
  messages: Buffer[];
  done: () => void;
}

interface Connection {
  id: number;
  socket: Socket;
  buffer: Buffer;
  startedUp: boolean;
  /** While SCRAM runs: the startup message to hand PGlite once the password is proven, and the exchange. */
  authenticating?: { startup: Buffer; user: string; step: 'first' | 'final'; scram: ReturnType<ScramVerifier['exchange']> };
  pending: Buffer[];
  /** Batches are sent one at a time per connection, in order. */
  chain: Promise<void>;
}

/**
 * A PostgreSQL wire-protocol front end for one PGlite instance, shared by many TCP clients.
 *
 * PGlite is a single Postgres session. @electric-sql/pglite-socket forwards each protocol message
 * on its own, so one client's Parse can land between another's Parse and Bind and corrupt both
 * ("bind message supplies 2 parameters…") as soon as two pools query concurrently. This server
 * forwards whole batches (everything up to Sync/Query/Flush) atomically, and while one client has
 * a transaction open only that client's batches run — the isolation a real server gives per
 * session, serialised.
 *
 * With a password, every connection must prove it by SCRAM-SHA-256 for the role "postgres" before
 * PGlite sees its startup message (PGlite itself accepts anyone): a wrong password or another role
 * gets FATAL 28P01, as from PostgreSQL.
 */
export class PGliteWireServer {
  private readonly server: Server;
  private readonly queue: Batch[] = [];
  private readonly connections = new Set<Connection>();
  private transactionOwner: Connection | undefined;
  private idleOwnerTimer: NodeJS.Timeout | undefined;
  private running = false;
  private nextId = 1;

  private readonly verifier: ScramVerifier | undefined;

  constructor(
    private readonly db: PGliteSession,
    password?: string,
  ) {
    this.verifier = password === undefined ? undefined : new ScramVerifier(password);
    this.server = createServer((socket) => this.accept(socket));
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  async close(): Promise<void> {
    for (const connection of this.connections) connection.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    const connection: Connection = { id: this.nextId++, socket, buffer: Buffer.alloc(0), startedUp: false, pending: [], chain: Promise.resolve() };
    this.connections.add(connection);
    socket.on('data', (data) => this.receive(connection, data));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => void this.disconnect(connection));
  }

  private receive(connection: Connection, data: Buffer): void {
    connection.buffer = Buffer.concat([connection.buffer, data]);
    for (;;) {
      let message = connection.startedUp || connection.authenticating ? takeTypedMessage(connection) : takeStartupMessage(connection);
      if (!message) return;
      if (message === 'handled') continue;
      if (!connection.startedUp && this.verifier) {
        const proven = this.authenticate(this.verifier, connection, message);
        if (proven === undefined) return;
        if (proven === 'more') continue;
        message = proven; // PGlite gets the startup message now, and answers AuthenticationOk and the rest
      }
      if (connection.startedUp && String.fromCharCode(message[0]) === TERMINATE) {
        connection.socket.end();
        return;
      }
      connection.pending.push(message);
      if (!connection.startedUp || BATCH_ENDS.has(String.fromCharCode(message[0]))) {
        connection.startedUp = true;
        const messages = connection.pending;
        connection.pending = [];
        connection.chain = connection.chain.then(() => new Promise<void>((done) => this.enqueue({ connection, messages, done })));
      }
    }
  }

  /**
   * One step of the SCRAM-SHA-256 exchange that precedes the startup: the startup message itself
   * (answered with AuthenticationSASL), then SASLInitialResponse and SASLResponse. Returns the
   * startup message once the password is proven, 'more' while the exchange goes on, and undefined
   * after refusing the connection.
   */
  private authenticate(verifier: ScramVerifier, connection: Connection, message: Buffer): Buffer | 'more' | undefined {
    const { socket } = connection;
    const auth = connection.authenticating;
    if (!auth) {
      const user = startupParameters(message).get('user') ?? '';
      connection.authenticating = { startup: message, user, step: 'first', scram: verifier.exchange() };
      socket.write(authenticationRequest(AUTH_SASL, 'SCRAM-SHA-256\0\0'));
      return 'more';
    }
    if (String.fromCharCode(message[0]) !== PASSWORD_MESSAGE) return refuse(socket, '08P01', 'expected a SASL response during authentication');
    let step: ScramStep;
    if (auth.step === 'first') {
      // SASLInitialResponse: mechanism name, then the client-first-message with its length.
      const nameEnd = message.indexOf(0, 5);
      const mechanism = message.toString('utf8', 5, nameEnd);
      if (mechanism !== 'SCRAM-SHA-256') return refuse(socket, '28000', `SASL mechanism "${mechanism}" is not supported; use SCRAM-SHA-256`);
      const length = message.readInt32BE(nameEnd + 1);
      step = auth.scram.first(message.toString('utf8', nameEnd + 5, nameEnd + 5 + Math.max(length, 0)));
      if ('reply' in step) {
        auth.step = 'final';
        socket.write(authenticationRequest(AUTH_SASL_CONTINUE, step.reply));
        return 'more';
      }
    } else {
      step = auth.scram.final(message.toString('utf8', 5));
      // Another role fails like a wrong password, after the whole exchange, as PostgreSQL does.
      if ('reply' in step && auth.user === ROLE) {
        socket.write(authenticationRequest(AUTH_SASL_FINAL, step.reply));
        connection.authenticating = undefined;
        return auth.startup;
      }
    }
    const reason = 'failure' in step && step.failure !== 'password' ? step.failure : `password authentication failed for user "${auth.user}"`;
    return refuse(socket, '28P01', reason);
  }

  private enqueue(batch: Batch): void {
    this.queue.push(batch);
    void this.drain();
  }

  /** Runs queued batches one at a time; while a transaction is open, only its owner's batches. */
  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const index = this.transactionOwner ? this.queue.findIndex((b) => b.connection === this.transactionOwner) : 0;
        if (this.queue.length === 0) return;
        if (index < 0) {
          this.watchIdleOwner();
          return;
        }
        this.stopWatchingIdleOwner();
        const [batch] = this.queue.splice(index, 1);
        await this.execute(batch);
        this.transactionOwner = this.db.isInTransaction() ? batch.connection : undefined;
        batch.done();
      }
    } finally {
      this.running = false;
    }
  }

  private async execute({ connection, messages }: Batch): Promise<void> {
    const write = (chunk: Uint8Array) => {
      if (!connection.socket.destroyed) connection.socket.write(chunk);
    };
    try {
      await this.db.runExclusive(async () => {
        for (const message of messages) await this.db.execProtocolRawStream(new Uint8Array(message), { onRawData: write });
      });
    } catch {
      connection.socket.destroy();
    }
  }

  private watchIdleOwner(): void {
    const owner = this.transactionOwner;
    if (this.idleOwnerTimer || !owner) return;
    this.idleOwnerTimer = setTimeout(() => {
      this.idleOwnerTimer = undefined;
      if (this.transactionOwner === owner) owner.socket.destroy();
    }, IDLE_IN_TRANSACTION_TIMEOUT_MS);
    this.idleOwnerTimer.unref();
  }

  private stopWatchingIdleOwner(): void {
    clearTimeout(this.idleOwnerTimer);
    this.idleOwnerTimer = undefined;
  }

  /** A client that vanishes mid-transaction must not leave the shared session blocked. */
  private async disconnect(connection: Connection): Promise<void> {
    this.connections.delete(connection);
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i].connection === connection) this.queue.splice(i, 1)[0].done();
    }
    if (this.transactionOwner === connection) {
      this.transactionOwner = undefined;
      this.stopWatchingIdleOwner();
      await this.db.exec('ROLLBACK').catch(() => undefined);
      void this.drain();
    }
  }
}

/** Authentication request codes of the 'R' message (PostgreSQL protocol, "Message Formats"). */
const AUTH_SASL = 10;
const AUTH_SASL_CONTINUE = 11;
const AUTH_SASL_FINAL = 12;

function authenticationRequest(code: number, payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  const message = Buffer.alloc(9 + body.length);
  message.write('R', 0);
  message.writeInt32BE(8 + body.length, 1);
  message.writeInt32BE(code, 5);
  body.copy(message, 9);
  return message;
}

/** Sends FATAL ErrorResponse `code` and closes the connection; returns undefined for the caller to stop. */
function refuse(socket: Socket, code: string, text: string): undefined {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${text}\0\0`, 'utf8');
  const message = Buffer.alloc(5 + fields.length);
  message.write('E', 0);
  message.writeInt32BE(4 + fields.length, 1);
  fields.copy(message, 5);
  socket.end(message);
  return undefined;
}

/** A StartupMessage's parameters: `int32 length, int32 protocol, (name NUL value NUL)*, NUL`. */
function startupParameters(message: Buffer): Map<string, string> {
  const parts = message.toString('utf8', 8).split('\0');
  const parameters = new Map<string, string>();
  for (let i = 0; i + 1 < parts.length && parts[i] !== ''; i += 2) parameters.set(parts[i], parts[i + 1]);
  return parameters;
}

/** Startup-phase packets are `int32 length, int32 code, …` with no type byte. */
function takeStartupMessage(connection: Connection): Buffer | 'handled' | undefined {
  const { buffer } = connection;
  if (buffer.length < 8) return undefined;
  const length = buffer.readInt32BE(0);
  if (buffer.length < length) return undefined;
  const code = buffer.readInt32BE(4);
  const message = buffer.subarray(0, length);
  connection.buffer = buffer.subarray(length);
  if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
    connection.socket.write('N');
    return 'handled';
  }
  if (code === CANCEL_REQUEST) {
    // Statements cannot be cancelled inside PGlite; the client's own timeout still applies.
    connection.socket.end();
    return 'handled';
  }
  return Buffer.from(message);
}

/** Regular messages are `byte type, int32 length (including itself), payload`. */
function takeTypedMessage(connection: Connection): Buffer | undefined {
  const { buffer } = connection;
  if (buffer.length < 5) return undefined;
  const length = buffer.readInt32BE(1) + 1;
  if (buffer.length < length) return undefined;
  const message = Buffer.from(buffer.subarray(0, length));
  connection.buffer = buffer.subarray(length);
  return message;
}
