import { describe, expect, it } from "vitest";
import { fillVariables } from "./fillVariables";

const none = { name: null, address: null, website: null, phone: null };

describe("fillVariables", () => {
  it("fills the contact, agent and the business's details", () => {
    expect(
      fillVariables(
        "Hi {{contact.first_name}} ({{ contact.name }}), {{agent.name}} at {{business.name}} here. Call {{business.phone}} or see {{business.website}}, {{business.address}}.",
        {
          contactName: "Olga Petrova",
          agentName: "Maya",
          workspace: {
            name: "Bloom workspace",
            business: {
              name: "Bloom & Co",
              phone: "+44 113 496 0000",
              website: "https://bloom.example/",
              address: "12 Market St",
            },
          },
        },
      ),
    ).toBe(
      "Hi Olga (Olga Petrova), Maya at Bloom & Co here. Call +44 113 496 0000 or see https://bloom.example/, 12 Market St.",
    );
  });

  it("names the business by the workspace until its business name is set", () => {
    expect(
      fillVariables("{{business.name}}", {
        contactName: null,
        agentName: "M",
        workspace: { name: "Corner Café", business: none },
      }),
    ).toBe("Corner Café");
  });

  it("leaves nothing of a variable that has no value, and unknown ones as typed", () => {
    expect(
      fillVariables("Hi {{contact.first_name}}! {{business.phone}}{{order.id}}", {
        contactName: null,
        agentName: "M",
        workspace: { name: "B", business: none },
      }),
    ).toBe("Hi ! {{order.id}}");
  });
});
