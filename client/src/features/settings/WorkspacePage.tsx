import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Button } from "../../components/ui/Button";
import { Field } from "../../components/ui/Input";
import { toast } from "../../components/ui/Toast";
import { ApiError, api } from "../../lib/api";
import { keys } from "../../lib/query";
import type { Workspace } from "../../lib/types";
import { useSession } from "../auth";
import { SettingsPage } from "./SettingsLayout";

/** Workspace name and the time zone analytics buckets days by; only owners and admins may change them. */
export function WorkspacePage() {
  const session = useSession();
  const canEdit = session.role === "OWNER" || session.role === "ADMIN";
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: keys.workspace,
    queryFn: ({ signal }) => api<Workspace>("/api/workspace", { signal }),
  });
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>;
    setBusy(true);
    setFields({});
    try {
      const ws = await api<Workspace>("/api/workspace", { method: "PATCH", body: data });
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
