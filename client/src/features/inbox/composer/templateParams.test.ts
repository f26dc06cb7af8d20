import { describe, expect, it } from "vitest";
import { bodyComponents, fillBody, placeholderCount, templateBody } from "./templateParams";

describe("WhatsApp template parameters", () => {
  const t = {
    name: "order_update",
    language: "en_US",
    category: "UTILITY",
    status: "APPROVED",
    components: [{ type: "BODY", text: "Hi {{1}}, your order {{2}} is on its way." }],
  };
  it("finds the body and its placeholders", () => {
    expect(templateBody(t)).toBe("Hi {{1}}, your order {{2}} is on its way.");
    expect(placeholderCount(templateBody(t))).toBe(2);
    expect(placeholderCount("Hello World!")).toBe(0);
  });
  it("fills values in and builds the body components", () => {
    expect(fillBody(templateBody(t), ["Ana", "#2041"])).toBe("Hi Ana, your order #2041 is on its way.");
    expect(bodyComponents(["Ana", "#2041"])).toEqual([
      {
        type: "body",
        parameters: [
          { type: "text", text: "Ana" },
          { type: "text", text: "#2041" },
        ],
      },
    ]);
    expect(bodyComponents([])).toBeUndefined();
  });
});
