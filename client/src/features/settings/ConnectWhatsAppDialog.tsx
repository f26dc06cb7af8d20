import { type FormEvent, useState } from "react";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { Field } from "../../components/ui/Input";
import { toast } from "../../components/ui/Toast";
import { ApiError, api } from "../../lib/api";
import type { PlatformAccount } from "../../lib/types";
import { useInvalidatePlatforms } from "./hooks";

export function ConnectWhatsAppDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const invalidate = useInvalidatePlatforms();

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>;
    const body = {
      phoneNumberId: data.phoneNumberId.trim(),
      wabaId: data.wabaId.trim(),
      accessToken: data.accessToken.trim(),
    };
    const missing: Record<string, string> = {};
    if (!body.phoneNumberId) missing.phoneNumberId = "Enter the phone number ID from WhatsApp Manager.";
    if (!body.wabaId) missing.wabaId = "Enter the WhatsApp Business Account ID.";
    if (!body.accessToken) missing.accessToken = "Paste a system-user access token.";
    setFields(missing);
    setError(null);
    if (Object.keys(missing).length) return;
    setBusy(true);
    try {
      const account = await api<PlatformAccount>("/api/platforms/whatsapp/connect", { body });
      toast(`${account.name} connected`);
      invalidate();
      onOpenChange(false);
    } catch (err) {
      if (err instanceof ApiError) {
        setFields(err.fields);
        if (!Object.keys(err.fields).length) setError(err.message);
      } else setError("Something went wrong. Try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!o) {
          setFields({});
          setError(null);
        }
        onOpenChange(o);
      }}
      title="Connect WhatsApp Business"
      description="Find these in Meta Business Suite → WhatsApp Manager → API setup."
    >
      <form id="wa-connect" onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Connect WhatsApp">
        <Field
          label="Phone number ID"
          name="phoneNumberId"
          inputMode="numeric"
          autoComplete="off"
          placeholder="e.g. 106540352242922"
          error={fields.phoneNumberId}
        />
        <Field
          label="WhatsApp Business Account ID"
          name="wabaId"
          inputMode="numeric"
          autoComplete="off"
          placeholder="e.g. 102290129340398"
          error={fields.wabaId}
        />
        <Field
          label="Access token"
          name="accessToken"
          type="password"
          autoComplete="off"
          placeholder="EAAG…"
          error={fields.accessToken}
          hint="Use a permanent system-user token. It's stored encrypted."
        />
        {error && (
          <p
            role="alert"
            className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-600/10 ring-inset"
          >
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2 pt-1">
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" loading={busy}>
            Connect
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
