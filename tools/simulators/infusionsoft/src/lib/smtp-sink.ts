import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SunkMail {
  from: string;
  to: string[];
  subject: string;
  /** The message as received (headers and body), for assertions on content. */
  raw: string;
  receivedAt: string;
}

export interface SmtpSink {
  port: number;
  host: string;
  messages(): SunkMail[];
  clear(): void;
  close(): Promise<void>;
}

/** `Subject:` of a raw message, unfolded; RFC 2047 words are left as they are (tests send ASCII). */
function subjectOf(raw: string): string {
  const head = raw.split(/\r?\n\r?\n/, 1)[0].replace(/\r?\n[ \t]+/g, ' ');
  return /^subject:\s*(.*)$/im.exec(head)?.[1]?.trim() ?? '';
}

/**
 * A real SMTP server that keeps every message in memory, so tests and local runs see the error
 * mail the connector sends (nodemailer over SMTP, as in production). No auth, no TLS: loopback only.
 */
export async function startSmtpSink(options: { port?: number; host?: string; maxMessages?: number } = {}): Promise<SmtpSink> {
  const host = options.host ?? '127.0.0.1';
  const max = options.maxMessages ?? 1000;
  let mails: SunkMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        mails.push({ from, to: session.envelope.rcptTo.map((r) => r.address), subject: subjectOf(raw), raw, receivedAt: new Date().toISOString() });
        if (mails.length > max) mails = mails.slice(-max);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.server.address() as AddressInfo;
  return {
    port: address.port,
    host,
    messages: () => [...mails],
    clear: () => void (mails = []),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
