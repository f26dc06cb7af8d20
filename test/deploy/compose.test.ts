import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

// No Docker engine runs here, so the compose files are checked structurally: the services a deployment
// needs, their health checks, start order and the environment they get.
const load = (file: string) => parse(readFileSync(file, "utf8"), { merge: true }) as { services: Record<string, any> };

describe("docker-compose.prod.yml", () => {
  const { services } = load("docker-compose.prod.yml");

  it("has nginx in front of 2+ API and 2+ worker replicas, Postgres, Redis and MinIO", () => {
    expect(Object.keys(services).sort()).toEqual([
      "migrate",
      "minio",
      "minio-bucket",
      "nginx",
      "postgres",
      "redis",
      "server",
      "worker",
    ]);
    expect(services.server.deploy.replicas).toBeGreaterThanOrEqual(2);
    expect(services.worker.deploy.replicas).toBeGreaterThanOrEqual(2);
    expect(services.nginx.ports).toEqual(expect.arrayContaining(["80:80", "443:443"]));
    expect(services.server.ports).toBeUndefined(); // only reachable through nginx
  });

  it("gives every long-running service a health check", () => {
    for (const [name, svc] of Object.entries(services)) {
      if (name === "migrate" || name === "minio-bucket") continue;
      expect(svc.healthcheck?.test, `${name} healthcheck`).toBeTruthy();
    }
  });

  it("runs migrations once before the API and workers start", () => {
    expect(services.migrate.command).toEqual(["npm", "run", "db:migrate"]);
    for (const name of ["server", "worker"]) {
      expect(services[name].depends_on.migrate.condition).toBe("service_completed_successfully");
      expect(services[name].depends_on.redis.condition).toBe("service_healthy");
    }
    expect(services.migrate.depends_on.postgres.condition).toBe("service_healthy");
    expect(services.nginx.depends_on.server.condition).toBe("service_healthy");
  });

  it("points every API replica and worker at the MinIO media bucket, created before they start", () => {
    expect(services.minio.volumes).toEqual(["miniodata:/data"]);
    for (const name of ["server", "worker"]) {
      const env = services[name].environment;
      expect(env.MEDIA_S3_ENDPOINT).toBe("http://minio:9000");
      expect(env.MEDIA_S3_BUCKET).toBe("parley-media");
      expect(env.MEDIA_S3_FORCE_PATH_STYLE).toBe("true");
      expect(env.MEDIA_S3_SECRET_ACCESS_KEY).toContain("${MINIO_PASSWORD");
      expect(services[name].depends_on["minio-bucket"].condition).toBe("service_completed_successfully");
    }
  });

  it("persists Postgres and Redis, with a Redis password and AOF", () => {
    expect(services.postgres.volumes).toEqual(["pgdata:/var/lib/postgresql/data"]);
    expect(services.redis.command.join(" ")).toMatch(/--requirepass .*--appendonly yes/);
    expect(services.redis.volumes).toEqual(["redisdata:/data"]);
  });

  it("takes secrets from an env file and runs the app in production mode", () => {
    for (const name of ["server", "worker", "migrate"]) {
      const svc = services[name];
      expect(svc.env_file[0].path).toBe(".env.production");
      expect(svc.environment.NODE_ENV).toBe("production");
      expect(svc.environment.REDIS_URL).toContain("${REDIS_PASSWORD");
      // No literal secrets in the file: only references to the env file's variables.
      for (const key of ["JWT_SECRET", "TOKEN_ENCRYPTION_KEY", "META_APP_SECRET"])
        expect(svc.environment[key]).toBeUndefined();
    }
    const ignored = readFileSync(".gitignore", "utf8");
    expect(ignored).toMatch(/^\.env\.\*$/m);
  });

  it("mounts the project's nginx templates and certificates", () => {
    expect(services.nginx.volumes).toEqual(
      expect.arrayContaining([
        "./nginx/templates:/etc/nginx/templates:ro",
        expect.stringMatching(/:\/etc\/nginx\/certs:ro$/),
      ]),
    );
  });
});

describe("docker-compose.yml (development)", () => {
  const { services } = load("docker-compose.yml");
  it("runs Postgres, Redis, server, worker, client dev server and the simulator", () => {
    for (const name of ["postgres", "redis", "server", "worker", "client", "simulator"])
      expect(services[name]).toBeTruthy();
    expect(services.server.environment.META_GRAPH_URL).toContain("simulator");
    expect(services.server.depends_on.migrate.condition).toBe("service_completed_successfully");
  });
});

describe("Dockerfile", () => {
  const dockerfile = readFileSync("Dockerfile", "utf8");
  it("builds on Node 24 in stages and runs as an unprivileged user", () => {
    expect(dockerfile).toMatch(/^FROM node:24[^\s]* AS deps/m);
    expect(dockerfile).toMatch(/^FROM node:24[^\s]* AS runtime/m);
    expect(dockerfile).toMatch(/^USER node$/m);
  });
});
