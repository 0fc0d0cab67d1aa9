// A port nothing listens on right now, picked by the kernel. Another program may take it before
// the caller binds it; callers that start a server on it report "address in use" clearly.
import { createServer } from 'node:net';
import { AppError } from '../errors.ts';

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (cause) =>
      reject(
        new AppError('SERVICE_UNAVAILABLE', `Cannot pick a free port on "${host}".`, {
          hint: 'Check that the address belongs to this machine, or pass a port explicitly.',
          cause,
        }),
      ),
    );
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      // listen() on port 0 always yields an AddressInfo for a TCP server.
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function canBind(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Fails clearly when port is taken, before a server is started on it (their own errors hide in logs). */
export async function assertPortFree(port: number, service: string, host = '127.0.0.1'): Promise<void> {
  if (await canBind(port, host)) return;
  throw new AppError('SERVICE_UNAVAILABLE', `Port ${port} on ${host} is taken by another program, so the ${service} cannot use it.`, {
    hint: `Choose another port for the ${service}, or stop the program using it.`,
    details: { port, host },
  });
}
