// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { message } from "../../../../test/fixtures";
import { MessageContent } from "./MessageContent";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("archived media", () => {
  it("says media is unavailable when the store cannot be read, and shows it after a retry", async () => {
    const answers = [
      new Response(JSON.stringify({ error: { code: "media_unavailable", message: "try again" } }), {
        status: 503,
        headers: { "Content-Type": "application/json" },
      }),
      new Response(new Blob(["png"], { type: "image/png" }), { status: 200 }),
    ];
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => answers.shift()!),
    );
    URL.createObjectURL = () => "blob:archived-photo";
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const m = message({ kind: "image", attachments: [{ type: "image", url: "/api/messages/m1/media/0" }] });
    render(
      <QueryClientProvider client={qc}>
        <MessageContent m={m} />
      </QueryClientProvider>,
    );
    expect(await screen.findByText("Image unavailable")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    const img = (await screen.findByRole("img")) as HTMLImageElement;
    expect(img.src).toBe("blob:archived-photo");
  });

  it("shows an archived SVG picture, while its link stays the inert download the server sent", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        async () =>
          new Response('<svg xmlns="http://www.w3.org/2000/svg"/>', {
            status: 200,
            headers: { "Content-Type": "application/octet-stream" },
          }),
      ),
    );
    const made: string[] = [];
    URL.createObjectURL = (b: Blob) => {
      made.push((b as Blob).type);
      return `blob:${made.length}-${(b as Blob).type}`;
    };
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const m = message({ kind: "image", attachments: [{ type: "image", url: "/api/messages/m2/media/0" }] });
    render(
      <QueryClientProvider client={qc}>
        <MessageContent m={m} />
      </QueryClientProvider>,
    );
    const img = (await screen.findByRole("img")) as HTMLImageElement;
    expect(img.src).toBe("blob:2-image/svg+xml");
    expect((img.closest("a") as HTMLAnchorElement).href).toBe("blob:1-application/octet-stream");
  });
});
