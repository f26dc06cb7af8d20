import type { SelectHTMLAttributes } from "react";
import { inputClass } from "../../components/ui/Input";
import { cn } from "../../lib/cn";
import type { Role } from "../../lib/types";

export const roleLabel: Record<Role, string> = { OWNER: "Owner", ADMIN: "Admin", AGENT: "Agent" };

export function RoleSelect({ roles, className, ...rest }: SelectHTMLAttributes<HTMLSelectElement> & { roles: Role[] }) {
  return (
    <select className={cn(inputClass, "pr-8", className)} {...rest}>
      {roles.map((r) => (
        <option key={r} value={r}>
          {roleLabel[r]}
        </option>
      ))}
    </select>
  );
}
