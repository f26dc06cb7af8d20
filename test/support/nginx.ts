import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, waitForHttp } from "./processes";

export const hasNginx = existsSync("/usr/sbin/nginx");

export type Nginx = { http: number; https: number; stop(): void };

function renderTemplate(vars: Record<string, string>): string {
  return readFileSync("nginx/templates/parley.conf.template", "utf8").replace(
    /\$\{(\w+)\}/g,
    (m, name) => vars[name] ?? m,
  );
}

/**
 * Debian's nginx with the project's own template (only ports, upstreams and certificate paths substituted)
 * in front of two API instances on loopback, with a self-signed certificate: the production edge without Docker.
 */
export async function startNginx(upstreams: [number, number]): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), "parley-nginx-"));
  const http = await freePort();
  const https = await freePort();
  const certs = join(dir, "certs");
  mkdirSync(certs);
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-keyout",
      join(certs, "privkey.pem"),
      "-out",
      join(certs, "fullchain.pem"),
    ],
    { stdio: "ignore" },
  );
  const site = renderTemplate({
    PARLEY_API_UPSTREAM_1: `127.0.0.1:${upstreams[0]}`,
    PARLEY_API_UPSTREAM_2: `127.0.0.1:${upstreams[1]}`,
    NGINX_HTTP_PORT: `127.0.0.1:${http}`,
    NGINX_HTTPS_PORT: `127.0.0.1:${https}`,
    NGINX_HTTPS_PUBLIC_PORT: String(https),
    NGINX_CERT_DIR: certs,
  });
  writeFileSync(join(dir, "parley.conf"), site);
  // The outer file stands in for the nginx image's own nginx.conf, which includes conf.d/*.conf.
  writeFileSync(
    join(dir, "nginx.conf"),
    `daemon off; worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http { access_log off; client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  include ${dir}/parley.conf; }`,
  );
  const proc: ChildProcess = spawn("/usr/sbin/nginx", ["-p", dir, "-c", join(dir, "nginx.conf")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  await waitForHttp(`http://127.0.0.1:${http}/healthz`);
  return { http, https, stop: () => proc.kill("SIGQUIT") };
}
