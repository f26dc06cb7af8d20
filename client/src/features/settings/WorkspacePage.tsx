import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Button } from "../../components/ui/Button";
import { Field } from "../../components/ui/Input";
import { toast } from "../../components/ui/Toast";
import { ApiError, api } from "../../lib/api";
import { keys } from "../../lib/query";
import type { WorkspaceSettings } from "../../lib/types";
import { useSession } from "../auth";
import { useWorkspaceSettings } from "../workspace";
import { SettingsPage } from "./SettingsLayout";

/**
 * Workspace name, the time zone analytics buckets days by, and the business details saved replies fill in; only
 * owners and admins may change them.
 */
export function WorkspacePage() {
  const session = useSession();
  const canEdit = session.role === "OWNER" || session.role === "ADMIN";
  const qc = useQueryClient();
  const q = useWorkspaceSettings();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>;
    setBusy(true);
    setFields({});
    try {
      const body = {
        name: data.name,
        timeZone: data.timeZone,
        business: {
          name: data["business.name"],
          address: data["business.address"],
          website: data["business.website"],
          phone: data["business.phone"],
        },
      };
      const ws = await api<WorkspaceSettings>("/api/workspace", { method: "PATCH", body });
      qc.setQueryData(keys.workspace, ws);
      toast("Workspace saved");
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length) setFields(err.fields);
      else toast((err as Error).message, "error");
    } finally {
      setBusy(false);
    }
  }

  return (
    <SettingsPage
      title="Workspace"
      description={
        canEdit
          ? "Your business as your team sees it."
          : "Your business as your team sees it. Only owners and admins can change these."
      }
    >
      {q.data && (
        <form onSubmit={onSubmit} className="max-w-md space-y-4" noValidate aria-label="Workspace settings">
          <Field label="Name" name="name" defaultValue={q.data.name} disabled={!canEdit} error={fields.name} />
          <Field
            label="Time zone"
            name="timeZone"
            defaultValue={q.data.timeZone}
            disabled={!canEdit}
            error={fields.timeZone}
            hint="An IANA zone such as Europe/Paris. Analytics count days in this zone."
            list="time-zones"
          />
          <datalist id="time-zones">
            {Intl.supportedValuesOf("timeZone").map((tz) => (
              <option key={tz} value={tz} />
            ))}
          </datalist>
          <h2 className="pt-4 text-sm font-semibold text-zinc-900">Business details</h2>
          <p className="-mt-2 text-[13px] text-zinc-500">
            How customers know you. Saved replies fill {"{{business.name}}"}, {"{{business.phone}}"},{" "}
            {"{{business.website}}"} and {"{{business.address}}"} from here.
          </p>
          <BusinessField
            label="Business name"
            field="name"
            ws={q.data}
            disabled={!canEdit}
            errors={fields}
            hint={`Leave empty to use "${q.data.name}".`}
          />
          <BusinessField label="Phone" field="phone" ws={q.data} disabled={!canEdit} errors={fields} type="tel" />
          <BusinessField label="Website" field="website" ws={q.data} disabled={!canEdit} errors={fields} />
          <BusinessField label="Address" field="address" ws={q.data} disabled={!canEdit} errors={fields} />
          {canEdit && (
            <Button type="submit" variant="primary" loading={busy}>
              Save
            </Button>
          )}
        </form>
      )}
      {q.isError && (
        <p role="alert" className="text-sm text-red-600">
          {q.error.message}
        </p>
      )}
    </SettingsPage>
  );
}

function BusinessField(props: {
  label: string;
  field: keyof WorkspaceSettings["business"];
  ws: WorkspaceSettings;
  disabled: boolean;
  errors: Record<string, string>;
  hint?: string;
  type?: string;
}) {
  const name = `business.${props.field}`;
  return (
    <Field
      label={props.label}
      name={name}
      type={props.type}
      defaultValue={props.ws.business[props.field] ?? ""}
      disabled={props.disabled}
      error={props.errors[name]}
      hint={props.hint}
    />
  );
}
