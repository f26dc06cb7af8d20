import { describe, expect, it } from "vitest";
import { fillVariables } from "./fillVariables";

describe("fillVariables", () => {
  it("fills the contact, agent and business", () => {
    expect(
      fillVariables("Hi {{contact.first_name}} ({{ contact.name }}), {{agent.name}} at {{business.name}} here.", {
        contactName: "Olga Petrova",
        agentName: "Maya",
        businessName: "Bloom & Co",
      }),
    ).toBe("Hi Olga (Olga Petrova), Maya at Bloom & Co here.");
  });

  it("leaves nothing of a variable that has no value, and unknown ones as typed", () => {
    expect(
      fillVariables("Hi {{contact.first_name}}! {{order.id}}", {
        contactName: null,
        agentName: "M",
        businessName: "B",
      }),
    ).toBe("Hi ! {{order.id}}");
  });
});
