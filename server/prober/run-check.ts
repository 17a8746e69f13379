// One availability check of an HTTP(S) or TCP target. Never throws: every failure becomes a
// `down` result with a message a technician understands.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { CheckStatus } from '../../shared/domain-constants.ts';
import { DAY_MS } from '../domain/time/local-time.ts';
import { httpCheckConfigSchema, parseTcpTarget, type HttpCheckConfig } from './monitor-config.ts';

export interface CheckOutcome {
  status: CheckStatus;
  latencyMs: number | null;
  statusCode?: number;
  message?: string;
  tlsDaysLeft?: number;
}

const MAX_BODY_BYTES = 1024 * 1024;

export async function checkHttp(url: string, timeoutMs: number, rawConfig: unknown): Promise<CheckOutcome> {
  const config: HttpCheckConfig = httpCheckConfigSchema.parse(rawConfig ?? {});
  const started = performance.now();
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { status: 'down', latencyMs: null, message: `alamat tidak sah / invalid URL: ${url}` };
  }
  const lib = target.protocol === 'https:' ? https : http;
  return new Promise<CheckOutcome>((resolve) => {
    let settled = false;
    const finish = (o: CheckOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    const req = lib.request(
      target,
      { method: config.method, agent: false, headers: { 'user-agent': 'Pantau-monitor/1', accept: '*/*' } },
      (res) => {
        let tlsDaysLeft: number | undefined;
        const socket = res.socket as TLSSocket;
        if (typeof socket.getPeerCertificate === 'function') {
          const cert = socket.getPeerCertificate();
          if (cert?.valid_to) tlsDaysLeft = Math.floor((Date.parse(cert.valid_to) - Date.now()) / DAY_MS);
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (!config.keyword) return;
          size += c.length;
          if (size <= MAX_BODY_BYTES) chunks.push(c);
        });
        res.on('error', (err) => finish({ status: 'down', latencyMs: null, message: `koneksi putus / ${err.message}` }));
        res.on('end', () => {
          const latencyMs = Math.round(performance.now() - started);
          const code = res.statusCode ?? 0;
          const base = { latencyMs, statusCode: code, ...(tlsDaysLeft !== undefined ? { tlsDaysLeft } : {}) };
          const [lo, hi] = config.expectedStatus;
          if (code < lo || code > hi) return finish({ ...base, status: 'down', message: `status HTTP ${code} (diharapkan/expected ${lo}-${hi})` });
          if (config.keyword) {
            const found = Buffer.concat(chunks).toString('utf8').includes(config.keyword);
            if (found === config.keywordAbsent) {
              return finish({
                ...base,
                status: 'down',
                message: config.keywordAbsent ? `kata "${config.keyword}" muncul / keyword present` : `kata "${config.keyword}" tidak ditemukan / keyword missing`,
              });
            }
          }
          if (config.maxLatencyMs && latencyMs > config.maxLatencyMs) {
            return finish({ ...base, status: 'down', message: `lambat: ${latencyMs} ms > ${config.maxLatencyMs} ms / too slow` });
          }
          if (tlsDaysLeft !== undefined && tlsDaysLeft < 0) return finish({ ...base, status: 'down', message: 'sertifikat TLS kedaluwarsa / TLS certificate expired' });
          if (tlsDaysLeft !== undefined && tlsDaysLeft <= config.tlsWarnDays) {
            return finish({ ...base, status: 'up', message: `sertifikat TLS habis dalam ${tlsDaysLeft} hari / TLS certificate expires in ${tlsDaysLeft} days` });
          }
          finish({ ...base, status: 'up' });
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error('timeout'));
      finish({ status: 'down', latencyMs: null, message: `tidak menjawab dalam ${timeoutMs} ms / timed out` });
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => finish({ status: 'down', latencyMs: null, message: describeNetworkError(err) }));
    req.end();
  });
}

export async function checkTcp(target: string, timeoutMs: number): Promise<CheckOutcome> {
  const parsed = parseTcpTarget(target);
  if (!parsed) return { status: 'down', latencyMs: null, message: `alamat tidak sah / invalid host:port: ${target}` };
  const started = performance.now();
  return new Promise<CheckOutcome>((resolve) => {
    const socket = net.connect({ host: parsed.host, port: parsed.port });
    const done = (o: CheckOutcome) => {
      socket.destroy();
      clearTimeout(timer);
      resolve(o);
    };
    const timer = setTimeout(() => done({ status: 'down', latencyMs: null, message: `tidak menjawab dalam ${timeoutMs} ms / timed out` }), timeoutMs);
    socket.once('connect', () => done({ status: 'up', latencyMs: Math.round(performance.now() - started) }));
    socket.once('error', (err: NodeJS.ErrnoException) => done({ status: 'down', latencyMs: null, message: describeNetworkError(err) }));
  });
}

function describeNetworkError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'koneksi ditolak / connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'nama server tidak ditemukan / host not found';
    case 'ECONNRESET':
      return 'koneksi diputus / connection reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'server tidak terjangkau / host unreachable';
    case 'CERT_HAS_EXPIRED':
      return 'sertifikat TLS kedaluwarsa / TLS certificate expired';
    default:
      return `${err.code ?? 'error'}: ${err.message}`;
  }
}
